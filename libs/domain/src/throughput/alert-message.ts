import { DateTime } from 'luxon';
import type { NotificationKind } from './alert-lifecycle.js';
import type { AlertRuleName, AlertSeverity } from './alert-rule-set.js';
import type { AlertDetail, SiteFigures } from './alert-rules.js';

export interface AlertMessageInput {
  readonly alertId: string;
  readonly rule: AlertRuleName;
  readonly subject: string;
  readonly notification: NotificationKind;
  readonly severity: AlertSeverity;
  readonly detail: AlertDetail | null;
  readonly figures: SiteFigures;
  readonly occurredAt: Date;
  readonly dashboardUrl: string;
}

export interface AlertFact {
  readonly label: string;
  readonly value: string;
}

/**
 * What one notification says, independent of the chat it goes to: every platform's payload is built from
 * this, so Slack, Teams, Google Chat and the signed JSON never disagree about the numbers.
 */
export interface AlertMessage {
  readonly alertId: string;
  readonly rule: AlertRuleName;
  readonly siteId: string;
  readonly subject: string;
  readonly notification: NotificationKind;
  readonly severity: AlertSeverity;
  readonly title: string;
  /** What is wrong and by how much, in a sentence or two. */
  readonly summary: string;
  /** The week's position and projection, which every message carries. */
  readonly outlook: string;
  readonly facts: readonly AlertFact[];
  readonly occurredAt: string;
  readonly dashboardUrl: string;
  readonly figures: SiteFigures;
  readonly detail: AlertDetail | null;
}

export const RULE_LABELS: Readonly<Record<AlertRuleName, string>> = {
  behind_plan: 'Behind plan',
  projected_miss: 'Projected to miss the weekly target',
  stage_starvation: 'Stage starvation',
  stuck_rack: 'Stuck rack',
  yield_drop: 'First-pass yield drop',
  burn_in_capacity: 'Burn-in short of positions',
  idle_positions: 'Burn-in positions idle while racks wait',
  dwell_overrun: 'Burn-in run past its maximum',
  lot_escape: 'Lot escape',
};

/** How each kind of notification starts its title. */
export const NOTIFICATION_PREFIXES: Readonly<Record<NotificationKind, string>> = {
  firing: '',
  escalated: 'Escalated: ',
  reminder: 'Still firing: ',
  unacknowledged: 'Unacknowledged: ',
  resolved: 'Resolved: ',
};

