import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Logger, type LogLevel } from '@nestjs/common';
import { ConfigValidationError, loadConfig } from '#config';
import { JsonLogger } from '#platform';
import { describeDrift } from '../rebuild/drift-report.js';
import { rebuildFromLog, TargetNotEmptyError } from '../rebuild/rebuild-from-log.js';
import { TrackerConfig } from '../tracker.config.js';

const USAGE = `Usage: npm run rebuild -- --into <database|postgres://…> [--force] [--report FILE] [--show N] [--no-compare]

Rebuilds a database from the station-events log (KAFKA_TOPIC_PREFIX applies), through the tracker's own
code, and compares every rack with the live database (DATABASE_URL). Nothing is published to Kafka.
Run it with the tracker's variables (MAX_EVENT_AGE_DAYS, MAX_CLOCK_SKEW_SECONDS, TRACKER_CONSUMER_GROUP…),
so events are accepted or refused as they were live.

  --into        the database to build: a name on DATABASE_URL's server, or a full postgres:// URL;
                created when missing, migrated
  --force       empty the target first even when it already holds racks (otherwise: exit 2)
  --report      where the full drift report goes as JSON (default rebuild-report-<time>.json here)
  --show        racks that differ named on the terminal (default 20)
  --no-compare  skip the drift report (timing the replay alone)
  --help        show this help

Exit codes: 0 no drift, 1 drift found, 2 target already holds racks, 64 usage, 78 configuration, 70 failure.`;

const EXIT_DRIFT = 1;
const EXIT_NOT_EMPTY = 2;
const EXIT_USAGE = 64;
const EXIT_FAILURE = 70;
const EXIT_CONFIG = 78;

/** Logs, like progress, go to stderr: stdout carries only the summary a script may read. */
class StderrLogger extends JsonLogger {
  protected override printMessages(
    messages: unknown[],
    context?: string,
    logLevel?: LogLevel,
    _writeStreamType?: 'stdout' | 'stderr',
    errorStack?: unknown,
  ): void {
    super.printMessages(messages, context, logLevel, 'stderr', errorStack);
  }
}

function parseCommand(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      into: { type: 'string' },
      force: { type: 'boolean', default: false },
      report: { type: 'string' },
      show: { type: 'string', default: '20' },
      'no-compare': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return 'help' as const;
  if (positionals.length > 0) throw new Error(`unexpected argument ${positionals[0]}`);
  if (values.into === undefined || values.into === '') throw new Error('missing --into');
  const show = Number(values.show);
  if (!Number.isInteger(show) || show < 0) throw new Error(`--show ${values.show}: expected a whole number`);
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').toLowerCase();
  return {
    into: values.into,
    force: values.force,
    compare: !values['no-compare'],
    show,
    report: resolve(values.report ?? `rebuild-report-${stamp}.json`),
  };
}

async function main(): Promise<number> {
  let command: ReturnType<typeof parseCommand>;
  try {
    command = parseCommand(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`rebuild: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  if (command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let config: TrackerConfig;
  try {
    config = loadConfig('rebuild', TrackerConfig);
  } catch (error) {
    if (!(error instanceof ConfigValidationError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return EXIT_CONFIG;
  }
  const logger = new StderrLogger('rebuild', config.LOG_LEVEL === 'log' ? 'warn' : config.LOG_LEVEL);
  Logger.overrideLogger(logger);
  const progress = (line: string) => process.stderr.write(`rebuild: ${line}\n`);
  try {
    const result = await rebuildFromLog(
      config,
      { into: command.into, force: command.force, compare: command.compare, progressEveryMs: 2000 },
      { progress, logger },
    );
    const figures = `events ${result.events}, seconds ${result.seconds.toFixed(1)}, events/s ${Math.round(result.eventsPerSecond)}`;
    progress(`rebuilt ${result.target}: ${figures}`);
    if (result.drift === null) {
      process.stdout.write(`${figures}\n`);
      return 0;
    }
    mkdirSync(dirname(command.report), { recursive: true });
    writeFileSync(
      command.report,
      `${JSON.stringify({ generatedAt: new Date().toISOString(), ...result }, null, 2)}\n`,
    );
    process.stdout.write(
      `${describeDrift(result.drift, command.show).join('\n')}\nreport: ${command.report}\n`,
    );
    process.stdout.write(`${figures}\n`);
    return result.drift.drift ? EXIT_DRIFT : 0;
  } catch (error) {
    if (error instanceof TargetNotEmptyError) {
      process.stderr.write(`rebuild: ${error.message}\n`);
      return EXIT_NOT_EMPTY;
    }
    process.stderr.write(
      `rebuild failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return EXIT_FAILURE;
  }
}

process.exitCode = await main();
