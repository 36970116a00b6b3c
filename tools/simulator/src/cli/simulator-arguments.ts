import { parseArgs } from 'node:util';
import { MAX_DWELL_HOURS } from '#domain';
import {
  configProblems,
  defaultFactoryConfig,
  DEMO_SOAK_HOURS,
  demoFactoryConfig,
  largeFactoryConfig,
  NO_FAULTS,
  REALISTIC_FAULTS,
  type FactoryConfig,
} from '../factory/factory-config.js';
import type { Pacing, StopCondition } from '../simulation.js';

export const SIMULATOR_USAGE = `Usage: npm run simulate -- [options]

Posts a simulated factory's station events to ingest, as its terminals would.

Where to post (secrets come from the environment or a file, never the command line: ps shows it to everyone)
  --ingest-url URL       ingest base URL (default $INGEST_URL or http://127.0.0.1:3000)
  --admin-token-file FILE  the admin token, which registers the stations (default $ADMIN_TOKEN,
                         else .stack/admin-token)
  --station-tokens-file FILE  JSON {"stationId": "st_…"} of stations registered beforehand: they are used
                         instead of registering the factory's stations
  --api-url URL          api base URL, where a factory with a bill of materials registers its suppliers and its
                         rack model's route (default $API_URL or http://127.0.0.1:3001)

How the terminals talk
  --via http|cfx         http: every terminal posts to ingest (default); cfx: one line's equipment speaks IPC-CFX
                         over AMQP 1.0 to the CFX bridge (AMQP URL from $CFX_AMQP_URL, default
                         amqp://guest:guest@127.0.0.1:5672); what CFX cannot say (a burn-in position, a rack
                         model, a hold, rework) and injected faults still go over HTTP
  --cfx-line SITE/LINE   the line that speaks CFX (default: the factory's first line)
  --cfx-address ADDRESS  where the bridge consumes (default $CFX_AMQP_ADDRESS or /queue/cfx)

The factory
  --preset NAME          default (1 site, 2 lines, 1,000 racks/week) | demo (fab-a on plan, fab-b behind;
                         gb200-nvl72 racks built from a bill of materials, parts failing burn-in and swapped
                         in rework) | large (20 lines at 2,000 racks/week: keeps ingest busy)
  --config FILE          JSON factory configuration, merged over the preset
                         ("billOfMaterials": null builds racks without components)
  --soak-hours H          the demo's burn-in soak: the route's minimum (retests a third of it, overdue past 1.5×)
                         and the positions scale with it (default 12: a real GB200 soak of 72 h compressed
                         so that a demo watched live sees racks finish)
  --seed N               reproducible runs (default 1)
  --run-id ID            goes into rack serials; default: a fresh one per run
  --from TIME            when the simulated factory opens: ISO time, now-7d / now-36h / now-90m,
                         week-start, week-start-2d (default now-7d)

Pace (one of)
  --speed N              simulated time runs N times the wall clock, then real time once it reaches now
  --max                  as fast as ingest answers (default)
  --rate N               N floor events per second

When to stop (default: when the simulated clock reaches now)
  --events N             after N floor events
  --until TIME           at this simulated time
  --duration D           after D of wall time (90s, 10m, 2h)
  --forever              never; Ctrl-C stops (queued events are still posted)

Terminals
  --batch N              events per request at most (default 50; 1 = one event per POST)
  --faults none|realistic  (default: the preset's; demo is realistic) and per-fault rates, per posted event:
  --duplicates P --out-of-order P --illegal P --clock-skew P --bursts P (per station-hour)

Alerts demo
  --webhook-sink-port N  also run a local webhook sink on 127.0.0.1:N and print every alert it receives
  --webhook-sink-secret-file FILE  verify the generic kind's X-Signature with the secret in FILE
                         (default $WEBHOOK_SINK_SECRET)

Output
  --json FILE            write the report as JSON
  --quiet                no progress bar
  --pid-file FILE        write the process id to FILE while running (npm run system:stop stops it)
  --help

Stopping: SIGINT (Ctrl-C) or SIGTERM stops releasing events and posts what is queued for up to 5 s, also while
ingest is away; a second signal ends the run at once. Either way the summary is printed.
`;

/** How the terminals reach the tracker: all over HTTP, or one line as CFX equipment over AMQP 1.0. */
export type TerminalTransport =
  { via: 'http' } | { via: 'cfx'; line: string; amqpUrl: string; address: string };

