import './rack-page.css';
import type { RackHistoryEntry } from './api-types.js';
import { describeDisposition, formatHours, historyNote, rackNotes } from './burn-in-format.js';
import { el, tableHead } from './dom.js';
import {
  eventLabel,
  formatDateTime,
  formatDuration,
  formatNumber,
  formatZoneName,
  stageLabel,
  statusLabel,
} from './format.js';
import { currentLocale, t } from './i18n.js';
import {
  byTimeSpent,
  countComponents,
  findComponent,
  formatLimits,
  formatMeasured,
  limitVerdict,
  usableTimeZone,
} from './rack-format.js';
import type { BurnInRun, ComponentNode, RackMeasurement, RackPageDetail } from './rack-detail-types.js';

export interface RackViewOptions {
  /** The zone to use when the api names none (an older api): the screen's site. */
  fallbackTimeZone: string;
  now?: Date;
  onDownloadPassport?: () => void;
  /** In the dashboard's dialog: the rack's own page, to share or to read at length. */
  pageHref?: string;
}

/**
 * Everything known about one rack, for its own page (`/racks/{serial}`) and for the dashboard's dialog alike: where
 * it is and why, its timeline with full dates in its site's zone, time in each state, what it is built of, its
 * failures and the parts they named, its measurements against their limits, burn-in runs and its passport.
 */
export function renderRack(detail: RackPageDetail, options: RackViewOptions): HTMLElement {
  const timeZone = usableTimeZone(detail.timeZone ?? options.fallbackTimeZone);
  const now = options.now ?? new Date();
  const when = (iso: string) => formatDateTime(iso, timeZone);
  const state = detail.state;
  const shipped = state?.status === 'shipped';
  const passportReady = detail.passport?.available ?? shipped;
  return el(
    'article',
    { class: 'rack-view', 'data-serial': detail.serial, 'data-time-zone': timeZone },
    el(
      'header',
      { class: 'rack-head' },
      el('h2', { 'data-testid': 'timeline-serial' }, detail.serial),
      options.pageHref === undefined
        ? null
        : el(
            'a',
            { class: 'rack-page-link', href: options.pageHref, 'data-testid': 'rack-page-link' },
            t('rack.openPage'),
          ),
    ),
    state
      ? el(
          'p',
          { class: 'timeline-state', 'data-testid': 'rack-state' },
          el('span', { 'data-testid': 'rack-site' }, t('rack.site', { site: state.siteId })),
          ` · ${state.model} · `,
          t('rack.now', { stage: stageLabel(state.stage), status: statusLabel(state.status) }),
          ` · ${t('rack.route', { route: state.route.map(stageLabel).join(' → ') })}`,
          state.reworkCount > 0 ? ` · ${t('rack.reworkLoops', { count: state.reworkCount })}` : '',
        )
      : el('p', { class: 'muted' }, t('rack.neverStarted')),
    // Why it is held first, then where it soaks and what is left.
    ...(state ? rackNotes(state) : []).map((note) =>
      el('p', { class: 'timeline-note', 'data-testid': 'timeline-rack-note' }, note),
    ),
    passportReady && options.onDownloadPassport !== undefined
      ? passportButton(options.onDownloadPassport)
      : null,
    el(
      'p',
      { class: 'rack-zone hint', 'data-testid': 'rack-zone' },
      t('rack.zone', { zone: `${timeZone} (${formatZoneName(now, timeZone)})` }),
    ),
    section('rack-timeline', t('rack.timeline.title'), timelineTable(detail, when, now)),
    detail.timeInStates && detail.timeInStates.length > 0
      ? section('rack-states', t('rack.states.title'), statesTable(detail.timeInStates))
      : null,
    detail.components
      ? section(
          'rack-tree',
          t('rack.tree.title', { count: countComponents(detail.components.tree) }),
          componentTree(detail.components.tree),
        )
      : null,
    section('rack-failures', t('rack.failures.title'), failuresTable(detail, when)),
    detail.measurements
      ? section(
          'rack-measurements',
          t('rack.measurements.title'),
          measurementsTable(detail.measurements, when),
        )
      : null,
    detail.burnInRuns && detail.burnInRuns.length > 0
      ? section('rack-burn-in', t('burnIn.runs.title'), burnInTable(detail.burnInRuns, when))
      : null,
    detail.rejections.length > 0
      ? section(
          'rack-rejections',
          t('rack.rejections.title', { count: detail.rejections.length }),
          el(
            'ul',
            { class: 'timeline-rejections' },
            ...detail.rejections
              .slice(-10)
              .map((rejection) =>
                el(
                  'li',
                  {},
                  `${when(rejection.recordedAt)} ${statusLabel(rejection.reason)}: ${rejection.detail}`,
                ),
              ),
          ),
        )
      : null,
  );
}

