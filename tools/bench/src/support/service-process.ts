import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

export interface SpawnedProcess {
  name: string;
  pid: number;
  /** Set once a Nest service logged that it listens. */
  url: string | null;
  /** Peak resident set size so far, MB (VmHWM), or null when the process is gone. */
  peakRssMb(): number | null;
  stop(): Promise<void>;
  kill(): Promise<void>;
  exited: Promise<number | null>;
}

export interface SpawnOptions {
  name: string;
  script: string;
  args?: string[];
  env: Record<string, string>;
  logFile: string;
  nodeOptions?: string[];
  /** Resolve once a line contains this; by default the Nest "listening" line (and its URL is kept). */
  readyLine?: string | null;
  startTimeoutMs?: number;
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

export function peakRssMb(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    return match ? Math.round(Number(match[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/** Starts a node program as its own process (as production runs it), its output in a log file. */
export async function spawnProcess(options: SpawnOptions): Promise<SpawnedProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    [...(options.nodeOptions ?? []), options.script, ...(options.args ?? [])],
    {
      env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const found: { url: string | null } = { url: null };
  const recent: string[] = [];
  const wanted = options.readyLine === undefined ? '"listening"' : options.readyLine;
  const ready = new Promise<void>((resolve, reject) => {
    if (wanted === null) {
      resolve();
      return;
    }
    const timeout = options.startTimeoutMs ?? 60_000;
    const timer = setTimeout(
      () => reject(new Error(`${options.name} did not start within ${timeout} ms:\n${recent.join('\n')}`)),
      timeout,
    );
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => {
        log.write(`${line}\n`);
        recent.push(line);
        if (recent.length > 30) recent.shift();
        if (!line.includes(wanted)) return;
        const listening = /"url":"([^"]+)"/.exec(line);
        if (listening) found.url = listening[1].replace('[::1]', '127.0.0.1');
        clearTimeout(timer);
        resolve();
      });
    }
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${options.name} exited with ${code} before it was ready:\n${recent.join('\n')}`));
    });
  });
  if (wanted === null) {
    for (const stream of [child.stdout!, child.stderr!])
      createInterface({ input: stream }).on('line', (line) => log.write(`${line}\n`));
  }
  await ready;
  const pid = child.pid!;
  return {
    name: options.name,
    pid,
    url: found.url,
    peakRssMb: () => peakRssMb(pid),
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
      log.end();
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
      log.end();
    },
  };
}
