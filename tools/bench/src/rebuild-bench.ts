// npm run bench:rebuild [-- --events N] [--components] [--keep]: how fast `npm run rebuild` replays a year of station events
// (the planning figure's 1.5 M station events of a 1,000-racks-a-week floor, or the first N; with --components a simulated
// year with component events), extrapolated to the whole year. TRACKER_PARTITIONS_CONCURRENTLY and TRACKER_CHUNK_SIZE in
// the environment reach the rebuild.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { encodeStationEventMessage, TOPICS } from '#contracts';
import { FactoryModel, largeFactoryConfig, liquidCooledRackBillOfMaterials } from '#simulator';
import { createProductTopics, kafkaClient, productTopicNames, REPO_ROOT } from '#testing';
import { dropDatabase, KAFKA_BROKERS, preparedDatabase } from './genealogy-bench-support.js';
import { asIngestWrites } from './support/station-event-corpus.js';

const LIVE_DATABASE = 'rack_tracker_bench_rebuild_live';
const TARGET_DATABASE = 'rack_tracker_bench_rebuild';
// docs/operations.md sizes a year of a 1,000-racks-a-week site at about 1.5 M station events, plus component events.
const ISSUE_YEAR_EVENTS = 1_500_000;
const GOAL_SECONDS = 120;
const PRODUCE_CHUNK = 5000;
const SEND_CHUNK = 1000;
const YEAR_MS = 365 * 86_400_000;

interface Produced {
  events: number;
  componentEvents: number;
  bytes: number;
  simulatedDays: number;
  seconds: number;
}

/**
 * The simulator's floor (one line, 1,000 racks a week), produced as ingest would, in chunks so a year never
 * sits in memory at once, until `events` are sent. With `components`, racks are built from the liquid-cooled
 * bill of materials (component events in the mix) and production stops after one simulated year. Measures
 * the serialized size of what it sends (key, value, headers).
 */
async function produceYear(
  prefix: string,
  events: number,
  runId: string,
  components: boolean,
): Promise<Produced> {
  const kafka = kafkaClient(KAFKA_BROKERS, 'bench-rebuild');
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  // Station events only: the planning figure's 1.5 M are about three of the simulator's years, which all end by now.
  const span = components ? YEAR_MS : 4 * YEAR_MS;
  const start = Date.now() - span;
  const floor = largeFactoryConfig(17, 1, 1000);
  const model = new FactoryModel(
    components ? { ...floor, billOfMaterials: liquidCooledRackBillOfMaterials() } : floor,
    { start, runId },
  );
  const topic = `${prefix}${TOPICS.stationEvents.name}`;
  const started = performance.now();
  let sent = 0;
  let componentEvents = 0;
  let bytes = 0;
  let lastAt = start;
  await producer.connect();
  try {
    while (sent < events) {
      const planned = model
        .take(Math.min(PRODUCE_CHUNK, events - sent))
        .slice(0, events - sent)
        .filter((event) => event.at <= start + span);
      if (planned.length === 0) break;
      const encoded = planned.map((event) => {
        const message = asIngestWrites(event);
        if (message.event.type.startsWith('component_')) componentEvents += 1;
        const record = encodeStationEventMessage(message, `bench-${sent}`);
        bytes +=
          Buffer.byteLength(record.key) +
          Buffer.byteLength(record.value) +
          Object.entries(record.headers).reduce((sum, [k, v]) => sum + k.length + v.length, 0);
        return record;
      });
      lastAt = planned.at(-1)!.at;
      // One send carries a record batch per partition, and a batch must stay under the broker's 1 MB.
      for (let from = 0; from < encoded.length; from += SEND_CHUNK)
        await producer.send({ topic, acks: -1, messages: encoded.slice(from, from + SEND_CHUNK) });
      sent += encoded.length;
      if (sent % 100_000 < PRODUCE_CHUNK) process.stderr.write(`bench: produced ${sent}/${events}\n`);
    }
  } finally {
    await producer.disconnect();
  }
  return {
    events: sent,
    componentEvents,
    bytes,
    simulatedDays: (lastAt - start) / 86_400_000,
    seconds: (performance.now() - started) / 1000,
  };
}

/** What the broker keeps on disk for the topic (segments and indexes), when its data directory is the stack's. */
function bytesOnDisk(topic: string): number | null {
  const dataDir = resolve(process.env.RACK_TRACKER_STACK_DIR ?? join(REPO_ROOT, '.stack'), 'kafka/data');
  try {
    return readdirSync(dataDir)
      .filter((entry) => entry.startsWith(`${topic}-`) && /-\d+$/.test(entry))
      .flatMap((entry) => readdirSync(join(dataDir, entry)).map((file) => join(dataDir, entry, file)))
      .filter((file) => file.endsWith('.log'))
      .reduce((sum, file) => sum + statSync(file).size, 0);
  } catch {
    return null;
  }
}

interface RebuildRun {
  events: number;
  seconds: number;
  eventsPerSecond: number;
  wallSeconds: number;
}

