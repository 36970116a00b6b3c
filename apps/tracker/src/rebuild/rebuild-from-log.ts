import { NestFactory } from '@nestjs/core';
import type { LoggerService } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { TOPICS } from '#contracts';
import { createKafkaClient, TopicReplay, type PartitionReplay, type TopicReplayProgress } from '#messaging';
import {
  copySupplierReturnVerdicts,
  copyTables,
  countRacks,
  createDataSource,
  emptyAllTables,
  ensureDatabaseExists,
  silenceReplayedHistory,
  tablesWithRole,
  unclassifiedTables,
  UnitOfWork,
} from '#persistence';
import { withCorrelationId } from '#platform';
import { ApplyStationEventsUseCase } from '../apply-station-events/apply-station-events.use-case.js';
import type { TrackerConfig } from '../tracker.config.js';
import { compareDatabases, type DriftReport } from './drift-report.js';
import { RebuildModule } from './rebuild.module.js';

export interface RebuildOptions {
  /** A database name on DATABASE_URL's server, or a full postgres:// URL. */
  into: string;
  force: boolean;
  /** Skip the drift report (the benchmark times the replay alone). */
  compare: boolean;
  /** How often progress is reported, in ms. */
  progressEveryMs: number;
}

export interface RebuildOutput {
  /** Progress and the final figures, for people watching (stderr). */
  progress(line: string): void;
  logger: LoggerService;
}

export interface RebuildResult {
  target: string;
  created: boolean;
  copied: Record<string, number>;
  verdictsCopied: number;
  events: number;
  seconds: number;
  eventsPerSecond: number;
  partitions: { partition: number; low: string; high: string }[];
  drift: DriftReport | null;
}

/** The target holds racks and --force was not given: nothing was touched. */
export class TargetNotEmptyError extends Error {}

/** A database name on the live server, or a full URL, to a URL; never the live database itself. */
export function targetUrl(liveUrl: string, into: string): string {
  let url: URL;
  if (/^postgres(ql)?:\/\//.test(into)) url = new URL(into);
  else if (/^[A-Za-z_][A-Za-z0-9_$-]{0,62}$/.test(into)) {
    url = new URL(liveUrl);
    url.pathname = `/${into}`;
  } else throw new Error(`--into ${into}: expected a database name or a postgres:// URL`);
  const live = new URL(liveUrl);
  if (url.host === live.host && url.pathname === live.pathname)
    throw new Error(`--into names the live database (DATABASE_URL) itself; rebuild into another one`);
  return url.toString();
}

function redacted(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');
}

/**
 * Rebuilds a database from the station-events log: a fresh (or emptied, with force) migrated target, the
 * configuration and other services' records copied from live, then every kept station event applied through
 * the tracker's own use case, nothing published; then, unless told not to, the drift report against live.
 */
export async function rebuildFromLog(
  config: TrackerConfig,
  options: RebuildOptions,
  output: RebuildOutput,
): Promise<RebuildResult> {
  const url = targetUrl(config.DATABASE_URL, options.into);
  const created = await ensureDatabaseExists(url);
  const concurrency = config.TRACKER_PARTITIONS_CONCURRENTLY;
  const target = createDataSource({
    databaseUrl: url,
    applicationName: 'rebuild',
    poolSize: concurrency + 2,
  });
  const live = createDataSource({
    databaseUrl: config.DATABASE_URL,
    applicationName: 'rebuild-source',
    poolSize: 2,
  });
  await target.initialize();
  try {
    await live.initialize();
    await target.runMigrations({ transaction: 'each' });
    const unclassified = await unclassifiedTables(target);
    if (unclassified.length > 0)
      throw new Error(
        `table(s) ${unclassified.join(', ')} have no rebuild role: say in libs/persistence/src/rebuild/rebuild-tables.ts whether they are copied or replayed`,
      );
    const racks = await countRacks(target);
    if (racks > 0 && !options.force)
      throw new TargetNotEmptyError(
        `${redacted(url)} already holds ${racks} racks; pass --force to empty it and rebuild`,
      );
    await emptyAllTables(target);
    const copied = await copyTables(live, target, [
      ...tablesWithRole('configuration'),
      ...tablesWithRole('records'),
    ]);
    output.progress(`copied from live: ${[...copied].map(([table, rows]) => `${table} ${rows}`).join(', ')}`);

    const replay = await replayInto(config, target, options, output);
    const verdictsCopied = await copySupplierReturnVerdicts(live, target);
    await silenceReplayedHistory(target);
    const drift = options.compare
      ? await compareDatabases(new UnitOfWork(live), new UnitOfWork(target), replay.partitions)
      : null;
    return {
      target: redacted(url),
      created,
      copied: Object.fromEntries(copied),
      verdictsCopied,
      ...replay,
      partitions: replay.partitions.map((p) => ({
        partition: p.partition,
        low: p.low.toString(),
        high: p.high.toString(),
      })),
      drift,
    };
  } finally {
    if (live.isInitialized) await live.destroy();
    await target.destroy();
  }
}

async function replayInto(
  config: TrackerConfig,
  target: DataSource,
  options: RebuildOptions,
  output: RebuildOutput,
): Promise<{
  events: number;
  seconds: number;
  eventsPerSecond: number;
  partitions: readonly PartitionReplay[];
}> {
  const app = await NestFactory.createApplicationContext(RebuildModule.forRoot(config, target), {
    logger: output.logger,
    abortOnError: false,
  });
  try {
    const useCase = app.get(ApplyStationEventsUseCase);
    const topic = config.topic(TOPICS.stationEvents.name);
    const replay = new TopicReplay(createKafkaClient({ clientId: 'rebuild', brokers: config.kafkaBrokers }), {
      topic,
      chunkSize: config.TRACKER_CHUNK_SIZE,
      concurrency: config.TRACKER_PARTITIONS_CONCURRENTLY,
    });
    // A rebuild is a batch job: it keeps going while the database answers, and stops with it otherwise.
    const control = { heartbeat: async () => undefined, isActive: () => true };
    const started = performance.now();
    let lastReport = started;
    let lastApplied = 0;
    const report = (progress: TopicReplayProgress, force = false) => {
      const now = performance.now();
      if (!force && now - lastReport < options.progressEveryMs) return;
      const rate = ((progress.applied - lastApplied) * 1000) / Math.max(1, now - lastReport);
      const done = progress.partitions.filter((p) => p.applied >= p.high).length;
      output.progress(
        `replayed ${progress.applied}/${progress.total} events (${Math.round((100 * progress.applied) / Math.max(1, progress.total))}%), ` +
          `${Math.round(rate)} events/s, partitions done ${done}/${progress.partitions.length}: ` +
          progress.partitions.map((p) => `p${p.partition} ${p.applied - p.low}/${p.high - p.low}`).join(' '),
      );
      lastReport = now;
      lastApplied = progress.applied;
    };
    output.progress(`replaying ${topic} from its oldest kept offsets to the high watermarks as of now`);
    const result = await replay.run(
      async (batch) => {
        // Nothing is published: the dead letters a chunk writes are emptied from the outbox at the end.
        await withCorrelationId(`rebuild-${batch.partition}-${batch.messages[0]!.offset}`, () =>
          useCase.execute(batch, control),
        );
      },
      (progress) => report(progress),
    );
    if (result.applied !== lastApplied) report(result, true);
    const seconds = (performance.now() - started) / 1000;
    return {
      events: result.applied,
      seconds,
      eventsPerSecond: result.applied / Math.max(seconds, 0.001),
      partitions: result.partitions,
    };
  } finally {
    await app.close();
  }
}
