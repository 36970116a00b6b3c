import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { factoryRoute, demoFactoryConfig } from '../factory/factory-config.js';
import { ApiAdminClient } from './api-admin-client.js';

interface Received {
  method: string;
  url: string;
  authorization: string | undefined;
  body: unknown;
}

/** A stand-in api that records what it is asked and answers 429 once, the way a busy admin token is told to wait. */
describe('ApiAdminClient', () => {
  const received: Received[] = [];
  let limited = false;
  let server: Server;
  let apiUrl: string;

  beforeAll(async () => {
    server = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      request.on('end', () => {
        if (!limited) {
          limited = true;
          response.writeHead(429, { 'retry-after': '0' }).end('{"message":"slow down"}');
          return;
        }
        received.push({
          method: request.method ?? '',
          url: request.url ?? '',
          authorization: request.headers.authorization,
          body: JSON.parse(text) as unknown,
        });
        if (request.url === '/v1/routes/broken') response.writeHead(400).end('{"message":"bad route"}');
        else response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("puts the demo's suppliers and its model's route with the slots its bill of materials fills", async () => {
    const config = demoFactoryConfig(1);
    const sut = new ApiAdminClient({ apiUrl });
    await sut.putSuppliers('admin-token', config.billOfMaterials!.suppliers);
    await sut.putRoute('admin-token', factoryRoute(config));

    expect(received.every((request) => request.method === 'PUT')).toBe(true);
    expect(received.every((request) => request.authorization === 'Bearer admin-token')).toBe(true);
    expect(received[0]).toMatchObject({
      url: '/v1/suppliers/sup-tw-02',
      body: { name: 'Hsinchu Silicon Co.', country: 'TW' },
    });
    expect(received).toHaveLength(config.billOfMaterials!.suppliers.length + 1);
    expect(received.at(-1)).toEqual({
      method: 'PUT',
      url: '/v1/routes/gb200-nvl72',
      authorization: 'Bearer admin-token',
      // factory-model.spec pins which slots the demo bill of materials fills; here they must reach the api.
      body: {
        stages: ['assembly', 'burn_in', 'qa', 'ship'],
        requiredSlots: factoryRoute(config).requiredSlots,
        // The demo soaks its racks: the route carries burn-in's dwell.
        dwell: { burn_in: { minHours: 12, maxHours: 18, retestMinHours: 4 } },
      },
    });
  });

  it('stops the run with what the api said when it refuses', async () => {
    const sut = new ApiAdminClient({ apiUrl });
    await expect(
      sut.putRoute('admin-token', { model: 'broken', stages: ['assembly'], requiredSlots: {}, dwell: {} }),
    ).rejects.toThrow('answered 400: {"message":"bad route"}');
  });
});
