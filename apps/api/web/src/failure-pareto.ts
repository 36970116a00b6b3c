import type { ApiClient } from './api-client.js';
import { FAILURE_GROUPINGS, type FailureGrouping, type QualityFailures } from './api-types.js';
import { byId, el, setText, tableHead } from './dom.js';
import { formatCount, formatPercent, stageLabel } from './format.js';
import { t } from './i18n.js';
import {
  FAILURE_WINDOWS,
  failureWindow,
  groupingLabel,
  paretoDetail,
  traceFieldsOf,
  windowLabel,
  type FailureWindow,
  type TraceFields,
} from './genealogy-format.js';
import { ParetoChart } from './pareto-chart.js';

// A burst of failures (a bad lot surfacing at burn-in) is one redraw, not one per rack.
const REFRESH_AFTER_FAILURE_MS = 3_000;
// Enough bars to see the vital few and the start of the tail, few enough to read their names across a room.
const PARETO_LIMIT = 10;
// The file is for digging: every group the api will list, not only the bars on screen.
const PARETO_CSV_LIMIT = 500;
const GROUPING_KEY = 'rack-line.pareto.groupBy';
const WINDOW_KEY = 'rack-line.pareto.window';

function stored<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
  const value = localStorage.getItem(key);
  return allowed.find((candidate) => candidate === value) ?? fallback;
}

/**
 * The failure Pareto panel: which part numbers, suppliers, lots or measurements the failed tests of the screen's
 * site blame in the window, largest first. It reloads a moment after the stream reports a rack failing, and on
 * the slow poll. Choosing a part number, supplier or lot traces the racks that hold it.
 */
export class FailurePareto {
  private readonly grouping = byId<HTMLSelectElement>('pareto-group');
  private readonly window = byId<HTMLSelectElement>('pareto-window');
  private readonly chart = new ParetoChart(byId('pareto-chart'));
  private week: { start: string; end: string } | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inFlight: AbortController | null = null;

  constructor(
    private readonly api: ApiClient,
    private readonly site: string,
    private readonly onTrace: (fields: TraceFields) => void,
  ) {
    this.grouping.replaceChildren(
      ...FAILURE_GROUPINGS.map((grouping) => el('option', { value: grouping }, groupingLabel(grouping))),
    );
    this.window.replaceChildren(
      ...FAILURE_WINDOWS.map((choice) => el('option', { value: choice }, windowLabel(choice))),
    );
    this.grouping.value = stored(GROUPING_KEY, FAILURE_GROUPINGS, 'partNumber');
    this.window.value = stored(WINDOW_KEY, FAILURE_WINDOWS, 'week');
    byId('pareto-csv').addEventListener('click', () => void this.downloadCsv());
    for (const [select, key] of [
      [this.grouping, GROUPING_KEY],
      [this.window, WINDOW_KEY],
    ] as const) {
      select.addEventListener('change', () => {
        localStorage.setItem(key, select.value);
        void this.refresh();
      });
    }
  }

  /** The site's week as the progress figures have it; a new week (or the first figures) reloads at once. */
  weekKnown(week: { start: string; end: string }): void {
    const changed = this.week?.start !== week.start || this.week?.end !== week.end;
    this.week = { start: week.start, end: week.end };
    if (changed) void this.refresh();
  }

