import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { cpuSeconds } from '#testing';
import { IngestClient } from '#simulator';
import {
  BENCH_ADMIN_TOKEN,
  startBenchProgram,
  startService,
  type BenchContext,
} from '../support/bench-context.js';

export interface IngestLoadRun {
  mode: 'single' | 'batch';
  batchSize: number;
  connections: number;
  requestsPerSecond: number;
  eventsPerSecond: number;
  latencyMs: { p50: number; p99: number; p99_9: number; max: number; average: number };
  statusCodes: Record<string, number>;
  errors: number;
  /** Answers in the 5xx range: always a finding. */
  serverErrors: number;
  /** Ingest's own CPU per request: unlike requests/s, hardly moved by other work on the machine. */
  cpuMsPerRequest: number | null;
}

export interface IngestLoadResult {
  runs: IngestLoadRun[];
  peakRssMb: number | null;
}

interface GeneratorOutput {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  latencyMs: IngestLoadRun['latencyMs'];
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
}

/** Ingest alone under a fixed number of connections: single posts, then batches, from a separate process. */
export async function runIngestLoad(
  context: BenchContext,
  options: { seconds: number; connections?: number; batchSize?: number },
): Promise<IngestLoadResult> {
  const prefix = `bench-${context.runId}-ingest.`;
  await context.stack.createTopics(prefix);
  const databaseUrl = await context.stack.createDatabase(`bench_${context.runId}_ingest`);
  const ingest = await startService(context, 'ingest', {
    DATABASE_URL: databaseUrl,
    KAFKA_TOPIC_PREFIX: prefix,
    LOG_LEVEL: 'warn',
  });
  try {
    const url = ingest.url!;
    const station = {
      stationId: 'BENCH-ASSY-01',
      stage: 'assembly',
      role: 'station' as const,
      siteId: 'bench',
      lineId: 'bench-1',
    };
    const tokens = await new IngestClient({ ingestUrl: url }).registerStations(BENCH_ADMIN_TOKEN, [station]);
    const runs: IngestLoadRun[] = [];
    const connections = options.connections ?? 32;
    for (const batchSize of [1, options.batchSize ?? 100]) {
      const mode = batchSize === 1 ? 'single' : 'batch';
      const resultFile = resolve(context.logDir, `ingest-load-${mode}.json`);
      context.say(
        `ingest: ${mode} posts${batchSize > 1 ? ` of ${batchSize} events` : ''}, ${connections} connections, ${options.seconds} s (autocannon)`,
      );
      const cpuBefore = cpuSeconds(ingest.pid);
      const generator = await startBenchProgram(
        context,
        'load/ingest-load-generator.js',
        {},
        {
          label: `ingest-load-${mode}`,
          readyLine: null,
          args: [
            JSON.stringify({
              url,
              token: tokens.get(station.stationId),
              stationId: station.stationId,
              stage: station.stage,
              batchSize,
              connections,
              seconds: options.seconds,
              resultFile,
            }),
          ],
        },
      );
      const code = await generator.exited;
      if (code !== 0) throw new Error(`the ingest load generator exited with ${code}; see ${context.logDir}`);
      const cpuAfter = cpuSeconds(ingest.pid);
      const output = JSON.parse(readFileSync(resultFile, 'utf8')) as GeneratorOutput;
      const serverErrors = Object.entries(output.statusCodes)
        .filter(([status]) => Number(status) >= 500)
        .reduce((sum, [, count]) => sum + count, 0);
      const accepted = output.statusCodes['202'] ?? 0;
      runs.push({
        mode,
        batchSize,
        connections,
        requestsPerSecond: output.requestsPerSecond,
        eventsPerSecond: (accepted * batchSize) / output.seconds,
        latencyMs: output.latencyMs,
        statusCodes: output.statusCodes,
        errors: output.errors,
        serverErrors,
        cpuMsPerRequest:
          cpuBefore === null || cpuAfter === null
            ? null
            : ((cpuAfter - cpuBefore) * 1000) / Math.max(1, output.requests),
      });
      context.say(
        `ingest ${mode}: ${Math.round(output.requestsPerSecond)} req/s, p50 ${output.latencyMs.p50} ms, p99 ${output.latencyMs.p99} ms`,
      );
    }
    return { runs, peakRssMb: ingest.peakRssMb() };
  } finally {
    await ingest.stop();
  }
}