function section(testId: string, title: string, body: HTMLElement): HTMLElement {
  return el('section', { class: `rack-section ${testId}`, 'data-testid': testId }, el('h3', {}, title), body);
}

function timelineTable(detail: RackPageDetail, when: (iso: string) => string, now: Date): HTMLElement {
  const completed = detail.state?.completedAt ?? null;
  const rows = detail.history.map((entry: RackHistoryEntry, index) => {
    const next = detail.history[index + 1];
    const end = next ? Date.parse(next.occurredAt) : completed ? null : now.getTime();
    const note = [
      historyNote(entry),
      ...detail.dispositions
        .filter((disposition) => disposition.eventId === entry.eventId)
        .map(describeDisposition),
    ]
      .filter((part) => part !== '')
      .join(' · ');
    return el(
      'tr',
      { 'data-testid': 'timeline-entry', 'data-event': entry.eventType },
      el('td', { class: 'when' }, when(entry.occurredAt)),
      el(
        'td',
        {},
        eventLabel(entry.eventType),
        note ? el('small', { class: 'entry-note', 'data-testid': 'timeline-note' }, ` ${note}`) : null,
      ),
      el('td', {}, `${stageLabel(entry.to.stage)} · ${statusLabel(entry.to.status)}`),
      el('td', {}, entry.stationId),
      el('td', {}, end === null ? '' : formatDuration(end - Date.parse(entry.occurredAt))),
    );
  });
  return el(
    'table',
    { class: 'timeline-table' },
    tableHead(
      t('rack.timeline.when'),
      t('rack.timeline.event'),
      t('rack.timeline.then'),
      t('rack.timeline.station'),
      t('rack.timeline.stayed'),
    ),
    el('tbody', {}, ...rows),
  );
}

function statesTable(states: NonNullable<RackPageDetail['timeInStates']>): HTMLElement {
  const total = states.reduce((sum, state) => sum + state.seconds, 0);
  return el(
    'table',
    { class: 'timeline-table states-table' },
    tableHead(t('rack.states.state'), t('rack.states.time'), t('rack.states.share'), t('rack.states.visits')),
    el(
      'tbody',
      {},
      ...byTimeSpent(states).map((state) =>
        el(
          'tr',
          { 'data-testid': 'time-in-state', 'data-stage': state.stage, 'data-status': state.status },
          el('td', {}, `${stageLabel(state.stage)} · ${statusLabel(state.status)}`),
          el('td', {}, formatDuration(state.seconds * 1000)),
          el(
            'td',
            {},
            total === 0
              ? '–'
              : formatNumber(state.seconds / total, { style: 'percent', maximumFractionDigits: 0 }),
          ),
          el('td', {}, formatNumber(state.visits)),
        ),
      ),
    ),
  );
}

/** The as-built tree: trays open onto their GPUs; a part with nothing inside is a plain line. */
function componentTree(tree: readonly ComponentNode[]): HTMLElement {
  if (tree.length === 0) return el('p', { class: 'muted' }, t('rack.tree.empty'));
  return el('ul', { class: 'component-tree' }, ...tree.map(componentNode));
}

function componentNode(node: ComponentNode): HTMLElement {
  const line = el(
    'span',
    { class: 'component-line' },
    el('strong', {}, node.serial),
    ` ${node.partNumber} · ${statusLabel(node.kind)} · `,
    el('span', { class: 'muted' }, t('rack.tree.source', { supplier: node.supplierId, lot: node.lot })),
  );
  const attributes = { 'data-testid': 'component', 'data-serial': node.serial, 'data-kind': node.kind };
  if (node.children.length === 0) return el('li', attributes, line);
  return el(
    'li',
    attributes,
    el(
      'details',
      {},
      el(
        'summary',
        { 'data-testid': 'component-toggle' },
        line,
        el('small', { class: 'muted' }, ` · ${t('rack.tree.inside', { count: node.children.length })}`),
      ),
      el('ul', {}, ...node.children.map(componentNode)),
    ),
  );
}

