import type pg from 'pg';
import { TOPICS } from '#contracts';
import { startBenchProgram, startService, type BenchContext } from '../support/bench-context.js';
import { probePool } from '../support/bench-stack.js';
import { cpuSeconds, unrelayedTransitions, type NodeProcess } from '#testing';
import { produceCorpus, stationEventCorpus } from '../support/station-event-corpus.js';
import { measureThroughput, type ThroughputMeasurement } from '../support/throughput-probe.js';

export interface ConsumerResult extends ThroughputMeasurement {
  consumer: 'tracker' | 'limit' | 'naive';
  /**
   * Where the run stands among the tracker's rounds: for the limit, 'before tracker' or 'after tracker' with one
   * round, or 'before round 1', 'between rounds 1 and 2', 'after round 3'; for the tracker, 'round 2 of 3'.
   * Absent when nothing is bracketed.
   */
  round?: string;
  peakRssMb: number | null;
  /**
   * The tracker only: its transitions still to announce on rack-transitions when the last event was applied
   * (the measure's end), and how long the relay then took to announce them all (null: not within the wait).
   */
  announcing?: { pendingAtEnd: number; caughtUpSeconds: number | null };
}

type ConsumerRun = Pick<ConsumerResult, 'consumer' | 'round'>;

/**
 * The order the consumers run in. The tracker's ratio to the limit is the run's headline, and the shared machine's
 * speed drifts by a third within minutes (the limit has measured 26,000 and 41,000 events/s in consecutive runs),
 * so the limit runs on both sides of each of the tracker's rounds and each round's ratio is taken to the mean of
 * the two: drift during the run weighs on both sides instead of deciding the verdict. With several rounds, the
 * limit's runs alternate with the tracker's (limit, tracker, limit, tracker, limit), so each limit run between two
 * rounds serves both.
 */
export function consumerRunOrder(
  consumers: readonly ConsumerResult['consumer'][],
  rounds = 1,
): ConsumerRun[] {
  if (!consumers.includes('tracker') || !consumers.includes('limit'))
    return consumers.map((consumer) => ({ consumer }));
  const naive = consumers.filter((consumer) => consumer === 'naive').map((consumer) => ({ consumer }));
  if (rounds <= 1)
    return [
      { consumer: 'limit', round: 'before tracker' },
      { consumer: 'tracker' },
      { consumer: 'limit', round: 'after tracker' },
      ...naive,
    ];
  const order: ConsumerRun[] = [{ consumer: 'limit', round: 'before round 1' }];
  for (let round = 1; round <= rounds; round += 1)
    order.push(
      { consumer: 'tracker', round: `round ${round} of ${rounds}` },
      {
        consumer: 'limit',
        round: round === rounds ? `after round ${round}` : `between rounds ${round} and ${round + 1}`,
      },
    );
  return [...order, ...naive];
}

export interface ConsumerThroughputResult {
  corpusEvents: number;
  produceSeconds: number;
  results: ConsumerResult[];
}

export interface ConsumerThroughputOptions {
  events: number;
  /** The naive peer is measured over a time box: at its pace the full corpus would take many minutes. */
  naiveTimeBoxMs: number;
  consumers: readonly ConsumerResult['consumer'][];
  /** How many times the tracker runs, each bracketed by the limit's runs (consumerRunOrder). */
  rounds: number;
  /** Extra node flags for the tracker (e.g. --cpu-prof). */
  trackerNodeOptions?: string[];
  trackerEnv?: Record<string, string>;
}

const TRACKER_PROGRESS = 'SELECT COALESCE(sum(next_offset), 0) AS applied FROM consumer_offset';
const ANNOUNCING_WAIT_MS = 120_000;

/**
 * The tracker's figure ends with the last event applied; its relay announces the transitions on its own pace
 * and may trail. How far, and how soon it catches up, are reported beside the figure, not folded into it.
 */
async function awaitAnnouncements(pool: pg.Pool): Promise<NonNullable<ConsumerResult['announcing']>> {
  const pending = () =>
    unrelayedTransitions({
      query: async <R extends pg.QueryResultRow>(sql: string, params?: unknown[]) =>
        (await pool.query<R>(sql, params)).rows,
    });
  const started = Date.now();
  const pendingAtEnd = await pending();
  let left = pendingAtEnd;
  while (left > 0 && Date.now() - started < ANNOUNCING_WAIT_MS) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    left = await pending();
  }
  return { pendingAtEnd, caughtUpSeconds: left === 0 ? (Date.now() - started) / 1000 : null };
}
const ROW_PROGRESS = 'SELECT count(*) AS applied FROM station_event';

/**
 * Tracker throughput against its two baselines, on one pre-produced corpus: each consumer in turn reads the
 * same topic from the beginning in its own group and writes to its own fresh database, alone on the machine.
 */
