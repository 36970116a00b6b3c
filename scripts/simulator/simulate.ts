// `npm run simulate`: a simulated factory's terminals posting to ingest, with a progress bar and a summary.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ArgumentError, parseSimulatorArguments, SIMULATOR_USAGE } from './cli/simulator-arguments.js';
import { ProgressBar, renderProgress } from './cli/progress-bar.js';
import { renderSummary } from './cli/simulation-summary.js';
import { WebhookSink } from './cli/webhook-sink.js';
import { Simulation, type Pacing, type StopCondition } from './simulation.js';

const REPO_ROOT = resolve(import.meta.dirname, '../../..');

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
      'simulate: no admin token: pass --admin-token, set ADMIN_TOKEN, or run `npm run system` (it writes .stack/admin-token)\n',
    );
    return 2;
  }

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
    drainTimeoutMs: 30_000,
  });
  const lines = args.config.sites.flatMap((site) =>
    site.lines.map((line) => `${site.siteId}/${line.lineId} ${line.racksPerWeek}/week`),
  );
  process.stderr.write(
    `simulate: run ${args.runId}, ${simulation.stations().length} stations on ${lines.join(', ')}; posting to ${args.ingestUrl} ` +
      `from simulated ${new Date(args.start).toISOString()} (${describePace(args.pacing)})\n`,
  );

  let interrupts = 0;
  process.on('SIGINT', () => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130);
    process.stderr.write('\nsimulate: stopping — posting what is queued (Ctrl-C again to quit at once)\n');
    simulation.stop();
  });
  process.on('SIGTERM', () => simulation.stop());

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
  const started = Date.now();
  let previous = { at: started, answered: 0, rate: 0 };
  const timer = args.quiet
    ? null
    : setInterval(() => {
        const stats = simulation.progress();
        const at = Date.now();
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
    if (timer) clearInterval(timer);
    bar.done();
  });
  await sink?.close();
  process.stdout.write(`${renderSummary(report)}\n`);
  if (sink !== null)
    process.stdout.write(`  webhooks   ${sink.deliveries.length} alert messages received by the sink\n`);
  if (args.jsonFile !== null) {
    writeFileSync(args.jsonFile, `${JSON.stringify({ ...report, outcomes: undefined }, null, 2)}\n`);
    process.stdout.write(`report written to ${args.jsonFile}\n`);
  }
  return report.stats.unexpectedRefusals > 0 || report.abandoned > 0 ? 1 : 0;
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
