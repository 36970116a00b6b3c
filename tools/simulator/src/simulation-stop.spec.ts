import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getEventListeners } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultFactoryConfig } from './factory/factory-config.js';
import { FactoryModel } from './factory/factory-model.js';
import { Simulation, type SimulationOptions, type SimulationReport } from './simulation.js';
import { abortableDelay, withRequestSignal } from './terminal/abortable.js';
import { ApiAdminClient } from './terminal/api-admin-client.js';
import { IngestClient } from './terminal/ingest-client.js';

/** A stop must end every wait within this long, however long the wait it interrupts was meant to be. */
const PROMPTLY_MS = 2_000;

/** Settles with the promise, or rejects once `milliseconds` have passed: a bound, never a synchronisation. */
async function within<T>(milliseconds: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still waiting after ${milliseconds} ms`)), milliseconds);
  });
  try {
    return await Promise.race([promise, bound]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls a condition every 10 ms for at most `milliseconds`. */
async function until(condition: () => boolean, milliseconds = 10_000): Promise<void> {
  const deadline = Date.now() + milliseconds;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${milliseconds} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** An address where nothing listens: connections are refused, as when ingest has been stopped. */
async function deadAddress(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

function simulationOptions(ingestUrl: string, overrides: Partial<SimulationOptions> = {}): SimulationOptions {
  const config = defaultFactoryConfig(3);
  const stations = new FactoryModel(config, { start: 0, runId: 'stop' }).stations();
  return {
    ingestUrl,
    adminToken: 'unused-admin-token-0123456789',
    config,
    runId: 'stop',
    start: Date.now() - 86_400_000,
    pacing: { kind: 'max', window: 200 },
    maxBatch: 20,
    stop: {},
    drainTimeoutMs: 60_000,
    maxRetryDelayMs: 30_000,
    tokens: new Map(stations.map((station) => [station.stationId, `st_${station.stationId}`])),
    ...overrides,
  };
}

describe('the simulator stops when asked, even while ingest is away', () => {
  // A stand-in ingest and api that are alive but never let anyone through: 503 / 429 with a long Retry-After.
  let busy: Server;
  let busyUrl: string;
  let deadUrl: string;

  beforeAll(async () => {
    busy = createServer((request, response) => {
      request.resume();
      request.on('end', () =>
        response
          .writeHead(request.method === 'PUT' ? 429 : 503, { 'retry-after': '60' })
          .end('{"message":"come back later"}'),
      );
    });
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    busyUrl = `http://127.0.0.1:${(busy.address() as AddressInfo).port}`;
    deadUrl = await deadAddress();
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => busy.close(() => resolve()));
  });

  it('ends a wait and a request at once when their signal aborts, and leaves no listener behind', async () => {
    const controller = new AbortController();
    const waiting = abortableDelay(60_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(within(PROMPTLY_MS, waiting)).rejects.toMatchObject({ name: 'AbortError' });

    const parent = new AbortController();
    for (let request = 0; request < 50; request += 1)
      await withRequestSignal(parent.signal, 60_000, async (signal) => signal.aborted);
    expect(getEventListeners(parent.signal, 'abort')).toHaveLength(0);
    const hanging = withRequestSignal(
      parent.signal,
      60_000,
      (signal) =>
        new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error))),
    );
    parent.abort(new Error('stopped by the test'));
    await expect(within(PROMPTLY_MS, hanging)).rejects.toThrow('stopped by the test');
  });

  it("stops registering stations while ingest answers 503 with a minute's Retry-After", async () => {
    const controller = new AbortController();
    const sut = new IngestClient({ ingestUrl: busyUrl, signal: controller.signal });
    const stations = new FactoryModel(defaultFactoryConfig(1), { start: 0, runId: 'r' }).stations();
    const registering = sut.registerStations('admin', stations);
    // Aborted once the first answers have come back and the client is waiting out the Retry-After.
    setTimeout(() => controller.abort(), 200);
    await expect(within(PROMPTLY_MS + 1000, registering)).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('stops putting the route while the api answers 429', async () => {
    const controller = new AbortController();
    const sut = new ApiAdminClient({ apiUrl: busyUrl, signal: controller.signal });
    const putting = sut.putRoute('admin', { model: 'm', stages: ['assembly'], requiredSlots: {}, dwell: {} });
    setTimeout(() => controller.abort(), 200);
    await expect(within(PROMPTLY_MS + 1000, putting)).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('stop() while ingest refuses connections: the run ends within its drain time and reports the rest abandoned', async () => {
    const sut = new Simulation(simulationOptions(deadUrl, { drainTimeoutMs: 300 }));
    const running = sut.run();
    await until(() => sut.progress().networkErrors > 0 && sut.progress().retries > 0);
    const stoppedAt = Date.now();
    sut.stop();
    const report: SimulationReport = await within(PROMPTLY_MS, running);
    expect(Date.now() - stoppedAt).toBeLessThan(PROMPTLY_MS);
    expect(report.stats.accepted).toBe(0);
    expect(report.abandoned).toBeGreaterThan(0);
  });

  it('an aborted signal ends the run at once, whatever the drain time and the back-off', async () => {
    const controller = new AbortController();
    const sut = new Simulation(simulationOptions(busyUrl, { signal: controller.signal }));
    const running = sut.run();
    await until(() => sut.progress().unavailableAnswers > 0);
    controller.abort();
    const report = await within(PROMPTLY_MS, running);
    expect(report.abandoned).toBeGreaterThan(0);
    expect(report.stats.answered).toBe(0);
  });

  it('stop() while the stations are being registered ends the run before its first event', async () => {
    const sut = new Simulation(simulationOptions(busyUrl, { tokens: undefined }));
    const running = sut.run();
    setTimeout(() => sut.stop(), 200);
    const report = await within(PROMPTLY_MS, running);
    expect(report.stats).toMatchObject({ requests: 0, floorEvents: 0 });
    expect(report.abandoned).toBe(0);
  });
});