export async function runConsumerThroughput(
  context: BenchContext,
  options: ConsumerThroughputOptions,
): Promise<ConsumerThroughputResult> {
  const prefix = `bench-${context.runId}-consumers.`;
  await context.stack.createTopics(prefix);
  context.say(
    `generating ${options.events.toLocaleString('en-US')} station events from the simulated factory`,
  );
  const corpus = stationEventCorpus(options.events, `B${context.runId}`.slice(0, 8));
  const produceMs = await produceCorpus(context.stack.kafka, prefix, corpus);
  context.say(`produced them to ${prefix}${TOPICS.stationEvents.name} in ${(produceMs / 1000).toFixed(1)} s`);

  const results: ConsumerResult[] = [];
  const runsSoFar = new Map<ConsumerResult['consumer'], number>();
  for (const { consumer, round } of consumerRunOrder(options.consumers, options.rounds)) {
    // Each run reads the topic from the beginning in its own group, into its own database.
    const runOfConsumer = (runsSoFar.get(consumer) ?? 0) + 1;
    runsSoFar.set(consumer, runOfConsumer);
    const name = runOfConsumer === 1 ? consumer : `${consumer}_${runOfConsumer}`;
    const label = round ? `${consumer} (${round})` : consumer;
    const databaseUrl = await context.stack.createDatabase(`bench_${context.runId}_${name}`);
    const pool = probePool(databaseUrl);
    let process: NodeProcess | null = null;
    try {
      const group = `bench-${context.runId}-${name}`;
      const topic = `${prefix}${TOPICS.stationEvents.name}`;
      context.say(`${label}: consuming from the beginning`);
      if (consumer === 'tracker') {
        // Every round's tracker announces on the same rack-transitions topic. Its passport sealer starts where
        // the previous round's left off, or a later round would also read the earlier rounds' announcements.
        const passportGroup = `bench-${context.runId}-tracker.passports`;
        if (runOfConsumer > 1)
          await context.stack.moveGroupToEnd(passportGroup, `${prefix}${TOPICS.rackTransitions.name}`);
        process = await startService(
          context,
          'tracker',
          {
            DATABASE_URL: databaseUrl,
            KAFKA_TOPIC_PREFIX: prefix,
            TRACKER_CONSUMER_GROUP: group,
            PASSPORT_CONSUMER_GROUP: passportGroup,
            LOG_LEVEL: 'warn',
            ...options.trackerEnv,
          },
          { nodeOptions: options.trackerNodeOptions },
        );
      } else if (consumer === 'limit') {
        process = await startBenchProgram(
          context,
          'baselines/limit-consumer.js',
          { DATABASE_URL: databaseUrl, BENCH_TOPIC: topic, BENCH_GROUP: group },
          { label: 'limit', readyLine: 'limit consumer running' },
        );
      } else {
        process = await startBenchProgram(
          context,
          'baselines/naive-peer.js',
          { DATABASE_URL: databaseUrl, BENCH_TOPIC: topic, BENCH_GROUP: group },
          { label: 'naive', readyLine: 'naive peer running' },
        );
      }
      const consumerPid = process.pid;
      const databaseName = new URL(databaseUrl).pathname.slice(1);
      // Backends come and go with pools; each sample sums the ones alive, and a backend that ended between samples
      // is lost from the end figure, so pools here are long-lived (the services keep theirs open).
      const cpu = async () => {
        const backends = await context.stack.adminQuery<{ pid: number }>(
          'SELECT pid FROM pg_stat_activity WHERE datname = $1',
          [databaseName],
        );
        const postgres = backends.reduce((sum, backend) => sum + (cpuSeconds(backend.pid) ?? 0), 0);
        const own = cpuSeconds(consumerPid);
        return own === null ? null : { consumer: own, postgres };
      };
      const measured = await measureThroughput(
        pool,
        consumer === 'tracker' ? TRACKER_PROGRESS : ROW_PROGRESS,
        {
          expected: corpus.length,
          timeBoxMs: consumer === 'naive' ? options.naiveTimeBoxMs : 15 * 60_000,
          cpu,
        },
      );
      const announcing = consumer === 'tracker' ? await awaitAnnouncements(pool) : undefined;
      const result: ConsumerResult = {
        consumer,
        ...(round ? { round } : {}),
        ...measured,
        peakRssMb: process.peakRssMb(),
        ...(announcing ? { announcing } : {}),
      };
      results.push(result);
      context.say(
        `${label}: ${Math.round(result.eventsPerSecond).toLocaleString('en-US')} events/s (${result.events.toLocaleString('en-US')} events in ${result.seconds.toFixed(1)} s${result.complete ? '' : ', time-boxed'})`,
      );
    } finally {
      await process?.stop();
      await pool.end();
    }
  }
  return { corpusEvents: corpus.length, produceSeconds: produceMs / 1000, results };
}
