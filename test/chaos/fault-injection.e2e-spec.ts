import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { defaultFactoryConfig, type FactoryConfig, SeededRandom, Simulation } from '#simulator';
import {
  expectEventually,
  appliedCount,
  startService,
  type RunningService,
  ADMIN_TOKEN,
  createTestDatabase,
  createTestTopics,
  testKafka,
  readRackTransitions,
  unrelayedTransitions,
  type TestDatabase,
} from '#testing';
import { judgeChaosRun, noDiscrepancies } from './support/chaos-verdict.js';
import { AlertsUnderChaos, type AlertsVerdict } from './support/alerts-under-chaos.js';
import { FaultDriver, type FaultName } from './support/fault-driver.js';
import { readStationEvents } from './support/kafka-readback.js';
import { TOPICS } from '#contracts';

// Both forms run only on the private Kafka and PostgreSQL of `npm run test:chaos` (CHAOS_STACK_SCRIPT), never on the
// stack `npm run system` and the other suites use: restarting a broker is not something to do to anyone else.
// `npm run test:all` (CI) runs the short form through `npm run test:chaos -- --short`.
const MODE = process.env.CHAOS_MODE === 'full' ? 'full' : 'short';
const SEED = Number(process.env.CHAOS_SEED ?? (MODE === 'full' ? Date.now() % 1_000_000 : 6));
const FULL_MINUTES = Number(process.env.CHAOS_MINUTES ?? 8);

/** Terminals misbehaving more than usual, so every kind of refusal meets every kind of fault. */
function chaosFactory(seed: number): FactoryConfig {
  return {
    ...defaultFactoryConfig(seed),
    faults: {
      duplicate: 0.03,
      outOfOrder: 0.01,
      illegal: 0.01,
      clockSkew: 0.005,
      burstPerStationHour: 0.03,
      burstMinutes: 20,
    },
  };
}

/** The faults in order: a fixed sequence for CI; a seeded random one, for minutes, in the full form. */
function faultPlan(canRestartPostgres: boolean, withAlerts: boolean): FaultName[] {
  // CHAOS_FAULTS=restart_postgres,kill_tracker replays one chosen sequence (to chase a finding).
  if (process.env.CHAOS_FAULTS)
    return process.env.CHAOS_FAULTS.split(',').map((fault) => fault.trim() as FaultName);
  if (MODE === 'short')
    return ['kill_tracker', 'kill_postgres_connections', 'scale_out_and_in', 'restart_kafka', 'kill_tracker'];
  const random = new SeededRandom(SEED);
  const menu: FaultName[] = [
    'kill_tracker',
    'restart_kafka',
    canRestartPostgres ? 'restart_postgres' : 'kill_postgres_connections',
    'kill_postgres_connections',
    'scale_out_and_in',
  ];
  if (withAlerts) menu.push('pause_webhook_sink', 'kill_alerts');
  // Roughly one fault every 25 s of simulated traffic.
  return Array.from({ length: Math.max(5, Math.round((FULL_MINUTES * 60) / 25)) }, () => random.pick(menu));
}

async function messagesInTopic(prefix: string): Promise<number> {
  const admin = testKafka().admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(`${prefix}${TOPICS.stationEvents.name}`);
    return offsets.reduce((sum, { high }) => sum + Number(high), 0);
  } finally {
    await admin.disconnect();
  }
}