  /** A rack failed a test: the Pareto is out of date. Failures that follow within the pause share one reload. */
  failureSeen(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.refresh();
    }, REFRESH_AFTER_FAILURE_MS);
  }

  async refresh(): Promise<void> {
    const groupBy = this.grouping.value as FailureGrouping;
    const choice = this.window.value as FailureWindow;
    const window = failureWindow(choice, this.week, new Date());
    if (window === null) return;
    this.inFlight?.abort();
    const controller = new AbortController();
    this.inFlight = controller;
    const query = new URLSearchParams({ site: this.site, groupBy, ...window, limit: String(PARETO_LIMIT) });
    try {
      const failures = await this.api.get<QualityFailures>(
        `/v1/quality/failures?${query.toString()}`,
        controller.signal,
      );
      if (this.inFlight === controller) this.show(failures, choice);
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') return;
      console.warn('failure pareto refresh failed', error);
      setText('pareto-summary', t('pareto.loadFailed'));
    }
  }

  /** The table on screen, as CSV: same site, grouping and window. */
  private async downloadCsv(): Promise<void> {
    const groupBy = this.grouping.value as FailureGrouping;
    const window = failureWindow(this.window.value as FailureWindow, this.week, new Date());
    if (window === null) return;
    const query = new URLSearchParams({
      site: this.site,
      groupBy,
      ...window,
      limit: String(PARETO_CSV_LIMIT),
    });
    try {
      await this.api.download(
        `/v1/quality/failures?${query.toString()}`,
        `pareto-${this.site}-${groupBy}.csv`.replace(/[^\w.-]+/g, '_'),
        'text/csv',
      );
    } catch (error) {
      console.warn('pareto CSV download failed', error);
    }
  }

  private show(failures: QualityFailures, choice: FailureWindow): void {
    const panel = byId('pareto');
    panel.dataset.groupBy = failures.groupBy;
    panel.dataset.totalFailures = String(failures.totalFailures);
    // What is counted: measurements out of limits, failure codes, or failed components.
    const what =
      failures.groupBy === 'measurement' ? 'measurement' : failures.groupBy === 'code' ? 'code' : 'part';
    setText(
      'pareto-summary',
      `${t(`pareto.counted.${what}`, { count: failures.totalFailures, n: formatCount(failures.totalFailures) })} · ${windowLabel(choice)}`,
    );
    this.chart.update(failures.pareto);
    byId('pareto-table').replaceChildren(this.table(failures, what));
  }

  private table(failures: QualityFailures, what: 'measurement' | 'code' | 'part'): HTMLElement {
    // A code or a measurement names no part to trace.
    const traceable = failures.groupBy !== 'measurement' && failures.groupBy !== 'code';
    const rows = failures.pareto.map((entry, index) => {
      const name = el('strong', {}, entry.key);
      const cell = traceable
        ? el(
            'button',
            { type: 'button', class: 'link', title: t('pareto.traceTitle', { key: entry.key }) },
            name,
          )
        : name;
      if (cell instanceof HTMLButtonElement)
        cell.addEventListener('click', () => this.onTrace(traceFieldsOf(failures.groupBy, entry)));
      return el(
        'tr',
        { 'data-testid': 'pareto-row', 'data-key': entry.key },
        el('td', { class: 'rank' }, String(index + 1)),
        el('th', {}, cell, el('small', {}, paretoDetail(failures.groupBy, entry))),
        el('td', { 'data-testid': 'pareto-failures' }, String(entry.failures)),
        el('td', { 'data-testid': 'pareto-racks' }, String(entry.racks)),
        el('td', {}, formatPercent(entry.cumulativeShare)),
      );
    });
    const footer = [
      failures.otherGroups > 0
        ? t('pareto.more', {
            groups: formatCount(failures.otherGroups),
            counted: t(`pareto.counted.${what}`, {
              count: failures.otherFailures,
              n: formatCount(failures.otherFailures),
            }),
          })
        : '',
      failures.firstPassYield.byStage
        .map((stage) =>
          t('pareto.firstPass', {
            stage: stageLabel(stage.stage),
            percent: formatPercent(stage.firstPassYield),
          }),
        )
        .join(' · '),
    ].filter((part) => part !== '');
    return el(
      'table',
      { class: 'pareto-table' },
      tableHead(
        '',
        groupingLabel(failures.groupBy),
        t('pareto.columns.failures'),
        t('pareto.columns.racks'),
        t('pareto.columns.cumulative'),
      ),
      el(
        'tbody',
        {},
        ...(rows.length > 0
          ? rows
          : [el('tr', {}, el('td', { colspan: '5', class: 'muted' }, t(`pareto.none.${what}`)))]),
      ),
      footer.length > 0
        ? el('tfoot', {}, el('tr', {}, el('td', { colspan: '5' }, footer.join(' — '))))
        : null,
    );
  }
}
