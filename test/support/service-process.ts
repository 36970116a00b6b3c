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
      ...env,
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
