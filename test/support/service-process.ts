import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { ADMIN_TOKEN, KAFKA_BROKERS } from './stack.js';

export type ServiceName = 'ingest' | 'tracker' | 'alerts' | 'api';

export interface RunningService {
  name: ServiceName;
  url: string;
  pid: number;
  logs: string[];
  /** SIGTERM and wait for a clean exit; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: the crash the tracker must survive. */
  kill(): Promise<void>;
  exited: Promise<number | null>;
}

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * The consumer groups each service joins (or, for alerts, watches the tracker's by), with the name
 * `npm run system` uses for each, which is never a suite's, and the service whose name a suite's default takes.
 */
const CONSUMER_GROUPS: Record<ServiceName, { variable: string; systemName: string; owner: ServiceName }[]> = {
  ingest: [],
  tracker: [{ variable: 'TRACKER_CONSUMER_GROUP', systemName: 'rack-tracker', owner: 'tracker' }],
  alerts: [
    { variable: 'ALERTS_CONSUMER_GROUP', systemName: 'rack-alerts', owner: 'alerts' },
    { variable: 'TRACKER_CONSUMER_GROUP', systemName: 'rack-tracker', owner: 'tracker' },
  ],
  api: [{ variable: 'LIVE_CONSUMER_GROUP_PREFIX', systemName: 'api-live', owner: 'api' }],
};

/**
 * Keeps a suite's service off the topics and consumer groups of `npm run system`, which shares the broker: it
 * must be given the suite's own topic prefix (from createTestTopics), and its consumer groups, unless given, are
 * named after that prefix (`tracker-<prefix>`, `alerts-<prefix>`, `api-<prefix>`). The system's groups are refused.
 */
export function isolatedKafkaEnvironment(
  name: ServiceName,
  env: Record<string, string>,
): Record<string, string> {
  const prefix = env.KAFKA_TOPIC_PREFIX?.trim() ?? '';
  if (prefix === '')
    throw new Error(
      `startService('${name}') needs the suite's own KAFKA_TOPIC_PREFIX (createTestTopics()): ` +
        'without one it would use the topics of npm run system',
    );
  const isolated = { ...env };
  for (const group of CONSUMER_GROUPS[name]) {
    const groupId = env[group.variable] ?? `${group.owner}-${prefix}`;
    if (groupId.trim() === '' || groupId === group.systemName)
      throw new Error(
        `startService('${name}'): ${group.variable}=${groupId || '(empty)'}: a suite's service needs a consumer ` +
          `group of its own, never npm run system's ${group.systemName} (leave it out for ${group.owner}-${prefix})`,
      );
    isolated[group.variable] = groupId;
  }
  return isolated;
}

/**
 * Starts a built service (`dist/`) as its own process, exactly as production runs it, on a free port,
 * and resolves once it logs that it is listening.
 */
export async function startService(
  name: ServiceName,
  env: Record<string, string>,
  options: { startTimeoutMs?: number } = {},
): Promise<RunningService> {
  const child: ChildProcess = spawn(process.execPath, [resolve(ROOT, `dist/apps/${name}/src/main.js`)], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      KAFKA_BROKERS,
      ADMIN_TOKEN,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'log',
      ...isolatedKafkaEnvironment(name, env),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const listening = new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new Error(
            `${name} did not start within ${options.startTimeoutMs ?? 30000} ms:\n${logs.slice(-30).join('\n')}`,
          ),
        ),
      options.startTimeoutMs ?? 30000,
    );
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => {
        logs.push(line);
        if (!line.includes('"listening"')) return;
        try {
          const record = JSON.parse(line) as { message?: { msg?: string; url?: string } };
          if (record.message?.msg === 'listening' && record.message.url) {
            clearTimeout(timer);
            resolveUrl(record.message.url.replace('[::1]', '127.0.0.1'));
          }
        } catch {
          // not a JSON line; kept in logs
        }
      });
    }
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code} before listening:\n${logs.slice(-30).join('\n')}`));
    });
  });
  const url = await listening;
  return {
    name,
    url,
    pid: child.pid!,
    logs,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}