/** Each failure with its codes and the part each names, and what the disposition table said to do. */
function failuresTable(detail: RackPageDetail, when: (iso: string) => string): HTMLElement {
  const failures = detail.failures;
  if (failures.length === 0) return el('p', { class: 'muted' }, t('rack.failures.none'));
  const tree = detail.components.tree;
  const rows = failures.flatMap((failure) => {
    const codes = failure.codes.length > 0 ? failure.codes : [null];
    return codes.map((code) => {
      const disposition =
        code === null
          ? undefined
          : detail.dispositions.find(
              (candidate) => candidate.eventId === failure.eventId && candidate.code === code.code,
            );
      const partSerial = code?.componentSerial ?? null;
      const part = partSerial === null ? null : findComponent(tree, partSerial);
      const partNumber = part?.partNumber ?? disposition?.partNumber ?? null;
      return el(
        'tr',
        { 'data-testid': 'rack-failure', 'data-event-id': failure.eventId },
        el('td', { class: 'when' }, when(failure.occurredAt)),
        el('td', {}, `${stageLabel(failure.stage)} · ${failure.stationId}`),
        el(
          'td',
          {},
          el('strong', { 'data-testid': 'failure-code' }, code?.code ?? t('rack.failures.noCode')),
          code?.message ? el('small', { class: 'muted' }, ` ${code.message}`) : null,
        ),
        el(
          'td',
          { 'data-testid': 'failure-part' },
          partSerial === null
            ? el('span', { class: 'muted' }, t('rack.failures.wholeRack'))
            : el(
                'span',
                {},
                el('strong', {}, partSerial),
                partNumber === null ? '' : ` ${partNumber}`,
                part === null ? el('small', { class: 'muted' }, ` · ${t('rack.failures.removed')}`) : null,
              ),
        ),
        el(
          'td',
          {},
          disposition === undefined
            ? ''
            : t(`rack.failures.action.${disposition.action}`, {
                defaultValue: disposition.action.replaceAll('_', ' '),
              }),
        ),
      );
    });
  });
  return el(
    'table',
    { class: 'timeline-table failures-table' },
    tableHead(
      t('rack.timeline.when'),
      t('rack.failures.where'),
      t('rack.failures.code'),
      t('rack.failures.part'),
      t('rack.failures.disposition'),
    ),
    el('tbody', {}, ...rows),
  );
}

function measurementsTable(
  measurements: readonly RackMeasurement[],
  when: (iso: string) => string,
): HTMLElement {
  if (measurements.length === 0) return el('p', { class: 'muted' }, t('rack.measurements.none'));
  const locale = currentLocale();
  return el(
    'table',
    { class: 'timeline-table measurements-table' },
    tableHead(
      t('rack.timeline.when'),
      t('rack.measurements.name'),
      t('rack.measurements.value'),
      t('rack.measurements.limits'),
      '',
    ),
    el(
      'tbody',
      {},
      ...measurements.map((measurement) => {
        const verdict = limitVerdict(measurement);
        return el(
          'tr',
          {
            'data-testid': 'rack-measurement',
            'data-name': measurement.name,
            'data-within': verdict,
            class: verdict === 'out' ? 'out-of-limits' : '',
          },
          el(
            'td',
            { class: 'when' },
            when(measurement.occurredAt),
            el('small', { class: 'muted' }, ` ${stageLabel(measurement.stage)}`),
          ),
          el('td', {}, measurement.name),
          el('td', { class: 'value' }, formatMeasured(measurement, locale)),
          el('td', {}, formatLimits(measurement.low, measurement.high, locale)),
          el('td', { 'data-testid': 'measurement-verdict' }, t(`rack.measurements.${verdict}`)),
        );
      }),
    ),
  );
}

function burnInTable(runs: readonly BurnInRun[], when: (iso: string) => string): HTMLElement {
  return el(
    'table',
    { class: 'timeline-table burn-in-runs' },
    tableHead(
      t('burnIn.runs.started'),
      t('burnIn.runs.ended'),
      t('burnIn.runs.position'),
      t('burnIn.runs.soaked'),
      t('burnIn.runs.outcome'),
    ),
    el(
      'tbody',
      {},
      ...runs.map((run) =>
        el(
          'tr',
          { 'data-testid': 'burn-in-run', 'data-outcome': run.outcome },
          el('td', { class: 'when' }, when(run.startedAt)),
          el('td', { class: 'when' }, run.endedAt === null ? '' : when(run.endedAt)),
          el('td', {}, run.cell === null || run.position === null ? '–' : `${run.cell} #${run.position}`),
          el(
            'td',
            {},
            t('burnIn.runs.soakedOf', {
              soaked: formatHours(run.soakedHours),
              required: formatHours(run.requiredHours),
            }),
          ),
          el('td', {}, t(`burnIn.outcome.${run.outcome}`)),
        ),
      ),
    ),
  );
}

/** A shipped rack's signed passport (CycloneDX), for the buyer. */
function passportButton(onClick: () => void): HTMLElement {
  const button = el(
    'button',
    { type: 'button', class: 'passport-download', 'data-testid': 'passport-download' },
    t('rack.passport'),
  );
  button.addEventListener('click', onClick);
  return el('p', {}, button);
}
