import type { ConsumerResult, ConsumerThroughputResult } from './scenarios/consumer-throughput.scenario.js';
import type { EndToEndLatencyResult } from './scenarios/end-to-end-latency.scenario.js';
import type { IngestLoadResult } from './scenarios/ingest-load.scenario.js';
import type { IngestToTrackerResult } from './scenarios/ingest-to-tracker.scenario.js';

export interface BenchResults {
  runId: string;
  /** The headline figures and every target's verdict (written by the run; computed from the rest for older files). */
  summary?: BenchSummary;
  startedAt: string;
  finishedAt?: string;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGb: number;
    node: string;
    loadAverageAtStart: number;
    loadAverageAtEnd?: number;
  };
  consumers?: ConsumerThroughputResult;
  ingest?: IngestLoadResult;
  pipeline?: IngestToTrackerResult;
  latency?: EndToEndLatencyResult[];
}

/** The targets set for this machine (README, "Simulator, benchmarks, fault injection"). */
export const TARGETS = {
  trackerEventsPerSecond: 10_000,
  trackerOverLimit: 0.45,
  trackerOverNaive: 20,
  /** p99 of POST→202 and of 202→SSE, by event rate; rates not named here carry no target. */
  latencyP99MsByRate: { 50: 100, 200: 100, 1000: 500 } as Record<number, number>,
};

export interface TargetVerdict {
  target: string;
  /** The measured figure (null when the run did not measure it, e.g. the api served no stream). */
  value: number | null;
  limit: number;
  comparison: '>=' | '<';
  met: boolean;
}

/** One run of the tracker and its ratio to the mean of the limit's runs on either side of it. */
export interface TrackerRound {
  eventsPerSecond: number;
  ratioToLimit: number | null;
}

export interface BenchSummary {
  /**
   * With several rounds, `eventsPerSecond` and `ratioToLimit` are the median round's (`rounds` holds each), and
   * `ratioToNaive` is the median events/s over the naive peer's.
   */
  tracker?: {
    eventsPerSecond: number;
    ratioToLimit: number | null;
    ratioToNaive: number | null;
    rounds?: TrackerRound[];
  };
  /**
   * The limit's events/s: the mean of its runs, which bracket the tracker's. `runs` is absent in files written
   * before the bracketing, which hold one run.
   */
  limit?: { eventsPerSecond: number; runs?: number[]; ratioToNaive?: number | null };
  naive?: { eventsPerSecond: number };
  /** By target rate (events/s): the p99s the latency targets are about, in ms. */
  latency?: Record<
    string,
    { achievedEventsPerSecond: number; postTo202P99Ms: number | null; acceptedToStreamP99Ms: number | null }
  >;
  targets: TargetVerdict[];
  targetsMet: number;
  targetsMissed: number;
}

function finite(value: number | null | undefined): number | null {
  return value === null || value === undefined || !Number.isFinite(value) ? null : value;
}

