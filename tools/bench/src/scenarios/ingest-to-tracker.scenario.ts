import { largeFactoryConfig, Simulation } from '#simulator';
import { BENCH_ADMIN_TOKEN, startService, type BenchContext } from '../support/bench-context.js';
import { probePool } from '../support/bench-stack.js';
import type { NodeProcess } from '#testing';

export interface IngestToTrackerResult {
  events: number;
  batchSize: number;
  /** First POST to last 202. */
  postSeconds: number;
  postedEventsPerSecond: number;
  /** First POST until the tracker had applied every accepted event. */
  endToEndSeconds: number;
  /** Events through the tracker per second over the whole run: the pipeline target. */
  trackerEventsPerSecond: number;
  /** How far the tracker trailed when the last 202 came back. */
  trackerLagSecondsAfterLastPost: number;
  ingestRequests: number;
  peakRssMb: { ingest: number | null; tracker: number | null };
}

/**
 * The issue-3 run: a large simulated factory posts N events through ingest in batches (as terminals with a
 * backlog do) while the tracker applies them; measured from the first POST until every accepted event is applied.
 */
export async function runIngestToTracker(
  context: BenchContext,
  options: { events: number; batchSize?: number },
): Promise<IngestToTrackerResult> {
  const prefix = `bench-${context.runId}-pipeline.`;
  await context.stack.createTopics(prefix);
  const databaseUrl = await context.stack.createDatabase(`bench_${context.runId}_pipeline`);
  const pool = probePool(databaseUrl);
  const env = { DATABASE_URL: databaseUrl, KAFKA_TOPIC_PREFIX: prefix, LOG_LEVEL: 'warn' };
  const processes: NodeProcess[] = [];
  try {
    const ingest = await startService(context, 'ingest', env);
    processes.push(ingest);
    const tracker = await startService(context, 'tracker', {
      ...env,
      TRACKER_CONSUMER_GROUP: `bench-${context.runId}-pipeline`,
    });
    processes.push(tracker);
    const batchSize = options.batchSize ?? 100;
    // Registering the stations is not part of the measurement: the clock starts at the first POST.
    let firstPostAt = Number.POSITIVE_INFINITY;
    const simulation = new Simulation({
      ingestUrl: ingest.url!,
      adminToken: BENCH_ADMIN_TOKEN,
      config: largeFactoryConfig(11, 8),
      runId: `P${context.runId}`.slice(0, 8),
      start: Date.now() - 10 * 86_400_000,
      pacing: { kind: 'max', window: 20_000 },
      maxBatch: batchSize,
      stop: { events: options.events },
      onAnswered: (answered) => {
        for (const post of answered) firstPostAt = Math.min(firstPostAt, post.firstSentAt);
      },
    });
    context.say(
      `pipeline: posting ${options.events.toLocaleString('en-US')} events through ingest in batches of up to ${batchSize}, tracker applying`,
    );
    const report = await simulation.run();
    const lastPostAt = Date.now();
    const produced = report.stats.accepted;
    let appliedAt = lastPostAt;
    for (;;) {
      const [{ applied }] = (
        await pool.query<{ applied: string }>(
          'SELECT COALESCE(sum(next_offset), 0) AS applied FROM consumer_offset',
        )
      ).rows;
      appliedAt = Date.now();
      if (Number(applied) >= produced) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const postSeconds = (lastPostAt - firstPostAt) / 1000;
    const endToEndSeconds = (appliedAt - firstPostAt) / 1000;
    const result: IngestToTrackerResult = {
      events: produced,
      batchSize,
      postSeconds,
      postedEventsPerSecond: report.stats.answered / postSeconds,
      endToEndSeconds,
      trackerEventsPerSecond: produced / endToEndSeconds,
      trackerLagSecondsAfterLastPost: (appliedAt - lastPostAt) / 1000,
      ingestRequests: report.stats.requests,
      peakRssMb: { ingest: ingest.peakRssMb(), tracker: tracker.peakRssMb() },
    };
    context.say(
      `pipeline: ${produced.toLocaleString('en-US')} events posted in ${postSeconds.toFixed(1)} s, all applied after ${endToEndSeconds.toFixed(1)} s → ${Math.round(result.trackerEventsPerSecond)} events/s through the tracker`,
    );
    return result;
  } finally {
    for (const process of processes.reverse()) await process.stop();
    await pool.end();
  }
}
