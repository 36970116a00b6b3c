// `npm run simulate`: a simulated factory's terminals posting to ingest, with a progress bar and a summary.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ArgumentError, parseSimulatorArguments, SIMULATOR_USAGE } from './cli/simulator-arguments.js';
import { ProgressBar, renderProgress } from './cli/progress-bar.js';
import { renderSummary } from './cli/simulation-summary.js';
import { WebhookSink } from './cli/webhook-sink.js';
import { CfxChannel } from './terminal/cfx-channel.js';
import { Simulation, type Pacing, type StopCondition } from './simulation.js';
import { GB200_SOAK_HOURS } from './factory/factory-config.js';

const REPO_ROOT = resolve(import.meta.dirname, '../../../..');
/** How long a stop request (SIGINT, SIGTERM) keeps posting what is queued before abandoning it. */
const STOP_DRAIN_MS = 5_000;

function adminTokenFromStack(): string | null {
  const file = resolve(REPO_ROOT, '.stack/admin-token');
  return existsSync(file) ? readFileSync(file, 'utf8').trim() || null : null;
}

async function main(): Promise<number> {
  const now = Date.now();
  let args;
  try {
    args = parseSimulatorArguments(
      process.argv.slice(2),
      process.env,
      now,
      (path) => JSON.parse(readFileSync(path, 'utf8')) as unknown,
      (path) => readFileSync(path, 'utf8'),
    );
  } catch (error) {
    if (!(error instanceof ArgumentError)) throw error;
    process.stderr.write(
      `${error.problems.map((problem) => `simulate: ${problem}`).join('\n')}\n\n${SIMULATOR_USAGE}`,
    );
    return 2;
  }
  if (args.help) {
    process.stdout.write(SIMULATOR_USAGE);
    return 0;
  }
  const adminToken = args.adminToken ?? adminTokenFromStack();
  if (adminToken === null) {
    process.stderr.write(
      'simulate: no admin token: set ADMIN_TOKEN, pass --admin-token-file FILE, or run `npm run system` (it writes .stack/admin-token)\n',
    );
    return 2;
  }
  if (args.pidFile !== null) writePidFile(args.pidFile);

  // Every wait of the run (requests, retry back-offs, registration) ends when this aborts.
  const abort = new AbortController();
  const transport = args.transport;
  const cfx =
    transport.via === 'cfx'
      ? await CfxChannel.open({
          amqpUrl: transport.amqpUrl,
          address: transport.address,
          line: transport.line,
          apiUrl: args.apiUrl,
          adminToken,
          signal: abort.signal,
        })
      : null;
  if (cfx !== null && transport.via === 'cfx')
    process.stderr.write(
      `simulate: line ${transport.line} speaks IPC-CFX over AMQP 1.0 to ${transport.address} (what CFX cannot say still posts to ingest)\n`,
    );
  const simulation = new Simulation({
    ingestUrl: args.ingestUrl,
    apiUrl: args.apiUrl,
    adminToken,
    config: args.config,
    runId: args.runId,
    start: args.start,
    pacing: args.pacing,
    maxBatch: args.maxBatch,
    stop: args.stop,
    drainTimeoutMs: STOP_DRAIN_MS,
    signal: abort.signal,
    ...(args.stationTokens === null ? {} : { tokens: args.stationTokens }),
    ...(cfx === null ? {} : { cfx }),
  });
  const lines = args.config.sites.flatMap((site) =>
    site.lines.map((line) => `${site.siteId}/${line.lineId} ${line.racksPerWeek}/week`),
  );
  process.stderr.write(
    `simulate: run ${args.runId}, ${simulation.stations().length} stations on ${lines.join(', ')}; posting to ${args.ingestUrl} ` +
      `from simulated ${new Date(args.start).toISOString()} (${describePace(args.pacing)})\n`,
  );

  // First signal: stop releasing events and post what is queued, for STOP_DRAIN_MS at most (ingest may be away).
  // Second: end the run now. Third: exit without a summary.
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals === 1) {
      process.stderr.write(
        `\nsimulate: ${signal}: stopping — posting what is queued for up to ${STOP_DRAIN_MS / 1000} s (again to quit at once)\n`,
      );
      simulation.stop();
    } else if (signals === 2) abort.abort(new Error(`${signal} received twice`));
    else process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const bar = new ProgressBar(process.stderr);
  let sink: WebhookSink | null = null;
  if (args.webhookSinkPort !== null) {
    sink = new WebhookSink((delivery) => {
      const signature = delivery.signature === 'unsigned' ? '' : ` (signature ${delivery.signature})`;
      bar.print(
        `[webhook ${delivery.receivedAt.toISOString().slice(11, 19)}] ${delivery.headline}${signature}`,
      );
    }, args.webhookSinkSecret);
    const url = await sink.listen(args.webhookSinkPort);
    process.stderr.write(
      `simulate: webhook sink listening on ${url}; alerts delivered there are printed here\n`,
    );
  }
  for (const stage of args.config.stages) {
    if (stage.dwell === undefined) continue;
    // Said up front: a manager reading the board must not take a compressed soak for the real one.
    const compressed =
      stage.dwell.minHours < GB200_SOAK_HOURS ? `, compressed from a real ${GB200_SOAK_HOURS} h` : '';
    const positions = args.config.sites
      .map(
        (site) => `${site.siteId} ${(site.burnInCells ?? []).reduce((sum, cell) => sum + cell.positions, 0)}`,
      )
      .join(', ');
    process.stderr.write(
      `simulate: ${stage.stage} soaks ${stage.dwell.minHours} h${compressed} (--soak-hours); positions: ${positions}\n`,
    );
  }
  const started = Date.now();
  let previous = { at: started, answered: 0, rate: 0 };
  const say = (line: string) => (args.quiet ? process.stderr.write(`${line}\n`) : bar.print(line));
  const away = { networkErrors: 0, answered: 0, reported: false };
  const timer = setInterval(() => {
    const stats = simulation.progress();
    const at = Date.now();
    // Said once when ingest stops answering, and once when it is back: the run waits for it meanwhile.
    if (!away.reported && stats.networkErrors > away.networkErrors && stats.answered === away.answered) {
      away.reported = true;
      say(
        `simulate: ingest at ${args.ingestUrl} is not answering; retrying until it is back (Ctrl-C or SIGTERM stops)`,
      );
    } else if (away.reported && stats.answered > away.answered) {
      away.reported = false;
      say(`simulate: ingest answers again`);
    }
    away.networkErrors = stats.networkErrors;
    away.answered = stats.answered;
    if (args.quiet) return;
    if (at - previous.at >= 1000) {
      previous = {
        at,
        answered: stats.answered,
        rate: ((stats.answered - previous.answered) * 1000) / (at - previous.at),
      };
    }
    bar.update(
      renderProgress(
        stats,
        fractionDone(args.stop, stats.floorEvents, stats.simNow, args.start, at - started),
        previous.rate,
        at - started,
      ),
    );
  }, 250);

  const report = await simulation.run().finally(() => {
    clearInterval(timer);
    bar.done();
  });
  await sink?.close();
  await cfx?.close();
  process.stdout.write(`${renderSummary(report)}\n`);
  if (cfx !== null)
    process.stdout.write(`  cfx        ${cfx.sent} events sent as CFX messages over AMQP 1.0\n`);
  if (sink !== null)
    process.stdout.write(`  webhooks   ${sink.deliveries.length} alert messages received by the sink\n`);
  if (args.jsonFile !== null) {
    writeFileSync(args.jsonFile, `${JSON.stringify({ ...report, outcomes: undefined }, null, 2)}\n`);
    process.stdout.write(`report written to ${args.jsonFile}\n`);
  }
  // Events abandoned because someone asked the run to stop are in the summary; they do not fail the run.
  return report.stats.unexpectedRefusals > 0 || (report.abandoned > 0 && signals === 0) ? 1 : 0;
}