function racks(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

function percent(fraction: number, digits = 1): string {
  return `${(fraction * 100).toFixed(digits)}%`;
}

function rate(perHour: number): string {
  return `${perHour.toFixed(1)} racks/h`;
}

function hours(value: number): string {
  return `${value.toFixed(1)} h`;
}

/** The week's end as the site reads it, e.g. `Mon 30 Nov 00:00 CET`. */
export function localTime(iso: string, timeZone: string): string {
  return DateTime.fromISO(iso, { zone: timeZone }).toFormat('ccc d LLL HH:mm ZZZZ');
}

const LISTED_RACKS = 12;

/** `3 racks (A, B, C)`, the first dozen named: a chat line must stay readable with a lot in 300 racks. */
function listRacks(count: number, serials: readonly string[]): string {
  if (count === 0) return 'none';
  const named = serials.slice(0, LISTED_RACKS).join(', ');
  const more = count > LISTED_RACKS ? ` and ${count - LISTED_RACKS} more` : '';
  return `${count} ${count === 1 ? 'rack' : 'racks'} (${named}${more})`;
}

function subjectLabel(rule: AlertRuleName, subject: string): string {
  if (subject === '') return '';
  return rule === 'stuck_rack' || rule === 'dwell_overrun' ? ` ${subject}` : ` (${subject})`;
}

function describe(detail: AlertDetail | null, figures: SiteFigures, notification: NotificationKind): string {
  const cleared = notification === 'resolved';
  if (detail === null) return cleared ? 'The condition has cleared.' : 'The condition holds.';
  switch (detail.rule) {
    case 'behind_plan':
      return cleared
        ? `Back within tolerance: ${racks(figures.actual)} racks completed this week against ${racks(figures.expectedByNow)} expected by now.`
        : `${racks(figures.actual)} racks completed this week against ${racks(figures.expectedByNow)} expected by now: ${racks(detail.deficit)} behind plan (${percent(detail.shortfall)}).`;
    case 'projected_miss':
      if (cleared) {
        return `The projection is back within tolerance: about ${racks(figures.projected)} of ${racks(figures.weekTarget)} by the end of the week.`;
      }
      return figures.projectionMethod === 'pipeline'
        ? `From what is in burn-in and past it, and what free positions can still soak, the week ends at about ${racks(figures.projected)} of ${racks(figures.weekTarget)}: ${racks(detail.projectedDeficit)} short (${percent(detail.shortfall)}).`
        : `At ${rate(figures.runRatePerHour)} (last ${hours(figures.runRateWindowHours)} of production) the week ends at about ${racks(figures.projected)} of ${racks(figures.weekTarget)}: ${racks(detail.projectedDeficit)} short (${percent(detail.shortfall)}).`;
    case 'stage_starvation':
      return cleared
        ? `${detail.stage} is back to ${rate(detail.ratePerHour)} against the ${rate(detail.requiredRatePerHour)} ${detail.nextStage} needs.`
        : `${detail.stage} passed ${rate(detail.ratePerHour)} over the last ${hours(figures.runRateWindowHours)} of production; ${detail.nextStage} needs ${rate(detail.requiredRatePerHour)} to hold plan (${percent(detail.shortfall, 0)} short).`;
    case 'stuck_rack':
      return cleared
        ? `Rack ${detail.rackSerial} has moved on or is back within its limit.`
        : `Rack ${detail.rackSerial} has been ${detail.status} at ${detail.stage} for ${hours(detail.hoursInState)} of ${detail.clock} time; the limit is ${hours(detail.limitHours)}.`;
    case 'yield_drop':
      return cleared
        ? `First-pass yield at ${detail.stage} is back at or near its ${percent(detail.floor, 0)} floor.`
        : `First-pass yield at ${detail.stage} is ${percent(detail.firstPassYield)} over the last ${detail.windowHours} h (${detail.passedFirstTime} of ${detail.tested} racks passed first time), below its ${percent(detail.floor, 0)} floor.`;
    case 'burn_in_capacity':
      return cleared
        ? `Burn-in has the positions the target needs again: ${racks(detail.availablePositions)} for ${racks(detail.requiredPositions)}.`
        : `Burn-in needs ${racks(detail.requiredPositions)} positions for ${racks(detail.weeklyTarget)} racks a week (${hours(detail.soakHours)} soak, ${percent(detail.retestRate, 0)} retests) and has ${racks(detail.availablePositions)}: ${racks(detail.margin)}.`;
    case 'idle_positions':
      return cleared
        ? 'No burn-in position stands free while a rack waits past the limit.'
        : `${racks(detail.freePositions)} burn-in positions stand free while ${racks(detail.queued)} racks wait; the oldest${detail.oldestSerial === null ? '' : `, ${detail.oldestSerial},`} has waited ${hours(detail.oldestWaitingHours)} (limit ${hours(detail.maxWaitHours)}).`;
    case 'lot_escape':
      return cleared
        ? `Lot ${detail.lot} of ${detail.supplierId} (${detail.partNumber}) fails no more than its part number's other lots allow.`
        : `Lot ${detail.lot} of ${detail.supplierId} (${detail.partNumber}): ${detail.failed} of ${racks(detail.installed)} installed parts failed, ${detail.failuresPerThousand} per 1,000 against ${detail.baselinePerThousand} for the part number's other lots (limit ${detail.factor}×). ${listRacks(detail.racks.length, detail.racks)} hold it; not shipped yet: ${listRacks(detail.notShipped.length, detail.notShipped)}.`;
    case 'dwell_overrun':
      return cleared
        ? `Rack ${detail.rackSerial} has left ${detail.cell}/${detail.position} or is back within its maximum.`
        : `Rack ${detail.rackSerial} has soaked ${hours(detail.soakedHours)} at ${detail.stage} in ${detail.cell}/${detail.position}; the maximum is ${hours(detail.maxHours)}.`;
  }
}

function ruleFacts(detail: AlertDetail | null): AlertFact[] {
  if (detail === null) return [];
  switch (detail.rule) {
    case 'behind_plan':
    case 'projected_miss':
      return [];
    case 'stage_starvation':
      return [
        { label: 'Stage', value: detail.stage },
        {
          label: 'Stage output',
          value: `${rate(detail.ratePerHour)} (needs ${rate(detail.requiredRatePerHour)})`,
        },
      ];
    case 'stuck_rack':
      return [
        { label: 'Rack', value: detail.rackSerial },
        { label: 'State', value: `${detail.stage} / ${detail.status}` },
        {
          label: 'Time in state',
          value: `${hours(detail.hoursInState)} (limit ${hours(detail.limitHours)})`,
        },
      ];
    case 'yield_drop':
      return [
        { label: 'Stage', value: detail.stage },
        {
          label: 'First-pass yield',
          value: `${percent(detail.firstPassYield)} (floor ${percent(detail.floor, 0)})`,
        },
      ];
    case 'burn_in_capacity':
      return [
        { label: 'Positions needed', value: racks(detail.requiredPositions) },
        {
          label: 'Positions there are',
          value: `${racks(detail.availablePositions)} (${detail.margin >= 0 ? '+' : ''}${racks(detail.margin)})`,
        },
      ];
    case 'idle_positions':
      return [
        { label: 'Free positions', value: racks(detail.freePositions) },
        {
          label: 'Waiting for burn-in',
          value: `${racks(detail.queued)} (oldest ${hours(detail.oldestWaitingHours)})`,
        },
      ];
    case 'lot_escape':
      return [
        { label: 'Lot', value: `${detail.lot} (${detail.partNumber})` },
        { label: 'Supplier', value: detail.supplierId },
        {
          label: 'Failures per 1,000',
          value: `${detail.failuresPerThousand} (part number ${detail.baselinePerThousand}, limit ${detail.factor}×)`,
        },
        { label: 'Racks holding it', value: listRacks(detail.racks.length, detail.racks) },
        { label: 'Not shipped yet', value: listRacks(detail.notShipped.length, detail.notShipped) },
      ];
    case 'dwell_overrun':
      return [
        { label: 'Rack', value: detail.rackSerial },
        { label: 'Position', value: `${detail.cell}/${detail.position}` },
        { label: 'Soaked', value: `${hours(detail.soakedHours)} (max ${hours(detail.maxHours)})` },
      ];
  }
}

export function composeAlertMessage(input: AlertMessageInput): AlertMessage {
  const { figures } = input;
  const deficit = figures.expectedByNow - figures.actual;
  const weekEnd = localTime(figures.weekEnd, figures.timeZone);
  const outlook =
    `Week so far: ${racks(figures.actual)} of ${racks(figures.weekTarget)} completed, ${racks(figures.expectedByNow)} expected by now; ` +
    `projected ${racks(figures.projected)} by ${weekEnd}.`;
  const facts: AlertFact[] = [
    { label: 'Site', value: figures.siteId },
    { label: 'Severity', value: input.severity },
    { label: 'Completed this week', value: racks(figures.actual) },
    { label: 'Expected by now', value: racks(figures.expectedByNow) },
    {
      label: deficit >= 0 ? 'Behind plan by' : 'Ahead of plan by',
      value: `${racks(Math.abs(deficit))} racks`,
    },
    { label: 'Projected by week end', value: `${racks(figures.projected)} of ${racks(figures.weekTarget)}` },
    { label: 'Run rate', value: rate(figures.runRatePerHour) },
    ...ruleFacts(input.detail),
    { label: 'Week ends', value: weekEnd },
  ];
  return {
    alertId: input.alertId,
    rule: input.rule,
    siteId: figures.siteId,
    subject: input.subject,
    notification: input.notification,
    severity: input.severity,
    title: `${NOTIFICATION_PREFIXES[input.notification]}${RULE_LABELS[input.rule]}${subjectLabel(input.rule, input.subject)} at ${figures.siteId}`,
    summary: describe(input.detail, figures, input.notification),
    outlook,
    facts,
    occurredAt: input.occurredAt.toISOString(),
    dashboardUrl: input.dashboardUrl,
    figures,
    detail: input.detail,
  };
}
