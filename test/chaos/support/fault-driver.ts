import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import {
  startService,
  type RunningService,
  KAFKA_BROKERS,
  withAdminClient,
  type TestDatabase,
} from '#testing';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../../..');

export type FaultName =
  | 'kill_tracker'
  | 'restart_kafka'
  | 'kill_postgres_connections'
  | 'restart_postgres'
  | 'scale_out_and_in'
  | 'pause_webhook_sink'
  | 'kill_alerts';

/** What the driver needs from the alerts part of a run (full form only). */
export interface AlertsFaults {
  pauseSink(milliseconds: number): Promise<string>;
  killService(): Promise<string>;
}

export interface FaultRecord {
  fault: FaultName;
  startedAt: number;
  seconds: number;
  detail: string;
}

/**
 * Injects the faults into a running system: it owns the tracker processes of the suite and knows how to restart
 * Kafka (only the private one of `npm run test:chaos`, through its copy of the stack script) and what it may do
 * to PostgreSQL — kill the suite database's connections, restart the server only when it is the private one of
 * `npm run test:chaos` (CHAOS_PG_DATA).
 */
export class FaultDriver {
  readonly trackers: RunningService[] = [];
  /** Every tracker process of the run, killed ones included, for the logs kept after it. */
  readonly everyTracker: RunningService[] = [];
  readonly log: FaultRecord[] = [];
  alerts: AlertsFaults | null = null;

  constructor(
    private readonly database: TestDatabase,
    private readonly trackerEnv: Record<string, string>,
  ) {}

  get canRestartPostgres(): boolean {
    return Boolean(process.env.CHAOS_PG_DATA && existsSync(resolve(process.env.CHAOS_PG_DATA, 'PG_VERSION')));
  }

  async startTracker(): Promise<RunningService> {
    const tracker = await startService('tracker', this.trackerEnv);
    this.trackers.push(tracker);
    this.everyTracker.push(tracker);
    return tracker;
  }

  async inject(fault: FaultName): Promise<void> {
    const startedAt = Date.now();
    const detail = await this.perform(fault);
    const record = { fault, startedAt, seconds: (Date.now() - startedAt) / 1000, detail };
    this.log.push(record);
    process.stdout.write(
      `[chaos] ${new Date(startedAt).toISOString().slice(11, 19)} ${fault} (${record.seconds.toFixed(1)} s): ${detail}\n`,
    );
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.trackers.splice(0).map((tracker) => tracker.kill()));
  }

  private async perform(fault: FaultName): Promise<string> {
    switch (fault) {
      case 'kill_tracker': {
        const victim = this.trackers.shift();
        if (victim === undefined) throw new Error('no tracker to kill');
        await victim.kill();
        await this.startTracker();
        return `kill -9 pid ${victim.pid}, restarted`;
      }
      case 'restart_kafka': {
        // Only the private stack's own script: the shared broker is never restarted.
        const script = process.env.CHAOS_STACK_SCRIPT;
        if (!script)
          throw new Error('restart_kafka needs the private stack of npm run test:chaos (CHAOS_STACK_SCRIPT)');
        const port = KAFKA_BROKERS.split(',')[0].split(':')[1];
        await run('bash', [script, 'restart-kafka'], {
          env: { ...process.env, KAFKA_PORT: port },
          timeout: 180_000,
        });
        return `bash ${script.replace(`${ROOT}/`, '')} restart-kafka (port ${port})`;
      }
      case 'kill_postgres_connections': {
        const killed = await withAdminClient((client) =>
          client.query(
            'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
            [this.database.name],
          ),
        );
        return `pg_terminate_backend on ${killed.rowCount ?? 0} connections of ${this.database.name}`;
      }
      case 'restart_postgres': {
        if (!this.canRestartPostgres)
          throw new Error('restart_postgres needs the private server of npm run test:chaos (CHAOS_PG_DATA)');
        const pgCtl = findPgCtl();
        const data = process.env.CHAOS_PG_DATA!;
        // -l: the new server logs to the cluster's log file instead of holding pg_ctl's output pipe open.
        const args = [
          '-D',
          data,
          '-l',
          resolve(data, '../postgres.log'),
          '-m',
          'immediate',
          '-w',
          '-t',
          '60',
          'restart',
        ];
        // pg_ctl refuses to run as root; the private cluster belongs to the postgres OS user.
        if (process.getuid?.() === 0)
          await run('runuser', ['-u', 'postgres', '--', pgCtl, ...args], { cwd: '/', timeout: 90_000 });
        else await run(pgCtl, args, { timeout: 90_000 });
        return 'pg_ctl restart -m immediate (private server)';
      }
      case 'pause_webhook_sink':
        if (this.alerts === null) throw new Error('pause_webhook_sink needs the alerts service in the run');
        return this.alerts.pauseSink(8000);
      case 'kill_alerts':
        if (this.alerts === null) throw new Error('kill_alerts needs the alerts service in the run');
        return this.alerts.killService();
      case 'scale_out_and_in': {
        const first = this.trackers[0];
        const second = await this.startTracker();
        // Scale back in only once the group has rebalanced onto both and the newcomer has applied events itself.
        await waitUntil(async () => (await appliedBy(second)) > 0, 60_000).catch(async (error: Error) => {
          throw new Error(
            `${error.message}: the newcomer (pid ${second.pid}) applied none; ` +
              `pid ${first.pid} has applied ${await appliedBy(first)} events`,
          );
        });
        this.trackers.splice(this.trackers.indexOf(first), 1);
        await first.stop();
        return `started pid ${second.pid} beside ${first.pid}, then stopped ${first.pid} (SIGTERM)`;
      }
    }
  }
}

/** Events a tracker process has accepted, from its own /metrics. */
export async function appliedBy(tracker: RunningService): Promise<number> {
  const metrics = await fetch(`${tracker.url}/metrics`).then(
    (response) => response.text(),
    () => '',
  );
  return Number(/tracker_events_total\{[^}]*outcome="accepted"[^}]*\} (\d+)/.exec(metrics)?.[1] ?? 0);
}

async function waitUntil(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolveWait) => setTimeout(resolveWait, 100));
  }
}

function findPgCtl(): string {
  const versions = existsSync('/usr/lib/postgresql')
    ? readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a))
    : [];
  for (const version of versions) {
    const candidate = `/usr/lib/postgresql/${version}/bin/pg_ctl`;
    if (existsSync(candidate)) return candidate;
  }
  return 'pg_ctl';
}
