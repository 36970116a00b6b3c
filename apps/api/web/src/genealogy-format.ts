// Pure helpers for the failure Pareto and the trace search: no DOM, so they are unit-tested with the rest.
import type { FailureGrouping, ParetoEntry, TraceRack } from './api-types.js';
import { t } from './i18n.js';
import type { TraceTotals } from './rack-detail-types.js';

const HOUR_MS = 3_600_000;

export const FAILURE_WINDOWS = ['week', '24h', '7d', '30d'] as const;
export type FailureWindow = (typeof FAILURE_WINDOWS)[number];

/** `this week`, `last 24 h`… in the page's language. */
export function windowLabel(choice: FailureWindow): string {
  return t(`pareto.windows.${choice}`);
}

/** `Part number`, `Failure code`… in the page's language. */
export function groupingLabel(grouping: FailureGrouping): string {
  return t(`pareto.groupings.${grouping}`);
}

const ROLLING_HOURS: Record<Exclude<FailureWindow, 'week'>, number> = { '24h': 24, '7d': 168, '30d': 720 };

/**
 * The [from, to) the Pareto asks for. "This week" is the site's production week as the progress figures count
 * it (its start is local midnight in the site's zone), so it is unknown until the week's numbers arrive.
 */
export function failureWindow(
  choice: FailureWindow,
  week: { start: string; end: string } | null,
  now: Date,
): { from: string; to: string } | null {
  if (choice === 'week') return week === null ? null : { from: week.start, to: week.end };
  return {
    from: new Date(now.getTime() - ROLLING_HOURS[choice] * HOUR_MS).toISOString(),
    to: now.toISOString(),
  };
}

/** What else the API knows about a group, in a few words: the kind, the supplier's name, a lot's parts. */
export function paretoDetail(groupBy: FailureGrouping, entry: ParetoEntry): string {
  switch (groupBy) {
    case 'partNumber':
      return entry.label === null ? '' : entry.label.replaceAll('_', ' ');
    case 'supplier':
      return [entry.label, entry.country].filter((part) => part !== null).join(' · ');
    case 'lot':
      return [entry.label, ...(entry.partNumbers ?? [])].filter((part) => part !== null).join(' · ');
    case 'code':
      return [
        entry.label === null
          ? null
          : `→ ${t(`rack.failures.action.${entry.label}`, { defaultValue: entry.label.replaceAll('_', ' ') })}`,
        ...(entry.partNumbers ?? []),
      ]
        .filter((part) => part !== null)
        .join(' · ');
    case 'measurement':
      return entry.label === null ? '' : t('pareto.inUnit', { unit: entry.label });
  }
}

/** Long lot or part numbers would swallow the chart's axis; the table beside it has them whole. */
export function shortKey(key: string, max = 14): string {
  return key.length <= max ? key : `${key.slice(0, max - 1)}…`;
}

export interface TraceFields {
  partNumber: string;
  lot: string;
  supplierId: string;
}

/** What to trace for a bar: a lot is named by its supplier, so two suppliers' lots of one name stay apart. */
export function traceFieldsOf(groupBy: FailureGrouping, entry: ParetoEntry): TraceFields {
  return {
    partNumber: groupBy === 'partNumber' ? entry.key : '',
    lot: groupBy === 'lot' ? entry.key : '',
    supplierId: groupBy === 'supplier' ? entry.key : groupBy === 'lot' ? (entry.label ?? '') : '',
  };
}

/**
 * The trace query for what was typed, among the racks of the screen's site, or null when nothing was typed (the
 * API refuses an empty trace: a site alone would be every rack of it).
 */
export function traceQuery(
  fields: TraceFields,
  site: string,
  limit: number,
  cursor: string | null,
): URLSearchParams | null {
  const query = new URLSearchParams();
  for (const name of ['partNumber', 'lot', 'supplierId'] as const) {
    const value = fields[name].trim();
    if (value !== '') query.set(name, value);
  }
  if ([...query.keys()].length === 0) return null;
  query.set('site', site);
  query.set('limit', String(limit));
  // Totals cost a pass over every match: asked once, with the first page.
  if (cursor === null) query.set('summary', 'true');
  else query.set('cursor', cursor);
  return query;
}

/**
 * The trace totals in words that add up: `12 racks · 30 parts installed now · 4 removed`, where every part listed is
 * either still installed or was removed. Racks that only held a part are among the racks; their parts are removed.
 */
export function describeTraceSummary(
  summary: Pick<TraceTotals, 'racks' | 'installedNow' | 'removed'>,
): string {
  return [
    t('trace.summary.racks', { count: summary.racks }),
    t('trace.summary.installedNow', { count: summary.installedNow }),
    t('trace.summary.removed', { count: summary.removed }),
  ].join(' · ');
}

export type Disposition = 'shipped' | 'scrapped' | 'on-line';

/** Where a traced rack is, as the person chasing a bad lot needs it: gone, scrapped, or still reachable. */
export function dispositionOf(status: string): Disposition {
  if (status === 'shipped') return 'shipped';
  if (status === 'scrapped') return 'scrapped';
  return 'on-line';
}

/** `2 installed now, 1 removed`: the matching parts still in the rack, and those swapped out of it. */
export function describeTracedParts(rack: Pick<TraceRack, 'parts'>): string {
  const installedNow = rack.parts.filter((part) => part.installed).length;
  const removed = rack.parts.length - installedNow;
  return [
    installedNow > 0 ? t('trace.row.installedNow', { count: installedNow }) : '',
    removed > 0 ? t('trace.row.removed', { count: removed }) : '',
  ]
    .filter(Boolean)
    .join(', ');
}