function verdictOf(
  target: string,
  value: number | null,
  comparison: TargetVerdict['comparison'],
  limit: number,
): TargetVerdict {
  const met = value !== null && (comparison === '>=' ? value >= limit : value < limit);
  return { target, value, limit, comparison, met };
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** The middle value; with an even count, the mean of the two middle ones. */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Each tracker run with its ratio to the mean of the limit's runs next to it in the run order, the one before and
 * the one after (only one of them in files written before the bracketing; none when the limit did not run).
 */
function trackerRounds(runs: readonly ConsumerResult[]): TrackerRound[] {
  return runs.flatMap((run, index) => {
    if (run.consumer !== 'tracker') return [];
    const before = runs.slice(0, index).findLast((other) => other.consumer === 'limit');
    const after = runs.slice(index + 1).find((other) => other.consumer === 'limit');
    const sides = [before, after].filter((side) => side !== undefined).map((side) => side.eventsPerSecond);
    const limit = sides.length > 0 ? mean(sides) : null;
    return [
      {
        eventsPerSecond: run.eventsPerSecond,
        ratioToLimit: limit === null ? null : finite(run.eventsPerSecond / limit),
      },
    ];
  });
}

/** The figures a reader (or a script) wants first, and each target met or missed, from a run's results. */
export function summarize(results: BenchResults): BenchSummary {
  const summary: BenchSummary = { targets: [], targetsMet: 0, targetsMissed: 0 };
  const byName = new Map((results.consumers?.results ?? []).map((result) => [result.consumer, result]));
  const rounds = trackerRounds(results.consumers?.results ?? []);
  const limitRuns = (results.consumers?.results ?? [])
    .filter((result) => result.consumer === 'limit')
    .map((result) => result.eventsPerSecond);
  const limit: BenchSummary['limit'] =
    limitRuns.length > 0 ? { eventsPerSecond: mean(limitRuns), runs: limitRuns } : undefined;
  const naive = byName.get('naive');
  if (limit) summary.limit = limit;
  if (naive) summary.naive = { eventsPerSecond: naive.eventsPerSecond };
  // The most tracker ÷ naive can be in this run: the limit stores each event and does nothing else, so a tracker
  // that also decides, keeps history and announces cannot outrun it. The limit is bound by the machine's CPU and
  // the naive peer by its round trips and WAL flushes, which drift apart from one run (and machine) to the next.
  if (limit && naive) limit.ratioToNaive = finite(limit.eventsPerSecond / naive.eventsPerSecond);
  if (rounds.length > 0) {
    // The median round, not the best: a lucky round decides nothing, and neither does an unlucky one.
    const eventsPerSecond = median(rounds.map((round) => round.eventsPerSecond));
    const ratios = rounds.flatMap((round) => (round.ratioToLimit === null ? [] : [round.ratioToLimit]));
    summary.tracker = {
      eventsPerSecond,
      ratioToLimit: ratios.length > 0 ? median(ratios) : null,
      ratioToNaive: naive ? finite(eventsPerSecond / naive.eventsPerSecond) : null,
      ...(rounds.length > 1 ? { rounds } : {}),
    };
    summary.targets.push(
      verdictOf('tracker events/s', eventsPerSecond, '>=', TARGETS.trackerEventsPerSecond),
    );
    if (limit)
      summary.targets.push(
        verdictOf('tracker ÷ limit', summary.tracker.ratioToLimit, '>=', TARGETS.trackerOverLimit),
      );
    if (naive)
      summary.targets.push(
        verdictOf('tracker ÷ naive', summary.tracker.ratioToNaive, '>=', TARGETS.trackerOverNaive),
      );
  }
  if (results.latency && results.latency.length > 0) {
    summary.latency = {};
    for (const run of results.latency) {
      const post = finite(run.postMs.p99);
      const stream = finite(run.transitionOnStreamMs?.p99);
      summary.latency[String(run.targetEventsPerSecond)] = {
        achievedEventsPerSecond: run.achievedEventsPerSecond,
        postTo202P99Ms: post,
        acceptedToStreamP99Ms: stream,
      };
      const limitMs = TARGETS.latencyP99MsByRate[run.targetEventsPerSecond];
      if (limitMs === undefined) continue;
      summary.targets.push(
        verdictOf(`POST→202 p99 at ${run.targetEventsPerSecond}/s, ms`, post, '<', limitMs),
        verdictOf(`202→SSE p99 at ${run.targetEventsPerSecond}/s, ms`, stream, '<', limitMs),
      );
    }
  }
  summary.targetsMet = summary.targets.filter((target) => target.met).length;
  summary.targetsMissed = summary.targets.length - summary.targetsMet;
  return summary;
}

function n(value: number, digits = 0): string {
  return Number.isFinite(value)
    ? value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : '—';
}

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const line = (row: string[]) =>
    `| ${row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join(' | ')} |`;
  return [
    line(rows[0]),
    `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`,
    ...rows.slice(1).map(line),
  ];
}