const TRACKER_TUNING = ['TRACKER_PARTITIONS_CONCURRENTLY', 'TRACKER_CHUNK_SIZE'];

/**
 * Runs `npm run rebuild` as a user would (the script's node flags included), progress passed through, and reads
 * its final line.
 */
function runRebuild(liveUrl: string, prefix: string): Promise<RebuildRun> {
  const started = performance.now();
  return new Promise((resolvePromise, reject) => {
    const args = ['run', '--silent', 'rebuild', '--', '--into', TARGET_DATABASE, '--force', '--no-compare'];
    const child = spawn('npm', args, {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        DATABASE_URL: liveUrl,
        KAFKA_BROKERS,
        KAFKA_TOPIC_PREFIX: prefix,
        TRACKER_CONSUMER_GROUP: `bench-${prefix}`,
        // The tracker's own tuning, when the run sets it (experiments): the rebuild applies with the same settings.
        ...Object.fromEntries(
          TRACKER_TUNING.flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : [])),
        ),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const match = /events (\d+), seconds ([\d.]+), events\/s (\d+)/.exec(stdout);
      if (code !== 0 || match === null) {
        reject(new Error(`rebuild exited ${code}: ${stdout}`));
        return;
      }
      resolvePromise({
        events: Number(match[1]),
        seconds: Number(match[2]),
        eventsPerSecond: Number(match[3]),
        wallSeconds: (performance.now() - started) / 1000,
      });
    });
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      events: { type: 'string' },
      components: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
    },
  });
  const components = values.components;
  const events = Number(values.events ?? (components ? Number.MAX_SAFE_INTEGER : ISSUE_YEAR_EVENTS));
  if (!Number.isInteger(events) || events < 1)
    throw new Error(`--events ${values.events}: a positive whole number`);
  const runId = randomBytes(3).toString('hex');
  const prefix = `bench-rebuild-${runId}.`;
  const kafka = kafkaClient(KAFKA_BROKERS, 'bench-rebuild-admin');
  const liveUrl = await preparedDatabase(LIVE_DATABASE, { fresh: true });
  await createProductTopics(kafka, prefix);
  try {
    const produced = await produceYear(prefix, events, runId, components);
    const onDisk = bytesOnDisk(`${prefix}${TOPICS.stationEvents.name}`);
    console.log(
      `produced ${produced.events} station events (${produced.componentEvents} component events) covering ` +
        `${produced.simulatedDays.toFixed(0)} simulated days in ${produced.seconds.toFixed(1)} s; ` +
        `${(produced.bytes / produced.events).toFixed(0)} bytes a message serialized` +
        (onDisk === null
          ? ''
          : `, ${(onDisk / produced.events).toFixed(0)} bytes a message on the broker's disk`),
    );
    const run = await runRebuild(liveUrl, prefix);
    // The year: with components, the simulated year's events; without, the planning figure's 1.5 M station events.
    const yearEvents = components
      ? (produced.events * 365) / Math.max(produced.simulatedDays, 1)
      : ISSUE_YEAR_EVENTS;
    const yearSeconds = yearEvents / run.eventsPerSecond;
    const ratio = GOAL_SECONDS / yearSeconds;
    console.log(
      `rebuild replayed ${run.events} events in ${run.seconds.toFixed(1)} s: ${run.eventsPerSecond} events/s ` +
        `(${run.wallSeconds.toFixed(1)} s with start-up, migrations and copying)`,
    );
    console.log(
      `a year (${Math.round(yearEvents).toLocaleString('en')} events${components ? ', simulated, with components' : ''}) ` +
        `at this rate: ${yearSeconds.toFixed(0)} s, ratio to the ${GOAL_SECONDS} s goal ${ratio.toFixed(2)} (≥ 1 meets it)`,
    );
    const outDir = resolve(REPO_ROOT, 'bench-results');
    mkdirSync(outDir, { recursive: true });
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').toLowerCase();
    const file = join(outDir, `rebuild-${stamp}.json`);
    writeFileSync(
      file,
      `${JSON.stringify(
        {
          scenario: 'rebuild',
          produced: {
            ...produced,
            bytesPerMessage: produced.bytes / produced.events,
            bytesOnDiskPerMessage: onDisk === null ? null : onDisk / produced.events,
          },
          rebuild: run,
          summary: {
            eventsPerSecond: run.eventsPerSecond,
            simulatedYearEvents: yearEvents,
            yearSecondsExtrapolated: yearSeconds,
            components,
            ratioToGoal: ratio,
            goalSeconds: GOAL_SECONDS,
          },
        },
        null,
        2,
      )}\n`,
    );
    console.log(`results: ${file}`);
  } finally {
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: productTopicNames(prefix) }).catch(() => undefined);
    await admin.disconnect();
    if (!values.keep) {
      await dropDatabase(TARGET_DATABASE);
      await dropDatabase(LIVE_DATABASE);
    }
  }
}

await main();
