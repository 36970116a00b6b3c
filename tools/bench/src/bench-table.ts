import type { ConsumerThroughputResult } from './scenarios/consumer-throughput.scenario.js';
import type { EndToEndLatencyResult } from './scenarios/end-to-end-latency.scenario.js';
import type { IngestLoadResult } from './scenarios/ingest-load.scenario.js';
import type { IngestToTrackerResult } from './scenarios/ingest-to-tracker.scenario.js';

export interface BenchResults {
  runId: string;
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

/** The targets set for this machine. */
export const TARGETS = {
  trackerEventsPerSecond: 10_000,
  trackerOverLimit: 0.5,
  trackerOverNaive: 20,
  endToEndP99Ms: 250,
  endToEndRate: 1000,
};

function n(value: number, digits = 0): string {
  return Number.isFinite(value)
    ? value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : '—';
}

function verdict(ok: boolean): string {
  return ok ? 'met' : 'NOT MET';
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

/** The run as tables a person reads (and pastes into a closing note). */
export function renderBenchTable(results: BenchResults): string {
  const out: string[] = [
    `Benchmark ${results.runId} — ${results.machine.cpus} × ${results.machine.cpuModel}, ${results.machine.memoryGb} GB, node ${results.machine.node}; ` +
      `load average ${n(results.machine.loadAverageAtStart, 1)} at start, ${n(results.machine.loadAverageAtEnd ?? Number.NaN, 1)} at end (other work on the machine shares the cores)`,
    '',
  ];
  const consumers = results.consumers;
  if (consumers) {
    const byName = new Map(consumers.results.map((result) => [result.consumer, result]));
    const tracker = byName.get('tracker');
    const limit = byName.get('limit');
    const naive = byName.get('naive');
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
          result.consumer + (result.complete ? '' : ' (time-boxed)'),
          n(result.eventsPerSecond),
          n(result.events),
          n(result.seconds, 1),
          result.cpuMsPerThousand
            ? `${n(result.cpuMsPerThousand.consumer)} + ${n(result.cpuMsPerThousand.postgres)}`
            : '—',
          n(result.peakRssMb ?? Number.NaN),
          tracker ? n(tracker.eventsPerSecond / result.eventsPerSecond, 2) : '—',
        ]),
      ]),
    );
    if (tracker) {
      out.push(
        `  tracker ≥ ${n(TARGETS.trackerEventsPerSecond)} events/s: ${verdict(tracker.eventsPerSecond >= TARGETS.trackerEventsPerSecond)}`,
      );
      if (limit)
        out.push(
          `  tracker ÷ limit = ${n(tracker.eventsPerSecond / limit.eventsPerSecond, 2)} (target ≥ ${TARGETS.trackerOverLimit}): ${verdict(tracker.eventsPerSecond / limit.eventsPerSecond >= TARGETS.trackerOverLimit)}`,
        );
      if (naive)
        out.push(
          `  tracker ÷ naive = ${n(tracker.eventsPerSecond / naive.eventsPerSecond, 1)} (target ≥ ${TARGETS.trackerOverNaive}): ${verdict(tracker.eventsPerSecond / naive.eventsPerSecond >= TARGETS.trackerOverNaive)}`,
        );
    }
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
          'POST→202 p50/p99',
          '202→SSE p50',
          'p99',
          'p99.9',
          '202→topic p50/p99',
          '202→GET /v1/racks p50',
          'p99',
          'GET samples',
          'CPU ms/event i/t/a',
          'peak RSS i/t/a MB',
        ],
        ...results.latency.map((run) => [
          n(run.targetEventsPerSecond),
          n(run.achievedEventsPerSecond),
          n(run.eventsPerRequest, 1),
          `${n(run.postMs.p50)}/${n(run.postMs.p99)}`,
          n(run.transitionOnStreamMs?.p50 ?? Number.NaN),
          n(run.transitionOnStreamMs?.p99 ?? Number.NaN),
          n(run.transitionOnStreamMs?.p99_9 ?? Number.NaN),
          `${n(run.transitionPublishedMs.p50)}/${n(run.transitionPublishedMs.p99)}`,
          n(run.visibleInApiMs.p50),
          n(run.visibleInApiMs.p99),
          n(run.visibleInApiMs.samples),
          ['ingest', 'tracker', 'api'].map((name) => n(run.cpuMsPerEvent[name] ?? Number.NaN, 2)).join('/'),
          `${n(run.peakRssMb.ingest ?? Number.NaN)}/${n(run.peakRssMb.tracker ?? Number.NaN)}/${n(run.peakRssMb.api ?? Number.NaN)}`,
        ]),
      ]),
    );
    for (const run of results.latency) {
      const server = run.ingestServerPostMs;
      out.push(
        `  at ${n(run.targetEventsPerSecond)}/s: ingest's own POST time p50/p99 ≤ ${server ? `${n(server.p50)}/${n(server.p99)}` : '—'} ms; ` +
          `the benchmark's event loop lagged p50/p99 ${n(run.observerLagMs?.p50 ?? Number.NaN)}/${n(run.observerLagMs?.p99 ?? Number.NaN)} ms (part of every figure above)`,
      );
    }
    const atTarget = results.latency.find((run) => run.targetEventsPerSecond === TARGETS.endToEndRate);
    if (atTarget) {
      const onStream = atTarget.transitionOnStreamMs;
      const p99 = onStream?.p99 ?? atTarget.transitionPublishedMs.p99;
      const where = onStream ? 'on the SSE stream' : 'on rack-transitions (the api has no stream)';
      out.push(
        `  202 → transition ${where}, p99 at ${n(TARGETS.endToEndRate)}/s = ${n(p99)} ms (target < ${TARGETS.endToEndP99Ms}): ${verdict(p99 < TARGETS.endToEndP99Ms)}`,
      );
    }
  }
  return out.join('\n');
}