/**
 * A target's measured figure, with as many more digits as it takes for the figure not to contradict its verdict:
 * 0.44995 against "≥ 0.45" reads 0.4499, not a 0.45 marked MISSED.
 */
function measuredFigure(target: TargetVerdict & { value: number }): string {
  const digits = target.limit <= 20 ? 2 : 0;
  for (let shown = digits; shown < digits + 4; shown += 1) {
    const rounded = Number(target.value.toFixed(shown));
    const readsAsMet = target.comparison === '>=' ? rounded >= target.limit : rounded < target.limit;
    if (readsAsMet === target.met) return n(target.value, shown);
  }
  return n(target.value, digits + 4);
}

/** The run as tables a person reads (and pastes into a closing note). */
export function renderBenchTable(results: BenchResults): string {
  const out: string[] = [
    `Benchmark ${results.runId} — ${results.machine.cpus} × ${results.machine.cpuModel}, ${results.machine.memoryGb} GB, node ${results.machine.node}; ` +
      `load average ${n(results.machine.loadAverageAtStart, 1)} at start, ${n(results.machine.loadAverageAtEnd ?? Number.NaN, 1)} at end (other work on the machine shares the cores)`,
    '',
  ];
  // The verdicts the run wrote (or, for an older file, computed now): the tables quote them, never redo them.
  const summary = results.summary ?? summarize(results);
  const consumers = results.consumers;
  if (consumers) {
    const tracker = summary.tracker;
    const rounds = tracker?.rounds;
    out.push(
      `Consumers: ${n(consumers.corpusEvents)} pre-produced events (simulated factory), each consumer alone, own group, own database`,
    );
    out.push(
      ...table([
        [
          'consumer',
          'events/s',
          'events',
          'seconds',
          'CPU ms/1k events (process + its PG backends)',
          'peak RSS MB',
          'tracker ÷ this',
        ],
        ...consumers.results.map((result) => [
          result.consumer +
            (result.round ? `, ${result.round}` : '') +
            (result.complete ? '' : ' (time-boxed)'),
          n(result.eventsPerSecond),
          n(result.events),
          n(result.seconds, 1),
          result.cpuMsPerThousand
            ? `${n(result.cpuMsPerThousand.consumer)} + ${n(result.cpuMsPerThousand.postgres)}`
            : '—',
          n(result.peakRssMb ?? Number.NaN),
          // With several rounds, a tracker row's ratio to the median would say nothing; its round's is below.
          tracker && !(rounds && result.consumer === 'tracker')
            ? n(tracker.eventsPerSecond / result.eventsPerSecond, 2)
            : '—',
        ]),
      ]),
    );
    const limit = summary.limit;
    const ratio = summary.tracker?.ratioToLimit;
    if (rounds && ratio != null) {
      out.push(
        `tracker ÷ limit by round, each to the mean of the limit's runs on either side: ` +
          `${rounds.map((round) => (round.ratioToLimit === null ? '—' : n(round.ratioToLimit, 2))).join(', ')}; ` +
          `the verdicts take the median round: ${n(ratio, 2)}, and the tracker's median events/s, ${n(tracker.eventsPerSecond)}`,
      );
    } else if (limit?.runs && limit.runs.length > 1 && ratio != null) {
      const [before, after] = limit.runs;
      out.push(
        `tracker ÷ limit is taken to the mean of the limit's runs before and after the tracker's (${n(limit.eventsPerSecond)} events/s): ` +
          `${n(ratio, 2)}; the two runs differ by ${n((100 * Math.abs(before - after)) / limit.eventsPerSecond)} % of it`,
      );
    }
    for (const result of consumers.results) {
      if (!result.announcing) continue;
      const { pendingAtEnd, caughtUpSeconds } = result.announcing;
      out.push(
        `${result.consumer}${result.round ? `, ${result.round}` : ''}: ${n(pendingAtEnd)} transitions still to announce ` +
          `when the last event was applied; ` +
          (caughtUpSeconds === null
            ? 'not all announced within the wait'
            : `all announced ${n(caughtUpSeconds, 1)} s later (${n(result.events / (result.seconds + caughtUpSeconds))} events/s to the last announcement)`),
      );
    }
    const ceiling = limit?.ratioToNaive;
    if (ceiling != null)
      out.push(
        `tracker ÷ naive cannot exceed limit ÷ naive, ${n(ceiling, 2)} in this run` +
          (ceiling < TARGETS.trackerOverNaive
            ? `: the ${TARGETS.trackerOverNaive} × target is out of reach of any consumer that stores each event`
            : `: the ${TARGETS.trackerOverNaive} × target needs the tracker at ${n(TARGETS.trackerOverNaive / ceiling, 2)} × the limit`),
      );
    out.push('');
  }
  if (results.ingest) {
    out.push(
      `Ingest alone (autocannon in its own process; peak RSS ${n(results.ingest.peakRssMb ?? Number.NaN)} MB)`,
    );
    out.push(
      ...table([
        [
          'posts',
          'connections',
          'requests/s',
          'events/s',
          'p50 ms',
          'p99 ms',
          'p99.9 ms',
          'ingest CPU ms/request',
          'non-202',
          '5xx',
        ],
        ...results.ingest.runs.map((run) => [
          run.mode === 'single' ? 'single event' : `batch of ${run.batchSize}`,
          n(run.connections),
          n(run.requestsPerSecond),
          n(run.eventsPerSecond),
          n(run.latencyMs.p50),
          n(run.latencyMs.p99),
          n(run.latencyMs.p99_9),
          n(run.cpuMsPerRequest ?? Number.NaN, 2),
          n(
            Object.entries(run.statusCodes)
              .filter(([code]) => code !== '202')
              .reduce((sum, [, count]) => sum + count, 0) + run.errors,
          ),
          n(run.serverErrors),
        ]),
      ]),
    );
    out.push('');
  }
  if (results.pipeline) {
    const pipeline = results.pipeline;
    out.push(
      `Through ingest into the tracker: ${n(pipeline.events)} events posted in batches of up to ${pipeline.batchSize}`,
    );
    out.push(
      ...table([
        ['measure', 'value'],
        ['events/s through the tracker (first POST → all applied)', n(pipeline.trackerEventsPerSecond)],
        ['events/s posted (first POST → last 202)', n(pipeline.postedEventsPerSecond)],
        ['tracker lag after the last 202, s', n(pipeline.trackerLagSecondsAfterLastPost, 2)],
        [
          'peak RSS ingest / tracker, MB',
          `${n(pipeline.peakRssMb.ingest ?? Number.NaN)} / ${n(pipeline.peakRssMb.tracker ?? Number.NaN)}`,
        ],
      ]),
    );
    out.push('');
  }
  if (results.latency && results.latency.length > 0) {
    out.push(
      'End to end at a sustained event rate (terminals post each event as it happens; ingest + tracker + api running)',
    );
    out.push(
      ...table([
        [
          'target/s',
          'achieved/s',
          'events/POST',
          'POST→202 p50',
          'p99',
          'p99.9',
          '202→SSE p50',
          'p99',
          'p99.9',
          '202→topic p50/p99',
          '202→GET /v1/racks p50/p99',
          'GET samples',
        ],
        ...results.latency.map((run) => [
          n(run.targetEventsPerSecond),
          n(run.achievedEventsPerSecond),
          n(run.eventsPerRequest, 1),
          n(run.postMs.p50),
          n(run.postMs.p99),
          n(run.postMs.p99_9),
          n(run.transitionOnStreamMs?.p50 ?? Number.NaN),
          n(run.transitionOnStreamMs?.p99 ?? Number.NaN),
          n(run.transitionOnStreamMs?.p99_9 ?? Number.NaN),
          `${n(run.transitionPublishedMs.p50)}/${n(run.transitionPublishedMs.p99)}`,
          `${n(run.visibleInApiMs.p50)}/${n(run.visibleInApiMs.p99)}`,
          n(run.visibleInApiMs.samples),
        ]),
      ]),
    );
    out.push(
      '',
      'CPU over each latency run (% of one core: ingest / tracker / api, the Kafka broker, all PostgreSQL processes, the benchmark itself; machine = all cores, everything on it)',
    );
    const services = ['ingest', 'tracker', 'api'];
    out.push(
      ...table([
        [
          'target/s',
          'CPU ms/event i/t/a',
          '% of one core i/t/a',
          'kafka / postgres / bench %',
          'machine busy %',
          'peak RSS i/t/a MB',
        ],
        ...results.latency.map((run) => [
          n(run.targetEventsPerSecond),
          services.map((name) => n(run.cpuMsPerEvent[name] ?? Number.NaN, 2)).join(' / '),
          services.map((name) => n(run.cpuPercentOfCore?.[name] ?? Number.NaN)).join(' / '),
          run.sharedCpuPercentOfCore
            ? [
                run.sharedCpuPercentOfCore.kafka,
                run.sharedCpuPercentOfCore.postgres,
                run.sharedCpuPercentOfCore.benchmark,
              ]
                .map((value) => n(value ?? Number.NaN))
                .join(' / ')
            : '—',
          n(run.machineBusyPercent ?? Number.NaN),
          services.map((name) => n(run.peakRssMb[name] ?? Number.NaN)).join(' / '),
        ]),
      ]),
    );
    for (const run of results.latency) {
      const stages = run.stagesMs;
      // Runs before the stream stage existed (a consumer probe measured that leg) have no line to render.
      if (stages?.relayProduceToStream)
        out.push(
          `  at ${n(run.targetEventsPerSecond)}/s, 202→SSE by stage p50/p99 ms: 202 → tracker transaction ${n(stages.acceptedToTrackerTransaction.p50)}/${n(stages.acceptedToTrackerTransaction.p99)}, ` +
            `→ relay produced ${n(stages.trackerTransactionToRelayProduce.p50)}/${n(stages.trackerTransactionToRelayProduce.p99)}, → on the stream ${n(stages.relayProduceToStream.p50)}/${n(stages.relayProduceToStream.p99)}`,
        );
    }
    for (const run of results.latency) {
      const chunks = run.trackerChunks;
      if (chunks)
        out.push(
          `  at ${n(run.targetEventsPerSecond)}/s the tracker ran ${n(chunks.count)} chunk transactions of ${n(chunks.eventsPerChunk, 1)} events on average, ` +
            `${n(chunks.meanMs, 1)} ms each (p50 ≤ ${n(chunks.p50Ms)}, p99 ≤ ${n(chunks.p99Ms)} ms)`,
        );
    }
    for (const run of results.latency) {
      const server = run.ingestServerPostMs;
      out.push(
        `  at ${n(run.targetEventsPerSecond)}/s: ingest's own POST time p50/p99 ≤ ${server ? `${n(server.p50)}/${n(server.p99)}` : '—'} ms; ` +
          `the benchmark's event loop lagged p50/p99 ${n(run.observerLagMs?.p50 ?? Number.NaN)}/${n(run.observerLagMs?.p99 ?? Number.NaN)} ms (part of every figure above)`,
      );
    }
    out.push('');
  }
  if (summary.targets.length > 0) {
    out.push(`Targets: ${summary.targetsMet} met, ${summary.targetsMissed} missed`);
    out.push(
      ...table([
        ['target', 'measured', 'wanted', 'verdict'],
        ...summary.targets.map((target) => [
          target.target,
          target.value === null ? '—' : measuredFigure({ ...target, value: target.value }),
          `${target.comparison === '>=' ? '≥' : '<'} ${n(target.limit, target.limit < 1 ? 2 : 0)}`,
          target.met ? 'met' : 'MISSED',
        ]),
      ]),
    );
  }
  return out.join('\n');
}
