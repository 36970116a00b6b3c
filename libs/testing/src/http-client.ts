import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import type { Consumer } from 'kafkajs';
import { TOPICS } from '#contracts';
import { ADMIN_TOKEN, testKafka } from './test-stack.js';

export interface HttpResult<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** One HTTP call with a JSON (or raw) body; the answer's body parsed when it is JSON. */
export async function call<T = Record<string, unknown>>(
  url: string,
  options: {
    method?: string;
    token?: string;
    json?: unknown;
    raw?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<HttpResult<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.json !== undefined || options.raw !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = options.raw ?? JSON.stringify(options.json);
  }
  const response = await fetch(url, {
    method: options.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body,
  });
  const text = await response.text();
  const parsed = response.headers.get('content-type')?.includes('application/json')
    ? (JSON.parse(text) as T)
    : (text as T);
  return { status: response.status, headers: response.headers, body: parsed };
}

export interface RegisteredStation {
  stationId: string;
  stage: string;
  role: 'station' | 'supervisor';
  siteId: string;
  lineId: string;
  token: string;
}

export async function registerStation(
  ingestUrl: string,
  station: {
    stationId: string;
    stage: string;
    role?: 'station' | 'supervisor';
    siteId?: string;
    lineId?: string;
  },
): Promise<RegisteredStation> {
  const result = await call<RegisteredStation>(`${ingestUrl}/v1/stations`, {
    token: ADMIN_TOKEN,
    json: { siteId: 'site-1', lineId: 'line-1', ...station },
  });
  if (result.status !== 201)
    throw new Error(
      `registering ${station.stationId} answered ${result.status}: ${JSON.stringify(result.body)}`,
    );
  return result.body;
}

/** A valid event for the station; tests override what they exercise. */
export function stationEvent(
  station: { stationId: string; stage: string },
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    eventId: randomUUID(),
    rackSerial: `RK-${randomUUID().slice(0, 8)}`,
    stationId: station.stationId,
    stage: station.stage,
    type: 'started',
    occurredAt: new Date().toISOString(),
    ...overrides,
  };
}

export interface ConsumedStationMessage {
  key: string | null;
  value: {
    schemaVersion: number;
    event: Record<string, unknown>;
    station: Record<string, unknown>;
    receivedAt: string;
  };
  headers: Record<string, string>;
  partition: number;
  offset: string;
}

/** Reads the suite's station-events topic from the beginning in its own group, collecting every message. */
export async function collectStationEvents(
  topicPrefix: string,
): Promise<{ messages: ConsumedStationMessage[]; consumer: Consumer }> {
  const messages: ConsumedStationMessage[] = [];
  const consumer = testKafka().consumer({ groupId: `ingest-probe-${randomUUID()}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic: `${topicPrefix}${TOPICS.stationEvents.name}`, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message, partition }) => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(message.headers ?? {}))
        if (value !== undefined) headers[name] = String(value);
      messages.push({
        key: message.key?.toString('utf8') ?? null,
        value: JSON.parse(message.value?.toString('utf8') ?? 'null') as ConsumedStationMessage['value'],
        headers,
        partition,
        offset: message.offset,
      });
    },
  });
  return { messages, consumer };
}

/** A loopback port nothing listens on: bound by the OS, then released. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A port to point a client at when the test wants nothing to answer. */
export const closedPort = freePort;
