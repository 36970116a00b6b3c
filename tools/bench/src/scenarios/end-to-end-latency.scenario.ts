import { readdirSync, readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { TOPICS } from '#contracts';
import { largeFactoryConfig, Simulation, type SimulationOptions } from '#simulator';
import { BENCH_ADMIN_TOKEN, startService, type BenchContext } from '../support/bench-context.js';
import { probePool } from '../support/bench-stack.js';
import { percentiles, type Percentiles } from '../support/percentiles.js';
import { cpuSeconds, readServerSentEvents, type NodeProcess } from '#testing';
import { TopicReplay } from '#messaging';

export interface EndToEndLatencyResult {
  targetEventsPerSecond: number;
  achievedEventsPerSecond: number;
  seconds: number;
  events: number;
  /** Terminals post singly when idle and batch what is waiting when behind: events per request on average. */
  eventsPerRequest: number;
  /** POST → 202 as a terminal sees it. */
  postMs: Percentiles;
  /**
   * 202 → the transition published on rack-transitions (what the api's live stream relays): its Kafka
   * timestamp, read back from the topic after the run, so no extra consumer loads the machine during it.
   */
  transitionPublishedMs: Percentiles & { samples: number };
  /**
   * Where 202→SSE goes, stage by stage (every stage on this machine's one clock): 202 → the tracker's
   * transaction that applied the event began (rack_transition.recorded_at); → the relay produced the
   * transition (its Kafka timestamp); → the api's live stream delivered it.
   */
  stagesMs?: {
    acceptedToTrackerTransaction: Percentiles;
    trackerTransactionToRelayProduce: Percentiles;
    relayProduceToStream: Percentiles;
    samples: number;
  };
  /** 202 → the transition on the api's live stream (GET /v1/stream); null when the api has no stream. */
  transitionOnStreamMs: (Percentiles & { samples: number }) | null;
  /** 202 → the new state in GET /v1/racks/:serial (sampled; includes the GET itself and ≤ pollMs of polling). */
  visibleInApiMs: Percentiles & { samples: number; pollMs: number };
  peakRssMb: Record<string, number | null>;
  /** CPU each service spent per event over the run (what bounds the rate on a machine of this size). */
  cpuMsPerEvent: Record<string, number | null>;
  /** Each service's CPU over the run as a share of one core (100 = one core busy the whole run). */
  cpuPercentOfCore: Record<string, number | null>;
  /**
   * The whole machine's CPU over the run, as a share of all its cores (Kafka, PostgreSQL, the benchmark and
   * whatever else runs here included): near 100 the figures above measure a saturated machine, not the design.
   */
  machineBusyPercent: number | null;
  /**
   * The rest of the machine over the run, % of one core: the Kafka broker, every PostgreSQL process (the
   * services' backends among them) and this benchmark's own process (the terminals, the stream and the probes).
   */
  sharedCpuPercentOfCore?: { kafka: number | null; postgres: number | null; benchmark: number };
  /**
   * How late the benchmark's own event loop ran (it posts, reads the stream and polls): every time above is
   * observed through it, so this much of each figure may be the observer's, not the system's.
   */
  observerLagMs: { p50: number; p99: number };
  /**
   * The tracker's chunks over the measured run (tracker_batch_seconds, the warm-up's left out): how many transactions it ran, how many
   * events each carried, and how long one took (p50/p99 are bucket upper bounds).
   */
  trackerChunks?: {
    count: number;
    eventsPerChunk: number;
    meanMs: number;
    p50Ms: number;
    p99Ms: number;
  } | null;
  /** POST latency as ingest itself measured it (http_request_duration_seconds, bucket upper bounds). */
  ingestServerPostMs: { p50: number; p99: number } | null;
}

/** Percentile upper bounds from a Prometheus histogram's cumulative buckets in a /metrics text. */
function histogramPercentiles(
  metrics: string,
  name: string,
  match: string,
): { p50: number; p99: number } | null {
  const buckets = new Map<number, number>();
  for (const line of metrics.split('\n')) {
    if (!line.startsWith(`${name}_bucket{`) || !line.includes(match)) continue;
    const le = /le="([^"]+)"/.exec(line)?.[1];
    const count = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (le === undefined || !Number.isFinite(count)) continue;
    const bound = le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le);
    buckets.set(bound, (buckets.get(bound) ?? 0) + count);
  }
  const sorted = [...buckets].sort(([a], [b]) => a - b);
  const total = sorted.at(-1)?.[1] ?? 0;
  if (total === 0) return null;
  const at = (fraction: number) =>
    (sorted.find(([, count]) => count >= fraction * total)?.[0] ?? Number.POSITIVE_INFINITY) * 1000;
  return { p50: at(0.5), p99: at(0.99) };
}

