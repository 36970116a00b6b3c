import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { IngestClient } from './ingest-client.js';

/** A loopback HTTP server answering every request with `answer`; resolves with its base URL. */
async function serve(answer: Parameters<typeof createServer>[1]): Promise<{ url: string; server: Server }> {
  const server = createServer(answer);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('IngestClient.postEvents', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    }
  });

  it('posts one event with its token and JSON, and reads the receipts of a 202', async () => {
    let seen: { path?: string; auth?: string; type?: string; body: string } = { body: '' };
    const { url, server } = await serve((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        seen = {
          path: request.url,
          auth: request.headers.authorization,
          type: request.headers['content-type'],
          body,
        };
        response.writeHead(202, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ events: [{ eventId: 'e1', status: 'accepted' }] }));
      });
    });
    servers.push(server);
    const answer = await new IngestClient({ ingestUrl: url }).postEvents('tok', [{ eventId: 'e1' }]);
    expect(answer).toEqual({
      status: 202,
      receipts: [{ eventId: 'e1', status: 'accepted' }],
      retryAfterMs: null,
      problem: null,
    });
    expect(seen).toEqual({
      path: '/v1/events',
      auth: 'Bearer tok',
      type: 'application/json',
      body: '{"eventId":"e1"}',
    });
  });

  it('passes on a 503 with the Retry-After it asked for and the body as the problem', async () => {
    const { url, server } = await serve((_request, response) => {
      response.writeHead(503, { 'retry-after': '2' });
      response.end('kafka is away');
    });
    servers.push(server);
    const answer = await new IngestClient({ ingestUrl: url }).postEvents('tok', [{}, {}]);
    expect(answer).toEqual({ status: 503, receipts: [], retryAfterMs: 2000, problem: 'kafka is away' });
  });

  it('answers status 0 naming the cause when the connection is refused', async () => {
    const { url, server } = await serve(() => undefined);
    await new Promise((done) => server.close(done)); // nothing listens on the port any more
    const answer = await new IngestClient({ ingestUrl: url }).postEvents('tok', [{}]);
    expect(answer).toMatchObject({ status: 0, problem: 'ECONNREFUSED' });
  });

  it('answers status 0 with the timeout when ingest does not answer in time', async () => {
    const { url, server } = await serve(() => undefined); // reads the request, never answers
    servers.push(server);
    const answer = await new IngestClient({ ingestUrl: url, requestTimeoutMs: 50 }).postEvents('tok', [{}]);
    expect(answer).toMatchObject({ status: 0, problem: 'no answer within 50 ms' });
  });

  it('ends a request at once when the simulation stops', async () => {
    const { url, server } = await serve(() => undefined);
    servers.push(server);
    const stop = new AbortController();
    const answer = new IngestClient({ ingestUrl: url, signal: stop.signal }).postEvents('tok', [{}]);
    stop.abort(new Error('simulation stopping'));
    await expect(answer).resolves.toMatchObject({ status: 0, problem: 'simulation stopping' });
  });
});
