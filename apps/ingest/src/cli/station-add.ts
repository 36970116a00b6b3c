import 'reflect-metadata';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ConfigValidationError, loadConfig, ServiceConfig } from '#config';
import { createDataSource, UnitOfWork } from '#persistence';
import { flattenValidationErrors } from '#platform';
import { IngestError } from '../common/ingest.error.js';
import { RegisterStationDto } from '../stations/register-station.dto.js';
import { RegisterStationUseCase } from '../stations/register-station.use-case.js';

const USAGE = `Usage: npm run station:add -- --station <id> --stage <stage> --site <site> --line <line> [--role station|supervisor] [--json]

Registers a station terminal and prints its token (shown only this once). Reads DATABASE_URL.
Re-registering a revoked station id issues a new token; an active one is refused.

  --station   station id, e.g. ASSY-01
  --stage     the stage it serves, e.g. assembly
  --site      site id, e.g. site-1
  --line      line id, e.g. line-1
  --role      station (default) or supervisor (may hold, release and scrap at any stage)
  --json      print the registered station with its token as JSON
  --help      show this help`;

// sysexits.h: the caller's mistake, bad configuration, and "cannot do it" get different codes for scripts.
const EXIT_USAGE = 64;
const EXIT_CONFIG = 78;
const EXIT_FAILURE = 1;

class UsageError extends Error {}

class StationAddConfig extends ServiceConfig {}

function parseCommand(argv: string[]): { station: RegisterStationDto; json: boolean } | 'help' {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}`);
  const missing = (['station', 'stage', 'site', 'line'] as const).filter(
    (name) => values[name] === undefined,
  );
  if (missing.length > 0) throw new UsageError(`missing ${missing.map((name) => `--${name}`).join(', ')}`);
  const station = plainToInstance(RegisterStationDto, {
    stationId: values.station,
    stage: values.stage,
    siteId: values.site,
    lineId: values.line,
    role: values.role,
  });
  const problems = flattenValidationErrors(validateSync(station));
  if (problems.length > 0) throw new UsageError(problems.map((problem) => problem.reason).join('\n'));
  return { station, json: values.json ?? false };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      station: { type: 'string' },
      stage: { type: 'string' },
      site: { type: 'string' },
      line: { type: 'string' },
      role: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

async function main(): Promise<number> {
  let command: ReturnType<typeof parseCommand>;
  try {
    command = parseCommand(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`station:add: ${error.message}\n\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  if (command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let config: StationAddConfig;
  try {
    config = loadConfig('station:add', StationAddConfig);
  } catch (error) {
    if (!(error instanceof ConfigValidationError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return EXIT_CONFIG;
  }
  const dataSource = createDataSource({
    databaseUrl: config.DATABASE_URL,
    applicationName: 'station-add',
    poolSize: 1,
  });
  await dataSource.initialize();
  try {
    // Whoever can reach the database is an admin in effect; the audit log names the OS user who ran it.
    const actor = { id: 'cli:station-add', name: `station:add run by ${userInfo().username}`, role: 'admin' };
    const registered = await new RegisterStationUseCase(new UnitOfWork(dataSource)).execute(
      command.station,
      actor,
    );
    process.stdout.write(command.json ? `${JSON.stringify(registered, null, 2)}\n` : `${registered.token}\n`);
    if (!command.json) {
      process.stderr.write(
        `station:add: registered ${registered.stationId} (${registered.role} at ${registered.stage}, ${registered.siteId}/${registered.lineId}); the token above is shown only once\n`,
      );
    }
    return 0;
  } catch (error) {
    if (error instanceof IngestError && error.code === 'station_exists') {
      process.stderr.write(`station:add: ${error.message}\n`);
      return EXIT_FAILURE;
    }
    throw error;
  } finally {
    await dataSource.destroy();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`station:add: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = EXIT_FAILURE;
  },
);