/** The pid file `npm run system:stop` finds this process by; removed on exit if it is still ours. */
function writePidFile(path: string): void {
  writeFileSync(path, `${process.pid}\n`);
  process.on('exit', () => {
    try {
      if (readFileSync(path, 'utf8').trim() === String(process.pid)) rmSync(path);
    } catch {
      // already gone
    }
  });
}

function describePace(pacing: Pacing): string {
  if (pacing.kind === 'speed') return `${pacing.speed}× real time until it reaches now, then real time`;
  if (pacing.kind === 'rate') return `${pacing.eventsPerSecond} events/s`;
  return 'as fast as ingest answers';
}

function fractionDone(
  stop: StopCondition,
  floorEvents: number,
  simNow: number,
  simStart: number,
  elapsedMs: number,
): number | null {
  const fractions: number[] = [];
  if (stop.events !== undefined) fractions.push(floorEvents / stop.events);
  if (stop.until !== undefined) fractions.push((simNow - simStart) / Math.max(1, stop.until - simStart));
  if (stop.durationMs !== undefined) fractions.push(elapsedMs / stop.durationMs);
  return fractions.length === 0 ? null : Math.max(...fractions);
}

// Exit at once: idle keep-alive connections to ingest would otherwise hold the process open for seconds.
process.exit(await main());
