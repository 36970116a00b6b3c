import { resolve } from 'node:path';
import {
  builtServiceDefaults,
  builtServiceNodeOptions,
  builtServiceScript,
  freePort,
  REPO_ROOT,
  spawnNodeProcess,
  type NodeProcess,
  type ServiceName,
} from '#testing';
import type { BenchStack } from './bench-stack.js';

export { REPO_ROOT };
export const BENCH_ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';

/** What every scenario shares: the stack corner, where logs go, and how to start our services. */
export interface BenchContext {
  stack: BenchStack;
  runId: string;
  logDir: string;
  brokers: string;
  /** Progress lines for the person watching. */
  say(message: string): void;
  /** Extra settings for every instance of a service (experiments: --tracker-env). */
  serviceEnv?: Partial<Record<ServiceName, Record<string, string>>>;
}

export type { ServiceName };

/**
 * Starts one of the product's services from dist/, as production runs it, on a port chosen here, and waits until
 * it answers /health/live (services under measurement log at warn level, so there is no "listening" line to wait for).
 */
export async function startService(
  context: BenchContext,
  name: ServiceName,
  env: Record<string, string>,
  options: { label?: string; nodeOptions?: string[] } = {},
): Promise<NodeProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const spawned = await spawnNodeProcess({
    name: options.label ?? name,
    script: builtServiceScript(name),
    env: {
      KAFKA_BROKERS: context.brokers,
      ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
      LOG_LEVEL: 'log',
      // Rate limiting off: the benchmark measures capacity, and its load comes from a few tokens.
      RATE_LIMIT_PER_SECOND: '0',
      ...builtServiceDefaults(name),
      ...env,
      ...context.serviceEnv?.[name],
      PORT: String(port),
    },
    logFile: resolve(context.logDir, `${options.label ?? name}.log`),
    // BENCH_CPU_PROFILE=ingest,api profiles those services wherever a scenario starts them.
    nodeOptions: [
      ...builtServiceNodeOptions(name),
      ...(options.nodeOptions ?? []),
      ...((process.env.BENCH_CPU_PROFILE ?? '').split(',').includes(name)
        ? ['--cpu-prof', `--cpu-prof-dir=${context.logDir}/${name}-profile`]
        : []),
    ],
    readyLine: null,
    keepLines: 30,
    stopTimeoutMs: 15_000,
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    const live = await fetch(`${url}/health/live`).then(
      (response) => response.ok,
      () => false,
    );
    if (live) break;
    const exited = await Promise.race([
      spawned.exited.then(() => true),
      new Promise<boolean>((done) => setTimeout(() => done(false), 100)),
    ]);
    if (exited)
      throw new Error(
        `${name} exited before it answered; see ${resolve(context.logDir, `${options.label ?? name}.log`)}`,
      );
    if (Date.now() > deadline) throw new Error(`${name} did not answer /health/live within 60 s`);
  }
  spawned.url = url;
  return spawned;
}

/** Starts one of the benchmark's own programs (baselines, load generator) from dist/tools/bench/src. */
export function startBenchProgram(
  context: BenchContext,
  relativeScript: string,
  env: Record<string, string>,
  options: { label: string; readyLine: string | null; args?: string[] },
): Promise<NodeProcess> {
  return spawnNodeProcess({
    name: options.label,
    script: resolve(REPO_ROOT, 'dist/tools/bench/src', relativeScript),
    args: options.args,
    env: { KAFKA_BROKERS: context.brokers, ...env },
    logFile: resolve(context.logDir, `${options.label}.log`),
    readyLine: options.readyLine,
    startTimeoutMs: 60_000,
    keepLines: 30,
    stopTimeoutMs: 15_000,
  });
}
