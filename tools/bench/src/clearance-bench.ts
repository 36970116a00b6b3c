// Interlock benchmark: GET /v1/clearance at ingest, at a fixed arrival rate, against a line's applied state.
//
//   npm run bench:clearance                                  # 5,000 racks, 200 requests/s for 60 s
//   BENCH_CLEARANCE_RATE=400 BENCH_CLEARANCE_SECONDS=30 npm run bench:clearance
//
// 1. Produces BENCH_CLEARANCE_RACKS racks' events to Kafka (a fifth each: in progress at assembly, passed
//    assembly, on hold, scrapped, unknown) and lets the real tracker apply them into a dedicated database.
// 2. Starts the real ingest and asks it, open loop (a request every 1/rate s whether or not the last one
//    answered, so a slow answer cannot hide the queue behind it), whether burn-in may start a rack.
// Prints p50/p99/max latency measured from each request's scheduled time and the verdicts; exits non-zero
// when p99 misses 50 ms or a request fails.
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import type { StationEventMessage, StationStamp } from '#contracts';
import { createProductTopics, kafkaClient, produceStationEvents, productTopicNames } from '#testing';
import {
  BENCH_ADMIN_TOKEN,
  dropDatabase,
  formatMs,
  KAFKA_BROKERS,
  percentile,
  preparedDatabase,
  startBuiltService,
} from './genealogy-bench-support.js';

const DATABASE = process.env.BENCH_CLEARANCE_DB ?? 'rack_tracker_bench_clearance';
const RACKS = Number(process.env.BENCH_CLEARANCE_RACKS ?? 5000);
const RATE = Number(process.env.BENCH_CLEARANCE_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_CLEARANCE_SECONDS ?? 60);
const WARM_UP_REQUESTS = 200;
const TARGET_P99_MS = 50;

const ASSEMBLY: StationStamp = {
  stationId: 'BENCH-ASSY',
  stage: 'assembly',
  role: 'station',
  siteId: 'fab-bench',
  lineId: 'line-1',
};
const SUPERVISOR: StationStamp = { ...ASSEMBLY, stationId: 'BENCH-SUP', role: 'supervisor' };

function serial(rack: number): string {
  return `RK-CLR-${String(rack).padStart(6, '0')}`;
}

/** Rack n's events: which fifth it falls in decides how far it gets (the last fifth is never posted). */
function rackEvents(rack: number, at: number): StationEventMessage[] {
  const kind = rack % 5;
  if (kind === 4) return [];
  const message = (type: string, station: StationStamp, offsetMs: number): StationEventMessage => ({
    schemaVersion: 1,
    event: {
      eventId: randomUUID(),
      rackSerial: serial(rack),
      stationId: station.stationId,
      stage: 'assembly',
      type,
      occurredAt: new Date(at + offsetMs).toISOString(),
    } as StationEventMessage['event'],
    station,
    receivedAt: new Date().toISOString(),
  });
  const events = [message('started', ASSEMBLY, 0)];
  if (kind >= 1) events.push(message('passed', ASSEMBLY, 1000));
  if (kind === 2) events.push(message('hold', SUPERVISOR, 2000));
  if (kind === 3) events.push(message('scrap', SUPERVISOR, 2000));
  return events;
}