export interface SimulatorArguments {
  transport: TerminalTransport;
  ingestUrl: string;
  apiUrl: string;
  adminToken: string | null;
  /** Tokens of stations registered beforehand, by station id. */
  stationTokens: Map<string, string> | null;
  config: FactoryConfig;
  runId: string;
  start: number;
  pacing: Pacing;
  stop: StopCondition;
  maxBatch: number;
  jsonFile: string | null;
  webhookSinkPort: number | null;
  webhookSinkSecret: string | null;
  pidFile: string | null;
  quiet: boolean;
  help: boolean;
}

/** Options that would put a secret on the command line, and where the secret goes instead. */
const SECRET_OPTIONS: Record<string, string> = {
  'admin-token': 'set ADMIN_TOKEN or pass --admin-token-file FILE',
  'webhook-sink-secret': 'set WEBHOOK_SINK_SECRET or pass --webhook-sink-secret-file FILE',
};

export class ArgumentError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ArgumentError';
  }
}

const WEEK_START_PATTERN = /^week-start(?:-(\d+)([dhm]))?$/;
const RELATIVE_PATTERN = /^(?:now)?-(\d+(?:\.\d+)?)([dhm])$/;
const UNIT_MS: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 };

/** Monday 00:00 UTC of the week that contains `now`. */
export function weekStart(now: number): number {
  const date = new Date(now);
  const day = (date.getUTCDay() + 6) % 7;
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() - day);
}

/** ISO time, `now-7d`-style offsets (or `-7d` given as --from=-7d), or `week-start[-2d]`. */
export function parseTime(text: string, now: number): number {
  const week = WEEK_START_PATTERN.exec(text);
  if (week) return weekStart(now) - (week[1] ? Number(week[1]) * UNIT_MS[week[2]] : 0);
  const relative = RELATIVE_PATTERN.exec(text);
  if (relative) return now - Number(relative[1]) * UNIT_MS[relative[2]];
  const parsed = Date.parse(text);
  if (Number.isNaN(parsed))
    throw new ArgumentError([
      `not a time: ${text} (use an ISO time, now-7d, now-36h, week-start or week-start-2d)`,
    ]);
  return parsed;
}

