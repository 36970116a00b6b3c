import type { SimulationReport } from '../simulation.js';
import { formatElapsed } from './progress-bar.js';

function count(value: number): string {
  return value.toLocaleString('en-US');
}

/** The end-of-run summary: what the floor did, what was posted, what ingest said, what the tracker should decide. */
export function renderSummary(report: SimulationReport): string {
  const { stats, racks, faults } = report;
  const seconds = Math.max(report.wallMs / 1000, 0.001);
  const refused = Object.entries(stats.refused)
    .map(([status, n]) => `${count(n)}×${status}`)
    .join(', ');
  const expected = Object.entries(report.expected)
    .sort(([, a], [, b]) => b - a)
    .map(([outcome, n]) => `${outcome.replace('rejected:', '')} ${count(n)}`)
    .join(', ');
  const lines = [
    `Simulation ${report.runId}: ${formatElapsed(report.wallMs)} wall, simulated ${new Date(report.simFrom).toISOString()} → ${new Date(report.simTo).toISOString()}`,
    `  floor      ${count(racks.started)} racks started, ${count(racks.shipped)} shipped, ${count(racks.scrapped)} scrapped, ${count(stats.floorEvents)} events`,
    ...(report.components.installed > 0
      ? [
          `  genealogy  ${count(report.components.installed)} components installed, ${count(report.components.replaced)} failed at test and swapped in rework`,
        ]
      : []),
    `  faults     ${count(faults.duplicate)} duplicates, ${count(faults.out_of_order)} out of order (+${count(faults.correction)} corrections), ${count(faults.illegal)} illegal, ${count(faults.clock_skew)} clock skew, ${count(faults.component_in_use)} reused serials, ${count(faults.burst)} offline bursts`,
    `  posted     ${count(stats.answered)} events in ${count(stats.requests)} requests (${count(Math.round(stats.answered / seconds))} events/s)`,
    `  ingest     ${count(stats.accepted)} accepted, ${count(stats.duplicateAnswers)} answered duplicate${refused ? `, refused ${refused}` : ''}`,
    `  retries    ${count(stats.retries)} (${count(stats.unavailableAnswers)}×503, ${count(stats.networkErrors)} network errors, ${count(stats.serverErrors)} other 5xx)`,
    `  expected   tracker decisions: ${expected || 'none'}`,
  ];
  if (report.abandoned > 0)
    lines.push(`  abandoned  ${count(report.abandoned)} events were still queued when the run stopped`);
  if (stats.unexpectedRefusals > 0)
    lines.push(`  PROBLEM    ${count(stats.unexpectedRefusals)} good events were refused:`);
  for (const problem of report.problems) lines.push(`    - ${problem}`);
  return lines.join('\n');
}