async function applyLine(url: string, prefix: string): Promise<void> {
  const kafka = kafkaClient(KAFKA_BROKERS, 'bench-clearance');
  await createProductTopics(kafka, prefix);
  const start = Date.now() - (RACKS + 10) * 5_000;
  const messages = Array.from({ length: RACKS }, (_, index) =>
    rackEvents(index + 1, start + index * 5_000),
  ).flat();
  await produceStationEvents(kafka, prefix, messages, { chunk: 500, source: 'bench' });
  const tracker = await startBuiltService('tracker', {
    DATABASE_URL: url,
    KAFKA_TOPIC_PREFIX: prefix,
    TRACKER_CONSUMER_GROUP: `bench-${prefix}`,
  });
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const started = Date.now();
    for (;;) {
      const { rows } = await db.query<{ applied: string }>(
        'SELECT coalesce(sum(next_offset), 0) AS applied FROM consumer_offset',
      );
      if (Number(rows[0]!.applied) >= messages.length) break;
      if (Date.now() - started > 10 * 60_000) throw new Error(`the tracker applied only ${rows[0]!.applied}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    console.log(`tracker applied ${messages.length} events for ${RACKS} racks`);
  } finally {
    await db.end();
    await tracker.stop();
  }
}

async function registerBurnInStation(ingestUrl: string): Promise<string> {
  const response = await fetch(`${ingestUrl}/v1/stations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${BENCH_ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ stationId: 'BENCH-BI', stage: 'burn_in', siteId: 'fab-bench', lineId: 'line-1' }),
  });
  if (response.status !== 201) throw new Error(`registering the station answered ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

interface Sample {
  latencyMs: number;
  verdict: string;
}

async function ask(ingestUrl: string, token: string, rack: number): Promise<string> {
  const response = await fetch(`${ingestUrl}/v1/clearance?rackSerial=${serial(rack)}&type=started`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const body = (await response.json()) as { cleared?: boolean; reason?: string };
  if (response.status !== 200) return `http_${response.status}`;
  return body.cleared === true ? 'cleared' : (body.reason ?? 'refused');
}

/** Open loop: request i leaves at start + i / rate, and its latency counts from then. */
async function openLoop(ingestUrl: string, token: string, requests: number): Promise<Sample[]> {
  const intervalMs = 1000 / RATE;
  const start = performance.now();
  const pending: Promise<Sample>[] = [];
  for (let index = 0; index < requests; index += 1) {
    const scheduled = start + index * intervalMs;
    const wait = scheduled - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const rack = 1 + Math.floor(Math.random() * RACKS);
    pending.push(
      ask(ingestUrl, token, rack).then(
        (verdict) => ({ latencyMs: performance.now() - scheduled, verdict }),
        (error: unknown) => ({
          latencyMs: performance.now() - scheduled,
          verdict: `error: ${String(error)}`,
        }),
      ),
    );
  }
  return Promise.all(pending);
}

async function main(): Promise<void> {
  const url = await preparedDatabase(DATABASE, { fresh: true });
  const prefix = `bench-clearance-${randomBytes(4).toString('hex')}.`;
  const kafka = kafkaClient(KAFKA_BROKERS, 'bench-clearance-admin');
  const admin = kafka.admin();
  await admin.connect();
  try {
    await applyLine(url, prefix);
    const ingest = await startBuiltService('ingest', {
      DATABASE_URL: url,
      KAFKA_TOPIC_PREFIX: prefix,
      // One client stands in for a line's terminals here; each terminal has its own limit in production.
      RATE_LIMIT_PER_SECOND: '0',
    });
    try {
      const ingestUrl = ingest.url;
      if (ingestUrl === null) throw new Error('ingest did not say where it listens');
      const token = await registerBurnInStation(ingestUrl);
      await openLoop(ingestUrl, token, WARM_UP_REQUESTS);
      const samples = await openLoop(ingestUrl, token, RATE * SECONDS);
      const latencies = samples.map((sample) => sample.latencyMs);
      const verdicts = new Map<string, number>();
      for (const { verdict } of samples) verdicts.set(verdict, (verdicts.get(verdict) ?? 0) + 1);
      const p99 = percentile(latencies, 99);
      console.log(
        `clearance at ${RATE} requests/s for ${SECONDS} s (${samples.length} requests, ${RACKS} racks): ` +
          `p50 ${formatMs(percentile(latencies, 50))}, p99 ${formatMs(p99)}, max ${formatMs(Math.max(...latencies))}`,
      );
      console.log(`verdicts: ${[...verdicts].map(([verdict, count]) => `${verdict} ${count}`).join(', ')}`);
      const failed = [...verdicts.keys()].some(
        (verdict) => verdict.startsWith('http_') || verdict.startsWith('error'),
      );
      if (failed || !(p99 < TARGET_P99_MS)) {
        console.error(
          failed ? 'some requests failed' : `p99 ${formatMs(p99)} misses the ${TARGET_P99_MS} ms target`,
        );
        process.exitCode = 1;
      }
    } finally {
      await ingest.stop();
    }
  } finally {
    await admin.deleteTopics({ topics: productTopicNames(prefix) }).catch(() => undefined);
    await admin.disconnect();
    if (!process.argv.includes('--keep')) await dropDatabase(DATABASE);
  }
}

await main();
