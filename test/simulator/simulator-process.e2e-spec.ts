import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { defaultFactoryConfig, FactoryModel } from '#simulator';
import { closedPort, expectEventually } from '#testing';

const ROOT = resolve(import.meta.dirname, '../..');
const SIMULATOR = resolve(ROOT, 'dist/tools/simulator/src/simulate.js');
/** The simulator posts what is queued for up to 5 s after a stop request; "promptly" allows for a slow machine. */
const PROMPT_EXIT_MS = 10_000;

interface Simulator {
  child: ChildProcess;
  stderr: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startSimulator(args: readonly string[], env: Record<string, string> = {}): Simulator {
  const child = spawn(process.execPath, [SIMULATOR, ...args], {
    cwd: ROOT,
    // Nothing inherited: a secret reaches the simulator only the way the test hands it over.
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
  const exited = once(child, 'exit').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  return { child, stderr, exited };
}

/** Resolves with the child's exit, or fails once `milliseconds` have passed without one. */
async function exitWithin(simulator: Simulator, milliseconds: number) {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new Error(`still running ${milliseconds} ms after the signal:\n${simulator.stderr.join('')}`)),
      milliseconds,
    );
  });
  try {
    return await Promise.race([simulator.exited, bound]);
  } finally {
    clearTimeout(timer);
  }
}

describe('the simulator process: secrets off the command line, and it stops when told to, even with ingest away', () => {
  let dir: string;
  let adminToken: string;
  let stationTokens: Record<string, string>;
  const running: Simulator[] = [];

  beforeAll(() => {
    dir = mkdtempSync(resolve(tmpdir(), 'simulator-'));
    adminToken = `admin-${randomBytes(16).toString('hex')}`;
    writeFileSync(resolve(dir, 'admin-token'), `${adminToken}\n`, { mode: 0o600 });
    // Stations registered beforehand: the run goes straight to posting, and keeps retrying a dead ingest.
    const stations = new FactoryModel(defaultFactoryConfig(1), { start: 0, runId: 'p1' }).stations();
    stationTokens = Object.fromEntries(
      stations.map((station) => [station.stationId, `st_${randomBytes(12).toString('hex')}`]),
    );
    writeFileSync(resolve(dir, 'station-tokens.json'), JSON.stringify(stationTokens), { mode: 0o600 });
  });

  /**
   * Starts a run that posts forever to a stopped ingest (as after `npm run system:stop`) with the stations
   * registered beforehand, and resolves once it has begun posting and retrying against the dead address.
   */
  async function startRetrying(
    args: readonly string[],
    env: Record<string, string> = {},
  ): Promise<Simulator> {
    const simulator = startSimulator(
      [
        '--ingest-url',
        `http://127.0.0.1:${await closedPort()}`,
        '--station-tokens-file',
        resolve(dir, 'station-tokens.json'),
        '--run-id',
        'p1',
        '--forever',
        '--quiet',
        ...args,
      ],
      env,
    );
    running.push(simulator);
    await expectEventually(() => expect(simulator.stderr.join('')).toContain('is not answering; retrying'), {
      timeoutMs: 30_000,
    });
    return simulator;
  }

  afterEach(async () => {
    for (const simulator of running.splice(0)) {
      if (simulator.child.exitCode === null && simulator.child.signalCode === null) {
        simulator.child.kill('SIGKILL');
        await simulator.exited;
      }
    }
  });

  it('keeps its secrets out of argv, and on SIGTERM exits by itself within seconds while ingest is away', async () => {
    const pidFile = resolve(dir, 'simulator.pid');
    const simulator = await startRetrying([
      '--admin-token-file',
      resolve(dir, 'admin-token'),
      '--pid-file',
      pidFile,
    ]);
    const pid = simulator.child.pid!;

    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    expect(argv.some((arg) => arg.includes(adminToken))).toBe(false);
    expect(Object.values(stationTokens).filter((token) => argv.some((arg) => arg.includes(token)))).toEqual(
      [],
    );
    expect(readFileSync(pidFile, 'utf8').trim()).toBe(String(pid));

    const signalledAt = Date.now();
    simulator.child.kill('SIGTERM');
    const exit = await exitWithin(simulator, PROMPT_EXIT_MS);
    // It handled the signal and ended its run (summary, exit code), rather than being killed by it.
    expect(exit.signal).toBeNull();
    expect(exit.code).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(PROMPT_EXIT_MS);
    expect(simulator.stderr.join('')).toContain('SIGTERM: stopping');
    expect(existsSync(pidFile)).toBe(false);
  });

  it('a second signal ends the run at once', async () => {
    const simulator = await startRetrying([], { ADMIN_TOKEN: adminToken });
    simulator.child.kill('SIGINT');
    await expectEventually(() => expect(simulator.stderr.join('')).toContain('SIGINT: stopping'));
    simulator.child.kill('SIGTERM');
    const exit = await exitWithin(simulator, 2_000);
    expect(exit).toEqual({ code: 0, signal: null });
  });

  it('refuses a secret on the command line, naming where it goes instead', async () => {
    const simulator = startSimulator(['--admin-token', adminToken, '--quiet']);
    running.push(simulator);
    const exit = await exitWithin(simulator, PROMPT_EXIT_MS);
    expect(exit.code).toBe(2);
    expect(simulator.stderr.join('')).toContain(
      '--admin-token is not accepted: a command line is visible to every user of the machine; set ADMIN_TOKEN or pass --admin-token-file FILE',
    );
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));
});
