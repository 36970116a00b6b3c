// `npm run bench`: every speed claim with a repeatable measurement behind it, measured in one run on this machine.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  runConsumerThroughput,
  type ConsumerThroughputResult,
} from './scenarios/consumer-throughput.scenario.js';
import { runIngestLoad, type IngestLoadResult } from './scenarios/ingest-load.scenario.js';
import { runIngestToTracker, type IngestToTrackerResult } from './scenarios/ingest-to-tracker.scenario.js';
import { runEndToEndLatency, type EndToEndLatencyResult } from './scenarios/end-to-end-latency.scenario.js';
import { REPO_ROOT, type BenchContext } from './support/bench-context.js';
import { BenchStack } from './support/bench-stack.js';
import { renderBenchTable, summarize, type BenchResults } from './bench-table.js';

const SCENARIOS = ['consumers', 'ingest', 'pipeline', 'latency'] as const;
type ScenarioName = (typeof SCENARIOS)[number];

const USAGE = `Usage: npm run bench -- [options]
  --only LIST          comma-separated: ${SCENARIOS.join(', ')} (default: all)
  --events N           corpus for tracker/limit/naive (default 200000)
  --naive-seconds N    time box for the naive peer (default 60)
  --pipeline-events N  events posted through ingest for the ingest→tracker run (default 100000)
  --latency-seconds N  sustained load per latency run (default 60)
  --warmup-seconds N   unmeasured load at the same rate before each latency run (default 10)
  --latency-get-samples N  events a second whose GET /v1/racks visibility is polled (default 2)
  --rates LIST         events/s of the latency runs, one run each (default 50,200,500,1000)
  --ingest-seconds N   autocannon duration per ingest scenario (default 15)
  --consumers LIST     which consumers the consumers scenario runs (default tracker,limit,naive)
  --rounds N           runs of the tracker, each between two of the limit's; the verdicts take the median
                       round (default 3)
  --render FILE        print the tables of an earlier run's JSON (bench-results/bench-*.json) and exit
  --tracker-cpu-prof   profile the tracker (.cpuprofile in the run's log folder)
                       (BENCH_CPU_PROFILE=ingest,api,tracker profiles those services in every scenario)
  --tracker-node-options="FLAGS" extra node flags for the tracker in the consumers scenario (experiments;
                       with "=", since the flags start with --)
  --tracker-env K=V,K=V          extra settings for every tracker the benchmark starts (experiments)
`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      events: { type: 'string' },
      'naive-seconds': { type: 'string' },
      'pipeline-events': { type: 'string' },
      'latency-seconds': { type: 'string' },
      'warmup-seconds': { type: 'string' },
      rates: { type: 'string' },
      'latency-get-samples': { type: 'string' },
      'ingest-seconds': { type: 'string' },
      'tracker-cpu-prof': { type: 'boolean' },
      'tracker-node-options': { type: 'string' },
      'tracker-env': { type: 'string' },
      consumers: { type: 'string' },
      rounds: { type: 'string' },
      render: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (values.render !== undefined) {
    process.stdout.write(
      `${renderBenchTable(JSON.parse(readFileSync(values.render, 'utf8')) as BenchResults)}\n`,
    );
    return 0;
  }
  const only = new Set((values.only ?? SCENARIOS.join(',')).split(',').map((name) => name.trim()));
  const unknown = [...only].filter((name) => !(SCENARIOS as readonly string[]).includes(name));
  if (unknown.length > 0) {
    process.stderr.write(`bench: unknown scenario ${unknown.join(', ')}\n\n${USAGE}`);
    return 2;
  }
  const number = (text: string | undefined, fallback: number) =>
    text === undefined ? fallback : Number(text);
  const rates = (values.rates ?? '50,200,500,1000').split(',').map((rate) => Number(rate.trim()));
  if (rates.some((rate) => !Number.isInteger(rate) || rate <= 0)) {
    process.stderr.write(`bench: --rates takes whole events/s above 0, e.g. 50,200\n\n${USAGE}`);
    return 2;
  }
  const rounds = number(values.rounds, 3);
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 9) {
    process.stderr.write(`bench: --rounds takes a whole number from 1 to 9\n\n${USAGE}`);
    return 2;
  }

  const runId = new Date().toISOString().replace(/[-:]/g, '').slice(0, 15).toLowerCase().replace('t', 't');
  const outDir = resolve(REPO_ROOT, 'bench-results');
  const logDir = resolve(outDir, `logs-${runId}`);
  mkdirSync(logDir, { recursive: true });
  const adminUrl = process.env.BENCH_POSTGRES_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
  const stack = new BenchStack({
    postgresAdminUrl: adminUrl,
    kafkaBrokers: brokers.split(','),
    templateDatabase: 'rack_tracker_bench',
  });
  const started = Date.now();
  const context: BenchContext = {
    stack,
    runId: runId.replace(/[^a-z0-9]/g, ''),
    logDir,
    brokers,
    say: (message) =>
      process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)}s] ${message}\n`),
  };
  const trackerEnv = Object.fromEntries(
    (values['tracker-env'] ?? '')
      .split(',')
      .filter(Boolean)
      .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
  );
  context.serviceEnv = { tracker: trackerEnv };
  const results: BenchResults = {
    runId,
    startedAt: new Date(started).toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      loadAverageAtStart: loadavg()[0],
    },
  };

  const enabled = (name: ScenarioName) => only.has(name);
  try {
    await stack.prepare();
    if (enabled('consumers')) {
      results.consumers = await runConsumerThroughput(context, {
        events: number(values.events, 200_000),
        naiveTimeBoxMs: number(values['naive-seconds'], 60) * 1000,
        rounds,
        consumers: (values.consumers ?? 'tracker,limit,naive')
          .split(',')
          .filter((name): name is 'tracker' | 'limit' | 'naive' =>
            ['tracker', 'limit', 'naive'].includes(name),
          ),
        trackerNodeOptions: [
          ...(values['tracker-cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${logDir}`] : []),
          ...(values['tracker-node-options']?.split(' ').filter(Boolean) ?? []),
        ],
      });
    }
    if (enabled('ingest'))
      results.ingest = await runIngestLoad(context, { seconds: number(values['ingest-seconds'], 15) });
    if (enabled('pipeline'))
      results.pipeline = await runIngestToTracker(context, {
        events: number(values['pipeline-events'], 100_000),
      });
    if (enabled('latency')) {
      results.latency = [];
      for (const rate of rates) {
        results.latency.push(
          await runEndToEndLatency(context, {
            eventsPerSecond: rate,
            seconds: number(values['latency-seconds'], 60),
            warmupSeconds: number(values['warmup-seconds'], 10),
            samplesPerSecond: number(values['latency-get-samples'], 2),
          }),
        );
      }
    }
  } finally {
    context.say('cleaning up bench databases and topics');
    await stack.cleanUp();
  }
  results.finishedAt = new Date().toISOString();
  results.machine.loadAverageAtEnd = loadavg()[0];
  // First in the file: the figures and the targets' verdicts, readable without parsing the tables.
  const { runId: id, ...rest } = results;
  const ordered: BenchResults = { runId: id, summary: summarize(results), ...rest };
  const file = resolve(outDir, `bench-${runId}.json`);
  writeFileSync(file, `${JSON.stringify(ordered, null, 2)}\n`);
  process.stdout.write(`${renderBenchTable(ordered)}\n\nresults: ${file}\nlogs:    ${logDir}\n`);
  return 0;
}

export type { ConsumerThroughputResult, IngestLoadResult, IngestToTrackerResult, EndToEndLatencyResult };

process.exit(await main());