/** `90s`, `10m`, `2h`, or plain seconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(text);
  if (!match) throw new ArgumentError([`not a duration: ${text} (use 90s, 10m or 2h)`]);
  return Number(match[1]) * UNIT_MS[match[2] || 's'];
}

function rate(name: string, text: string | undefined, problems: string[]): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    problems.push(`--${name} must be a probability between 0 and 1 (got ${text})`);
    return undefined;
  }
  return value;
}

function positiveInteger(name: string, text: string | undefined, problems: string[]): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    problems.push(`--${name} must be a positive integer (got ${text})`);
    return undefined;
  }
  return value;
}

function positiveNumber(name: string, text: string | undefined, problems: string[]): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    problems.push(`--${name} must be a positive number (got ${text})`);
    return undefined;
  }
  return value;
}

/** A secret file's content without its trailing newline; empty is an error, as a missing file is. */
function readSecret(
  option: string,
  path: string | undefined,
  readTextFile: (path: string) => string,
  problems: string[],
): string | undefined {
  if (path === undefined) return undefined;
  try {
    const secret = readTextFile(path).trim();
    if (secret.length > 0) return secret;
    problems.push(`--${option} ${path} is empty`);
  } catch (error) {
    problems.push(
      `--${option} ${path} cannot be read (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  return undefined;
}

/** `{"stationId": "token", …}`, the tokens of stations registered beforehand. */
function stationTokensOf(
  text: string | undefined,
  path: string,
  problems: string[],
): Map<string, string> | null {
  if (text === undefined) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch {
    parsed = null;
  }
  const entries =
    parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? Object.entries(parsed) : [];
  if (entries.length === 0 || entries.some(([, token]) => typeof token !== 'string' || token.length === 0)) {
    problems.push(`--station-tokens-file ${path} must hold a JSON object of station ids and their tokens`);
    return null;
  }
  return new Map(entries as [string, string][]);
}

/**
 * Command line to a validated run description. Everything wrong is reported at once; the file named by
 * --config is handed in already read (`readConfigFile`), and so are secret files (`readTextFile`), which keeps
 * this function free of I/O.
 */
export function parseSimulatorArguments(
  argv: readonly string[],
  environment: {
    INGEST_URL?: string;
    API_URL?: string;
    ADMIN_TOKEN?: string;
    WEBHOOK_SINK_SECRET?: string;
    CFX_AMQP_URL?: string;
    CFX_AMQP_ADDRESS?: string;
  },
  now: number,
  readConfigFile: (path: string) => unknown = () => ({}),
  readTextFile: (path: string) => string = (path) => {
    throw new Error(`no file reader for ${path}`);
  },
): SimulatorArguments {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        'ingest-url': { type: 'string' },
        via: { type: 'string' },
        'cfx-line': { type: 'string' },
        'cfx-address': { type: 'string' },
        'api-url': { type: 'string' },
        'admin-token': { type: 'string' },
        'admin-token-file': { type: 'string' },
        'station-tokens-file': { type: 'string' },
        preset: { type: 'string' },
        config: { type: 'string' },
        seed: { type: 'string' },
        'soak-hours': { type: 'string' },
        'run-id': { type: 'string' },
        from: { type: 'string' },
        speed: { type: 'string' },
        max: { type: 'boolean' },
        rate: { type: 'string' },
        events: { type: 'string' },
        until: { type: 'string' },
        duration: { type: 'string' },
        forever: { type: 'boolean' },
        batch: { type: 'string' },
        faults: { type: 'string' },
        duplicates: { type: 'string' },
        'out-of-order': { type: 'string' },
        illegal: { type: 'string' },
        'clock-skew': { type: 'string' },
        bursts: { type: 'string' },
        json: { type: 'string' },
        'webhook-sink-port': { type: 'string' },
        'webhook-sink-secret': { type: 'string' },
        'webhook-sink-secret-file': { type: 'string' },
        'pid-file': { type: 'string' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    }).values;
  } catch (error) {
    throw new ArgumentError([error instanceof Error ? error.message : String(error)]);
  }
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const flag = (name: string) => values[name] === true;
  const problems: string[] = [];

  for (const [option, instead] of Object.entries(SECRET_OPTIONS)) {
    if (values[option] !== undefined)
      problems.push(
        `--${option} is not accepted: a command line is visible to every user of the machine; ${instead}`,
      );
  }
  const adminToken = readSecret('admin-token-file', text('admin-token-file'), readTextFile, problems);
  const sinkSecret = readSecret(
    'webhook-sink-secret-file',
    text('webhook-sink-secret-file'),
    readTextFile,
    problems,
  );
  const tokensFile = text('station-tokens-file');
  const stationTokens =
    tokensFile === undefined
      ? null
      : stationTokensOf(
          readSecret('station-tokens-file', tokensFile, readTextFile, problems),
          tokensFile,
          problems,
        );

  const seed = text('seed') === undefined ? 1 : Number(text('seed'));
  if (!Number.isInteger(seed)) problems.push(`--seed must be an integer (got ${text('seed')})`);
  const preset = text('preset') ?? 'default';
  const soakText = text('soak-hours');
  let soakHours = soakText === undefined ? DEMO_SOAK_HOURS : Number(soakText);
  // The route's maximum is 1.5 × the soak, and routes allow at most MAX_DWELL_HOURS.
  const maxSoakHours = Math.floor(MAX_DWELL_HOURS / 1.5);
  if (!Number.isFinite(soakHours) || soakHours <= 0 || soakHours > maxSoakHours) {
    problems.push(
      `--soak-hours must be a number of hours above 0 and at most ${maxSoakHours} (got ${soakText})`,
    );
    // Named once: the demo is built with the default rather than reported again field by field.
    soakHours = DEMO_SOAK_HOURS;
  } else if (soakText !== undefined && preset !== 'demo')
    problems.push('--soak-hours applies to --preset demo only');
  let config: FactoryConfig;
  if (preset === 'default') config = defaultFactoryConfig(seed);
  else if (preset === 'demo') config = demoFactoryConfig(seed, soakHours);
  else if (preset === 'large') config = largeFactoryConfig(seed, 20);
  else {
    problems.push(`--preset must be default, demo or large (got ${preset})`);
    config = defaultFactoryConfig(seed);
  }
  const file = text('config');
  if (file !== undefined) {
    const overrides = readConfigFile(file);
    if (overrides === null || typeof overrides !== 'object' || Array.isArray(overrides))
      problems.push(`--config ${file} must hold a JSON object`);
    else {
      config = { ...config, ...(overrides as Partial<FactoryConfig>), seed };
      // JSON has no undefined: null is how a file turns the preset's bill of materials off.
      if ((config.billOfMaterials as unknown) === null) delete config.billOfMaterials;
    }
  }

  // Without --faults the preset decides: the demo's terminals are realistically imperfect, the others are not.
  const faults = text('faults');
  if (faults === 'realistic') config.faults = { ...REALISTIC_FAULTS };
  else if (faults === 'none') config.faults = { ...NO_FAULTS };
  else if (faults !== undefined) problems.push(`--faults must be none or realistic (got ${faults})`);
  config.faults = {
    ...config.faults,
    duplicate: rate('duplicates', text('duplicates'), problems) ?? config.faults.duplicate,
    outOfOrder: rate('out-of-order', text('out-of-order'), problems) ?? config.faults.outOfOrder,
    illegal: rate('illegal', text('illegal'), problems) ?? config.faults.illegal,
    clockSkew: rate('clock-skew', text('clock-skew'), problems) ?? config.faults.clockSkew,
    burstPerStationHour: rate('bursts', text('bursts'), problems) ?? config.faults.burstPerStationHour,
  };
  problems.push(...configProblems(config).map((problem) => `factory: ${problem}`));

  const paces = [text('speed') !== undefined, flag('max'), text('rate') !== undefined].filter(Boolean).length;
  if (paces > 1) problems.push('choose one of --speed, --max and --rate');
  let pacing: Pacing = { kind: 'max', window: 5000 };
  const speed = positiveNumber('speed', text('speed'), problems);
  const eventsPerSecond = positiveNumber('rate', text('rate'), problems);
  if (speed !== undefined) pacing = { kind: 'speed', speed };
  if (eventsPerSecond !== undefined) pacing = { kind: 'rate', eventsPerSecond };

  let start = now - 7 * UNIT_MS.d;
  const stop: StopCondition = {};
  try {
    if (text('from') !== undefined) start = parseTime(text('from')!, now);
    if (text('until') !== undefined) stop.until = parseTime(text('until')!, now);
    if (text('duration') !== undefined) stop.durationMs = parseDuration(text('duration')!);
  } catch (error) {
    if (error instanceof ArgumentError) problems.push(...error.problems);
    else throw error;
  }
  if (start > now)
    problems.push('--from must lie in the past: terminals cannot report what has not happened yet');
  stop.events = positiveInteger('events', text('events'), problems);
  if (stop.events === undefined) delete stop.events;
  if (
    flag('forever') &&
    (stop.events !== undefined || stop.until !== undefined || stop.durationMs !== undefined)
  ) {
    problems.push('--forever cannot be combined with --events, --until or --duration');
  }
  if (
    !flag('forever') &&
    stop.events === undefined &&
    stop.until === undefined &&
    stop.durationMs === undefined
  )
    stop.until = now;

  const maxBatch = positiveInteger('batch', text('batch'), problems) ?? 50;
  if (maxBatch > 500) problems.push('--batch may be at most 500 (ingest refuses larger batches)');

  const sinkPort = text('webhook-sink-port') === undefined ? null : Number(text('webhook-sink-port'));
  if (sinkPort !== null && (!Number.isInteger(sinkPort) || sinkPort < 1 || sinkPort > 65535)) {
    problems.push(`--webhook-sink-port must be a port number (got ${text('webhook-sink-port')})`);
  }

  const via = text('via') ?? 'http';
  if (via !== 'http' && via !== 'cfx') problems.push(`--via must be http or cfx (got ${via})`);
  const lines = config.sites.flatMap((site) => site.lines.map((line) => `${site.siteId}/${line.lineId}`));
  const cfxLine = text('cfx-line') ?? lines[0] ?? '';
  if (via === 'cfx' && !lines.includes(cfxLine))
    problems.push(`--cfx-line ${cfxLine} is not a line of the factory (${lines.join(', ')})`);
  if (via !== 'cfx' && (text('cfx-line') !== undefined || text('cfx-address') !== undefined))
    problems.push('--cfx-line and --cfx-address apply to --via cfx only');
  const transport: TerminalTransport =
    via === 'cfx'
      ? {
          via,
          line: cfxLine,
          amqpUrl: environment.CFX_AMQP_URL || 'amqp://guest:guest@127.0.0.1:5672',
          address: text('cfx-address') ?? (environment.CFX_AMQP_ADDRESS || '/queue/cfx'),
        }
      : { via: 'http' };

  if (problems.length > 0 && !flag('help')) throw new ArgumentError(problems);
  return {
    transport,
    ingestUrl: text('ingest-url') ?? environment.INGEST_URL ?? 'http://127.0.0.1:3000',
    apiUrl: text('api-url') ?? environment.API_URL ?? 'http://127.0.0.1:3001',
    adminToken: adminToken ?? (environment.ADMIN_TOKEN || null),
    stationTokens,
    config,
    runId: text('run-id') ?? now.toString(36).slice(-6),
    start,
    pacing,
    stop,
    maxBatch,
    jsonFile: text('json') ?? null,
    webhookSinkPort: sinkPort,
    webhookSinkSecret: sinkSecret ?? (environment.WEBHOOK_SINK_SECRET || null),
    pidFile: text('pid-file') ?? null,
    quiet: flag('quiet'),
    help: flag('help'),
  };
}
