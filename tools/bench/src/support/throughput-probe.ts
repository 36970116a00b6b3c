import type pg from 'pg';

export interface ThroughputMeasurement {
  /** Events applied between the first and the last sample of the measured window. */
  events: number;
  seconds: number;
  eventsPerSecond: number;
  /** Whether every expected event was applied (false when time-boxed). */
  complete: boolean;
  /** Total applied when measuring ended. */
  applied: number;
  /**
   * CPU seconds per 1,000 events over the measured window: the consumer process, and the PostgreSQL backends
   * serving its database. Unlike events/s, this hardly moves when other work shares the machine.
   */
  cpuMsPerThousand: { consumer: number; postgres: number } | null;
}

/** CPU used so far by the consumer and by the Postgres backends of its database (this machine's /proc). */
export type CpuSampler = () => Promise<{ consumer: number; postgres: number } | null>;

/**
 * Polls a progress query (how many events the consumer under test has applied) and measures the steady-state
 * rate: from the first sample that shows progress — so process start-up and joining the group are left out,
 * the same for every consumer — until all are applied or the time box closes.
 */
export async function measureThroughput(
  pool: pg.Pool,
  progressSql: string,
  options: {
    expected: number;
    timeBoxMs: number;
    startTimeoutMs?: number;
    onSample?: (applied: number) => void;
    cpu?: CpuSampler;
  },
): Promise<ThroughputMeasurement> {
  let cpuAtFirst: { consumer: number; postgres: number } | null = null;
  const sample = async () => Number((await pool.query<{ applied: string }>(progressSql)).rows[0].applied);
  const deadline = Date.now() + (options.startTimeoutMs ?? 120_000);
  let first: { at: number; applied: number } | null = null;
  for (;;) {
    const applied = await sample();
    const at = Date.now();
    options.onSample?.(applied);
    if (first === null && applied > 0) {
      first = { at, applied };
      cpuAtFirst = (await options.cpu?.()) ?? null;
    }
    if (first === null && at > deadline)
      throw new Error(`no progress within ${options.startTimeoutMs ?? 120_000} ms`);
    const complete = applied >= options.expected;
    if (first !== null && (complete || at - first.at >= options.timeBoxMs)) {
      const seconds = Math.max((at - first.at) / 1000, 0.001);
      const events = applied - first.applied;
      const cpuAtEnd = (await options.cpu?.()) ?? null;
      const cpuMsPerThousand =
        cpuAtFirst && cpuAtEnd && events > 0
          ? {
              consumer: ((cpuAtEnd.consumer - cpuAtFirst.consumer) * 1_000_000) / events,
              postgres: ((cpuAtEnd.postgres - cpuAtFirst.postgres) * 1_000_000) / events,
            }
          : null;
      return { events, seconds, eventsPerSecond: events / seconds, complete, applied, cpuMsPerThousand };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