/**
 * What counters and histograms counted between two scrapes of a /metrics text: each series of `after` less its
 * value in `before`. The warm-up's requests and chunks are in both, so only the measured run's remain.
 */
function countedSince(before: string, after: string): string {
  const series = (line: string) => line.slice(0, line.lastIndexOf(' '));
  const value = (line: string) => Number(line.slice(line.lastIndexOf(' ') + 1));
  const earlier = new Map(
    before
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map((line) => [series(line), value(line)]),
  );
  return after
    .split('\n')
    .map((line) =>
      line === '' || line.startsWith('#')
        ? line
        : `${series(line)} ${value(line) - (earlier.get(series(line)) ?? 0)}`,
    )
    .join('\n');
}

/** tracker_batch_seconds' count, mean and percentiles, with the events each chunk carried on average. */
function chunkFigures(metrics: string, events: number): EndToEndLatencyResult['trackerChunks'] {
  const value = (name: string) => {
    const line = metrics
      .split('\n')
      .find((entry) => entry.startsWith(`${name} `) || entry.startsWith(`${name}{`));
    return line === undefined ? Number.NaN : Number(line.slice(line.lastIndexOf(' ') + 1));
  };
  const count = value('tracker_batch_seconds_count');
  const sum = value('tracker_batch_seconds_sum');
  const shape = histogramPercentiles(metrics, 'tracker_batch_seconds', '');
  if (!Number.isFinite(count) || count === 0 || shape === null) return null;
  return {
    count,
    eventsPerChunk: events / count,
    meanMs: (sum * 1000) / count,
    p50Ms: shape.p50,
    p99Ms: shape.p99,
  };
}

const POLL_MS = 10;
const DEFAULT_GET_SAMPLES_PER_SECOND = 2;

/** CPU seconds so far of the broker (a java process running kafka.Kafka) and of all postgres processes. */
function sharedCpuSeconds(): { kafka: number | null; postgres: number | null } {
  let kafka: number | null = null;
  let postgres: number | null = null;
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return { kafka, postgres };
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const command = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (command !== 'postgres' && command !== 'java') continue;
      const seconds = cpuSeconds(Number(pid)) ?? 0;
      if (command === 'postgres') postgres = (postgres ?? 0) + seconds;
      else if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('kafka.Kafka'))
        kafka = (kafka ?? 0) + seconds;
    } catch {
      // Gone between the listing and the read.
    }
  }
  return { kafka, postgres };
}

/** Busy and total jiffies of all cores together (the first line of /proc/stat), or null off Linux. */
function machineJiffies(): { busy: number; total: number } | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const total = fields.reduce((sum, value) => sum + value, 0);
    // idle and iowait are the cores' spare time; everything else is work.
    return { busy: total - fields[3] - (fields[4] ?? 0), total };
  } catch {
    return null;
  }
}

/**
 * Sustained load at a fixed event rate from terminals posting as things happen (one event per POST when the
 * terminal is idle, what has queued up when it is not), with ingest, tracker and api running: how long after the
 * 202 a transition is on the live stream, on rack-transitions, and visible in the read API.
 */