describe(`fault injection (${MODE}): the line under faults ends exactly where a reference replay does`, () => {
  let database: TestDatabase | undefined;
  let ingest: RunningService | undefined;
  let driver: FaultDriver | undefined;
  let alerts: AlertsUnderChaos | null = null;
  // Ends the simulated terminals if the test fails half-way: they would otherwise post for ever.
  const endSimulation = new AbortController();

  afterAll(async () => {
    endSimulation.abort();
    // Every service's log, kept for whoever has to explain a discrepancy.
    const logDir = resolve(import.meta.dirname, `../../test-results/chaos-${MODE}-logs`);
    mkdirSync(logDir, { recursive: true });
    const services = [
      ...(ingest ? [ingest] : []),
      ...(driver?.everyTracker ?? []),
      ...(alerts ? [...alerts.everyService, alerts.service] : []),
    ];
    services.forEach((service, index) =>
      writeFileSync(
        resolve(logDir, `${String(index).padStart(2, '0')}-${service.name}-${service.pid}.log`),
        `${service.logs.join('\n')}\n`,
      ),
    );
    await alerts?.stop();
    await driver?.stopAll();
    await ingest?.stop();
    await database?.drop();
  });

  it(
    `kill -9 trackers, restart Kafka, kill database connections${MODE === 'full' ? ', restart PostgreSQL' : ''}, scale 1→2→1 while terminals post: nothing lost, nothing doubled, nothing invented`,
    async () => {
      if (!process.env.CHAOS_STACK_SCRIPT)
        throw new Error(
          'fault injection restarts Kafka and runs only on its private stack: npm run test:chaos [-- --short]',
        );
      const prefix = await createTestTopics();
      database = await createTestDatabase('chaos');
      // The simulated factory opens 90 days back: a back-fill, which ingest and the tracker must both accept.
      const base = { DATABASE_URL: database.url, KAFKA_TOPIC_PREFIX: prefix, MAX_EVENT_AGE_DAYS: '120' };
      // Small chunks: many transactions, so every fault lands in the middle of one. The trackers' consumer group is
      // startService's default for the prefix, the one the alerts service watches for a stalled partition.
      driver = new FaultDriver(database, { ...base, TRACKER_CHUNK_SIZE: '50' });
      ingest = await startService('ingest', { ...base, KAFKA_SEND_TIMEOUT_MS: '3000' });
      await driver.startTracker();
      // The full form also runs the alerts service against a local chat sink (the CI form keeps to the pipeline).
      // Without it the full form would prove less than it claims: it fails at once rather than run on without.
      const alertsSkipped: string | null = MODE === 'full' ? null : 'short form';
      if (MODE === 'full') {
        const started = await AlertsUnderChaos.start(database, prefix, ['site-1']);
        if (typeof started === 'string')
          throw new Error(`the full form needs its alerts part, which could not start: ${started}`);
        alerts = started;
        driver.alerts = started;
      }

      const simulation = new Simulation({
        ingestUrl: ingest.url,
        adminToken: ADMIN_TOKEN,
        config: chaosFactory(SEED),
        runId: `C${SEED.toString(36)}${Date.now().toString(36).slice(-3)}`,
        // Far enough back that the simulated clock never catches up with the wall clock during the run.
        start: Date.now() - 90 * 86_400_000,
        pacing: { kind: 'rate', eventsPerSecond: MODE === 'full' ? 120 : 150 },
        maxBatch: 20,
        stop: {},
        keepOutcomes: true,
        maxRetryDelayMs: 2000,
        drainTimeoutMs: 120_000,
        signal: endSimulation.signal,
      });
      const finished = simulation.run();

      // Between faults, traffic must flow again: each fault waits until more posts have been answered since the last.
      const plan = faultPlan(driver.canRestartPostgres, alerts !== null);
      for (const fault of plan) {
        const before = simulation.progress().answered;
        await expectEventually(
          () =>
            expect(simulation.progress().answered).toBeGreaterThan(before + (MODE === 'full' ? 2500 : 500)),
          {
            timeoutMs: 120_000,
            intervalMs: 100,
          },
        );
        await driver.inject(fault);
      }
      const after = simulation.progress().answered;
      await expectEventually(() => expect(simulation.progress().answered).toBeGreaterThan(after + 500), {
        timeoutMs: 120_000,
        intervalMs: 100,
      });
      simulation.stop();
      const report = await finished;

      // Everything produced is applied before judging (no sleeps: the offsets say when).
      const produced = await messagesInTopic(prefix);
      const db = database;
      await expectEventually(async () => expect(await appliedCount(db)).toBe(produced), {
        timeoutMs: 120_000,
        intervalMs: 250,
      });
      // And everything applied is announced: the relay's cursor has passed every committed transition.
      await expectEventually(async () => expect(await unrelayedTransitions(db)).toBe(0), {
        timeoutMs: 60_000,
        intervalMs: 250,
      });
      const readBack = await readStationEvents(prefix);
      const announced = await readRackTransitions(testKafka(), prefix);
      const verdict = await judgeChaosRun(db, readBack, report.outcomes, announced);
      const alertsVerdict: AlertsVerdict | null = alerts === null ? null : await alerts.verdict(db);

      const summary = {
        mode: MODE,
        seed: SEED,
        faults: driver.log,
        simulation: {
          posts: report.stats.answered,
          accepted: report.stats.accepted,
          duplicateAnswers: report.stats.duplicateAnswers,
          refused: report.stats.refused,
          retries: report.stats.retries,
          unavailableAnswers: report.stats.unavailableAnswers,
          networkErrors: report.stats.networkErrors,
          serverErrors: report.stats.serverErrors,
          terminalFaults: report.faults,
        },
        verdict,
        alerts: alertsVerdict ?? { skipped: alertsSkipped },
      };
      mkdirSync(resolve(import.meta.dirname, '../../test-results'), { recursive: true });
      writeFileSync(
        resolve(import.meta.dirname, `../../test-results/chaos-${MODE}.json`),
        `${JSON.stringify(summary, null, 2)}\n`,
      );
      process.stdout.write(
        `\nchaos (${MODE}, seed ${SEED}): ${driver.log.length} faults [${driver.log.map((fault) => fault.fault).join(', ')}]; ` +
          `${verdict.kafkaMessages} messages in Kafka, ${verdict.uniqueEvents} events, ${verdict.acknowledged} acknowledged posts, ` +
          `${verdict.racks} racks, ${verdict.transitions} transitions (${verdict.announcementsRedelivered} announced twice), ${verdict.rejections} rejections checked; discrepancies: ${verdict.discrepancyCount}` +
          (alertsVerdict
            ? `; alerts: ${alertsVerdict.alertEvents} alert events, ${alertsVerdict.received} webhook messages, ${alertsVerdict.deliveredTwice.length + alertsVerdict.lost.length + alertsVerdict.unexpected.length + alertsVerdict.undelivered.length} delivery discrepancies`
            : `; alerts: ${alertsSkipped}`) +
          '\n',
      );

      expect(verdict.discrepancies).toEqual(noDiscrepancies());
      // Every alert state delivered exactly once (empty when the run had no alerts service).
      const alertProblems =
        alertsVerdict === null
          ? []
          : [
              ...alertsVerdict.deliveredTwice,
              ...alertsVerdict.lost,
              ...alertsVerdict.unexpected,
              ...alertsVerdict.undelivered,
            ];
      expect(alertProblems).toEqual([]);
      // The full form judged its alerts (they fired and were delivered); only the CI form runs without them.
      expect(MODE === 'short' || (alertsVerdict !== null && alertsVerdict.alertEvents > 0)).toBe(true);
      expect(alertsVerdict === null || alertsVerdict.alertEvents > 0).toBe(true);
      expect(report.abandoned).toBe(0);
      expect(report.stats.serverErrors).toBe(0);
      expect(report.stats.unexpectedRefusals).toBe(0);
      expect(verdict.uniqueEvents).toBeGreaterThan(1000);
      expect(driver.log.map((fault) => fault.fault)).toEqual(plan);
    },
    MODE === 'full' ? (FULL_MINUTES + 10) * 60_000 : 175_000,
  );
});
