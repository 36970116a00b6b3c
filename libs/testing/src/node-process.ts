import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';

/**
 * The repository root, found from this file whether it runs from source (Jest) or from dist/ (the benchmarks):
 * the nearest folder above it with a package.json.
 */
export const REPO_ROOT = findRepoRoot(import.meta.dirname);

function findRepoRoot(start: string): string {
  for (let folder = start; ; folder = dirname(folder)) {
    if (existsSync(resolve(folder, 'package.json'))) return folder;
    if (dirname(folder) === folder) throw new Error(`no package.json above ${start}`);
  }
}

export interface NodeProcess {
  name: string;
  pid: number;
  /** The URL a Nest service logged that it listens on; null until then, or for other programs. */
  url: string | null;
  /** The output lines kept (all of them, or the last `keepLines`). */
  logs: string[];
  /** Peak resident set size so far, MB, or null when the process is gone. */
  peakRssMb(): number | null;
  /** SIGTERM, then SIGKILL after `stopTimeoutMs`; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: the crash a service must survive. */
  kill(): Promise<void>;
  exited: Promise<number | null>;
}

export interface NodeProcessOptions {
  name: string;
  script: string;
  args?: string[];
  /** Added to a minimal environment (PATH, loopback HOST, PORT 0, LOG_LEVEL warn). */
  env: Record<string, string>;
  nodeOptions?: string[];
  cwd?: string;
  /** Also append every output line to this file. */
  logFile?: string;
  /** Keep only this many of the last output lines in `logs`; all of them by default. */
  keepLines?: number;
  /** Resolve once a line contains this; by default the Nest "listening" line (its URL is kept). null: at once. */
  readyLine?: string | null;
  startTimeoutMs?: number;
  /** How long stop() waits for a clean exit before SIGKILL; never by default. */
  stopTimeoutMs?: number;
}

const LISTENING = '"listening"';

/**
 * Starts a node program as its own process, as production runs it, and resolves once it is ready. A program that
 * exits or stays silent before that is killed and the start fails with its last output lines.
 */
export async function spawnNodeProcess(options: NodeProcessOptions): Promise<NodeProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    [...(options.nodeOptions ?? []), options.script, ...(options.args ?? [])],
    {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const log = options.logFile === undefined ? null : createWriteStream(options.logFile, { flags: 'a' });
  const logs: string[] = [];
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const wanted = options.readyLine === undefined ? LISTENING : options.readyLine;
  const found: { url: string | null } = { url: null };
  const recent = () => logs.slice(-30).join('\n');
  let ready: (() => void) | null = null;
  const started = new Promise<void>((resolveReady, reject) => {
    if (wanted === null) return resolveReady();
    const timeoutMs = options.startTimeoutMs ?? 30_000;
    const timer = setTimeout(
      () => reject(new Error(`${options.name} did not start within ${timeoutMs} ms:\n${recent()}`)),
      timeoutMs,
    );
    ready = () => {
      clearTimeout(timer);
      resolveReady();
    };
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${options.name} exited with ${code} before it was ready:\n${recent()}`));
    });
  });
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on('line', (line) => {
      log?.write(`${line}\n`);
      logs.push(line);
      if (options.keepLines !== undefined && logs.length > options.keepLines) logs.shift();
      if (ready === null || wanted === null || !line.includes(wanted)) return;
      if (wanted === LISTENING) {
        found.url = listeningUrl(line);
        if (found.url === null) return;
      }
      ready();
      ready = null;
    });
  }
  try {
    await started;
  } catch (error) {
    // A program that never became ready must not outlive whoever started it.
    child.kill('SIGKILL');
    throw error;
  }
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  return {
    name: options.name,
    pid: child.pid!,
    url: found.url,
    logs,
    exited,
    peakRssMb: () => peakRssMb(child.pid!),
    async stop() {
      if (!gone()) {
        child.kill('SIGTERM');
        const timer =
          options.stopTimeoutMs === undefined
            ? undefined
            : setTimeout(() => child.kill('SIGKILL'), options.stopTimeoutMs);
        await exited;
        clearTimeout(timer);
      }
      log?.end();
      return child.exitCode;
    },
    async kill() {
      if (!gone()) {
        child.kill('SIGKILL');
        await exited;
      }
      log?.end();
    },
  };
}

/** The URL of a Nest service's JSON "listening" line, on 127.0.0.1; null for any other line. */
function listeningUrl(line: string): string | null {
  try {
    const record = JSON.parse(line) as { message?: { msg?: string; url?: string } };
    if (record.message?.msg !== 'listening' || !record.message.url) return null;
    return record.message.url.replace('[::1]', '127.0.0.1');
  } catch {
    return null;
  }
}

/** CPU time (user + system) a process has used so far, in seconds; null when it is gone. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

// USER_HZ is 100 on every Linux this runs on.
const CLOCK_TICKS_PER_SECOND = 100;

/** Peak resident set size so far, MB (VmHWM), or null when the process is gone. */
export function peakRssMb(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    return match ? Math.round(Number(match[1]) / 1024) : null;
  } catch {
    return null;
  }
}