export async function runEndToEndLatency(
  context: BenchContext,
  options: {
    eventsPerSecond: number;
    seconds: number;
    warmupSeconds?: number;
    samplesPerSecond?: number;
    maxBatch?: number;
  },
): Promise<EndToEndLatencyResult> {
  const label = `latency${options.eventsPerSecond}`;
  const prefix = `bench-${context.runId}-${label}.`;
  await context.stack.createTopics(prefix);
  const databaseUrl = await context.stack.createDatabase(`bench_${context.runId}_${label}`);
  const env = { DATABASE_URL: databaseUrl, KAFKA_TOPIC_PREFIX: prefix, LOG_LEVEL: 'warn' };
  const processes: NodeProcess[] = [];
  try {
    const ingest = await startService(context, 'ingest', env);
    const tracker = await startService(context, 'tracker', {
      ...env,
      TRACKER_CONSUMER_GROUP: `bench-${context.runId}-${label}`,
    });
    const api = await startService(context, 'api', env);
    processes.push(ingest, tracker, api);

    // 202 times by event id; every transition on the stream is matched against them.
    const answeredAt = new Map<string, number>();

    // The dashboard's view: the api's Server-Sent Events stream, every transition matched against its 202.
    const streamed: number[] = [];
    const streamedAt = new Map<string, number>();
    const stream = await readServerSentEvents(
      `${api.url}/v1/stream`,
      { authorization: `Bearer ${BENCH_ADMIN_TOKEN}` },
      'transition',
      (data, at) => {
        const eventId = (data as { eventId?: string }).eventId ?? '';
        const posted = answeredAt.get(eventId);
        if (posted === undefined) return;
        streamed.push(at - posted);
        streamedAt.set(eventId, at);
      },
    );
    if (stream === null)
      context.say('latency: the api serves no /v1/stream; measuring on rack-transitions only');

    const visible: number[] = [];
    const pollers = new Set<Promise<void>>();
    // Few samples: each one polls GET /v1/racks every POLL_MS until the event shows, and at 20 a second those
    // polls were hundreds of requests a second, enough to load the api and PostgreSQL they are measuring.
    const sampleEvery = Math.max(
      1,
      Math.round(options.eventsPerSecond / (options.samplesPerSecond ?? DEFAULT_GET_SAMPLES_PER_SECOND)),
    );
    let answeredCount = 0;
    const poll = async (serial: string, eventId: string, at: number) => {
      const deadline = at + 30_000;
      while (Date.now() < deadline) {
        const response = await fetch(`${api.url}/v1/racks/${encodeURIComponent(serial)}`, {
          headers: { authorization: `Bearer ${BENCH_ADMIN_TOKEN}` },
        });
        if (response.ok) {
          const body = (await response.json()) as { history?: { eventId: string }[] };
          if (body.history?.some((entry) => entry.eventId === eventId)) {
            visible.push(Date.now() - at);
            return;
          }
        } else await response.text();
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    };

    // The factory's terminals posting at the run's rate for `seconds`; the warm-up's racks are its own (runId).
    const terminalsAt = (runIdPrefix: string, seconds: number): SimulationOptions => ({
      ingestUrl: ingest.url!,
      adminToken: BENCH_ADMIN_TOKEN,
      config: largeFactoryConfig(13, 6),
      runId: `${runIdPrefix}${options.eventsPerSecond}${context.runId}`.slice(0, 8),
      start: Date.now() - 10 * 86_400_000,
      pacing: { kind: 'rate', eventsPerSecond: options.eventsPerSecond },
      maxBatch: options.maxBatch ?? 50,
      stop: { durationMs: seconds * 1000 },
      drainTimeoutMs: 30_000,
    });

    // Fresh processes, topics and consumer groups: JIT compilation, the broker's first use of the new partitions
    // and the groups settling would otherwise be measured as the line's latency. A line's services run for
    // weeks; the warm-up is the same load at the same rate (other racks), not measured.
    const warmupSeconds = options.warmupSeconds ?? 0;
    if (warmupSeconds > 0) {
      context.say(
        `latency: warming up at ${options.eventsPerSecond} events/s for ${warmupSeconds} s (not measured)`,
      );
      await new Simulation(terminalsAt('W', warmupSeconds)).run();
    }

    const postLatencies: number[] = [];
    const simulation = new Simulation({
      ...terminalsAt('L', options.seconds),
      onAnswered: (answered) => {
        for (const post of answered) {
          if (post.answer !== 'accepted') continue;
          answeredAt.set(post.sent.eventId, post.answeredAt);
          postLatencies.push(post.answeredAt - post.firstSentAt);
          answeredCount += 1;
          if (answeredCount % sampleEvery === 0) {
            const poller = poll(post.sent.rackSerial, post.sent.eventId, post.answeredAt).finally(() =>
              pollers.delete(poller),
            );
            pollers.add(poller);
          }
        }
      },
    });
    context.say(
      `latency: ${options.eventsPerSecond} events/s for ${options.seconds} s from terminals posting as events happen (ingest + tracker + api)`,
    );
    const scrapeMetrics = () =>
      Promise.all(
        [ingest, tracker].map((service) =>
          fetch(`${service.url}/metrics`).then(
            (response) => response.text(),
            () => '',
          ),
        ),
      );
    const metricsAtStart = await scrapeMetrics();
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    const cpuAtStart = processes.map((process) => cpuSeconds(process.pid));
    const machineAtStart = machineJiffies();
    const sharedAtStart = sharedCpuSeconds();
    const benchmarkAtStart = process.cpuUsage();
    const report = await simulation.run();
    const cpuAtEnd = processes.map((process) => cpuSeconds(process.pid));
    const machineAtEnd = machineJiffies();
    const sharedAtEnd = sharedCpuSeconds();
    const benchmarkSpent = process.cpuUsage(benchmarkAtStart);
    lag.disable();
    const [ingestMetrics, trackerMetrics] = (await scrapeMetrics()).map((text, index) =>
      countedSince(metricsAtStart[index]!, text),
    );
    await Promise.all(pollers);
    // Let the last transitions arrive.
    const until = Date.now() + 10_000;
    while (stream !== null && streamed.length < answeredAt.size && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    stream?.close();
    const producedAt = await produceTimes(context, `${prefix}${TOPICS.rackTransitions.name}`, answeredAt);
    const published = [...producedAt].map(([eventId, at]) => at - answeredAt.get(eventId)!);
    const stagesMs = await stageBreakdown(databaseUrl, answeredAt, producedAt, streamedAt);

    const result: EndToEndLatencyResult = {
      targetEventsPerSecond: options.eventsPerSecond,
      achievedEventsPerSecond: report.stats.answered / (report.wallMs / 1000),
      seconds: report.wallMs / 1000,
      events: report.stats.answered,
      eventsPerRequest: report.stats.answered / Math.max(1, report.stats.requests),
      postMs: percentiles(postLatencies),
      transitionPublishedMs: { ...percentiles(published), samples: published.length },
      stagesMs,
      transitionOnStreamMs: stream === null ? null : { ...percentiles(streamed), samples: streamed.length },
      visibleInApiMs: { ...percentiles(visible), samples: visible.length, pollMs: POLL_MS },
      peakRssMb: { ingest: ingest.peakRssMb(), tracker: tracker.peakRssMb(), api: api.peakRssMb() },
      observerLagMs: { p50: lag.percentile(50) / 1e6, p99: lag.percentile(99) / 1e6 },
      trackerChunks: chunkFigures(trackerMetrics, report.stats.answered),
      ingestServerPostMs: histogramPercentiles(
        ingestMetrics,
        'http_request_duration_seconds',
        'method="POST",route="/v1/events',
      ),
      cpuMsPerEvent: Object.fromEntries(
        processes.map((process, index) => {
          const spent = cpuSpent(cpuAtStart[index], cpuAtEnd[index]);
          return [process.name, spent === null ? null : (spent * 1000) / Math.max(1, report.stats.answered)];
        }),
      ),
      cpuPercentOfCore: Object.fromEntries(
        processes.map((process, index) => {
          const spent = cpuSpent(cpuAtStart[index], cpuAtEnd[index]);
          return [process.name, spent === null ? null : (spent * 100_000) / Math.max(1, report.wallMs)];
        }),
      ),
      sharedCpuPercentOfCore: {
        kafka: percentOfCore(cpuSpent(sharedAtStart.kafka, sharedAtEnd.kafka), report.wallMs),
        postgres: percentOfCore(cpuSpent(sharedAtStart.postgres, sharedAtEnd.postgres), report.wallMs),
        benchmark:
          percentOfCore((benchmarkSpent.user + benchmarkSpent.system) / 1e6, report.wallMs) ?? Number.NaN,
      },
      machineBusyPercent:
        machineAtStart === null || machineAtEnd === null || machineAtEnd.total === machineAtStart.total
          ? null
          : ((machineAtEnd.busy - machineAtStart.busy) * 100) / (machineAtEnd.total - machineAtStart.total),
    };
    context.say(
      `latency at ${options.eventsPerSecond}/s: achieved ${Math.round(result.achievedEventsPerSecond)}/s; POST→202 p50 ${result.postMs.p50} p99 ${result.postMs.p99} ms; 202→published p50 ${result.transitionPublishedMs.p50} p99 ${result.transitionPublishedMs.p99} ms; ` +
        `202→SSE p50 ${result.transitionOnStreamMs?.p50 ?? '—'} p99 ${result.transitionOnStreamMs?.p99 ?? '—'} ms; 202→GET p50 ${result.visibleInApiMs.p50} p99 ${result.visibleInApiMs.p99} ms`,
    );
    return result;
  } finally {
    for (const process of processes.reverse()) await process.stop();
  }
}

/**
 * When the relay produced each of the run's transitions (their Kafka timestamps), read from the topic once the
 * run is over: a consumer fetching during the run would itself load the broker and the machine measured.
 */
async function produceTimes(
  context: BenchContext,
  topic: string,
  answeredAt: ReadonlyMap<string, number>,
): Promise<Map<string, number>> {
  const producedAt = new Map<string, number>();
  await new TopicReplay(context.stack.kafka, { topic, chunkSize: 5000, concurrency: 4 }).run(
    async (batch) => {
      for (const message of batch.messages) {
        const eventId = (JSON.parse(message.value?.toString('utf8') ?? '{}') as { eventId?: string }).eventId;
        if (eventId !== undefined && answeredAt.has(eventId))
          producedAt.set(eventId, Number(message.timestamp));
      }
    },
  );
  return producedAt;
}

/** 202 → tracker transaction → relay produce → live stream, per transition, from the tracker's own rows. */
async function stageBreakdown(
  databaseUrl: string,
  answeredAt: ReadonlyMap<string, number>,
  producedAt: ReadonlyMap<string, number>,
  streamedAt: ReadonlyMap<string, number>,
): Promise<EndToEndLatencyResult['stagesMs']> {
  const pool = probePool(databaseUrl);
  try {
    const { rows } = await pool.query<{ event_id: string; began: string }>(
      `SELECT event_id::text, (extract(epoch FROM recorded_at) * 1000)::float8 AS began FROM rack_transition`,
    );
    const toTracker: number[] = [];
    const toRelay: number[] = [];
    const toStream: number[] = [];
    for (const row of rows) {
      const accepted = answeredAt.get(row.event_id);
      const produced = producedAt.get(row.event_id);
      const streamed = streamedAt.get(row.event_id);
      if (accepted === undefined || produced === undefined || streamed === undefined) continue;
      const began = Number(row.began);
      toTracker.push(began - accepted);
      toRelay.push(produced - began);
      toStream.push(streamed - produced);
    }
    return {
      acceptedToTrackerTransaction: percentiles(toTracker),
      trackerTransactionToRelayProduce: percentiles(toRelay),
      relayProduceToStream: percentiles(toStream),
      samples: toTracker.length,
    };
  } finally {
    await pool.end();
  }
}

function percentOfCore(seconds: number | null, wallMs: number): number | null {
  return seconds === null ? null : (seconds * 100_000) / Math.max(1, wallMs);
}

function cpuSpent(start: number | null | undefined, end: number | null | undefined): number | null {
  return start === null || start === undefined || end === null || end === undefined ? null : end - start;
}
