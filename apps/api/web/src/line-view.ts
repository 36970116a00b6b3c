import type { Performance, Transition, Wip } from './api-types.js';
import { byId, el, setText, tableHead } from './dom.js';
import {
  describeTransition,
  formatCount,
  formatHours,
  formatNumber,
  formatDuration,
  formatPercent,
  formatSeconds,
  formatTime,
  stageLabel,
  statusLabel,
} from './format.js';
import { t } from './i18n.js';

// Statuses in the order a rack meets them at a stage; `passed` means done here and waiting for the next stage.
const STATUS_ORDER = ['in_progress', 'waiting', 'failed', 'rework', 'on_hold', 'passed'];
const TICKER_LENGTH = 12;

/** WIP as a flow from stage to stage: count per stage, its statuses, its oldest rack and that rack's age. */
export function renderFlow(
  wip: Wip,
  now: Date,
  onRack: (serial: string) => void,
  holdReasonOf: (serial: string) => string | null = () => null,
): void {
  const parts: HTMLElement[] = [];
  wip.stages.forEach((stage, index) => {
    if (index > 0) {
      const waiting = wip.stages[index - 1].byStatus.passed ?? 0;
      parts.push(
        el(
          'div',
          { class: 'flow-arrow', 'aria-hidden': 'true' },
          el('span', {}, '→'),
          waiting > 0 ? el('small', {}, t('kpi.queued', { count: waiting })) : null,
        ),
      );
    }
    const statuses = Object.entries(stage.byStatus).sort(
      ([a], [b]) => STATUS_ORDER.indexOf(a) - STATUS_ORDER.indexOf(b) || a.localeCompare(b),
    );
    const oldest = stage.oldest;
    const button = oldest
      ? el('button', { class: 'link', type: 'button', 'data-serial': oldest.serial }, oldest.serial)
      : null;
    button?.addEventListener('click', () => onRack(oldest!.serial));
    const oldestHold = oldest && oldest.status === 'on_hold' ? holdReasonOf(oldest.serial) : null;
    parts.push(
      el(
        'div',
        { class: 'flow-stage', 'data-testid': `flow-stage-${stage.stage}`, 'data-stage': stage.stage },
        el('h3', {}, stageLabel(stage.stage)),
        el(
          'div',
          { class: 'flow-count', 'data-testid': `flow-count-${stage.stage}` },
          formatCount(stage.total),
        ),
        el(
          'ul',
          { class: 'flow-statuses' },
          ...statuses.map(([status, count]) =>
            el('li', { 'data-status': status }, `${formatCount(count)} ${statusLabel(status)}`),
          ),
        ),
        oldest
          ? el(
              'p',
              { class: 'flow-oldest' },
              `${t('kpi.oldest')} `,
              button,
              el(
                'span',
                { class: 'age', 'data-since': oldest.enteredStageAt },
                formatDuration(now.getTime() - Date.parse(oldest.enteredStageAt)),
              ),
              oldestHold ? holdNote(oldestHold) : null,
            )
          : el('p', { class: 'flow-oldest muted' }, t('common.empty')),
      ),
    );
  });
  byId('flow').replaceChildren(...parts);
}

/** Why a held rack is held, beside it in the WIP and stuck lists. */
function holdNote(reason: string): HTMLElement {
  const text = t('kpi.holdReason', { reason });
  return el('span', { class: 'hold-reason', 'data-testid': 'hold-reason', title: text }, text);
}

export function renderStuck(
  wip: Wip,
  onRack: (serial: string) => void,
  holdReasonOf: (serial: string) => string | null = () => null,
): void {
  setText('stuck-count', wip.stuck.length === 0 ? t('common.none') : formatCount(wip.stuck.length));
  const items = wip.stuck.slice(0, 12).map((rack) => {
    const button = el('button', { class: 'link', type: 'button' }, rack.serial);
    button.addEventListener('click', () => onRack(rack.serial));
    const over = rack.hoursInState / rack.limitHours;
    const hold = rack.status === 'on_hold' ? holdReasonOf(rack.serial) : null;
    return el(
      'li',
      { class: over >= 2 ? 'severe' : '' },
      button,
      ` ${t('kpi.stuckLine', { stage: stageLabel(rack.stage), status: statusLabel(rack.status) })} · `,
      el('strong', {}, formatHours(rack.hoursInState)),
      ` ${t(rack.clock === 'production' ? 'kpi.limitProduction' : 'kpi.limit', { hours: formatNumber(rack.limitHours) })}`,
      hold ? holdNote(hold) : null,
    );
  });
  if (wip.stuck.length > items.length)
    items.push(el('li', { class: 'muted' }, t('kpi.andMore', { count: wip.stuck.length - items.length })));
  byId('stuck').replaceChildren(
    ...(items.length > 0 ? items : [el('li', { class: 'muted' }, t('kpi.nothingStuck'))]),
  );
}

export function renderQuality(performance: Performance): void {
  const rows = performance.stages.map((stage) =>
    el(
      'tr',
      { 'data-stage': stage.stage },
      el('th', {}, stageLabel(stage.stage)),
      el(
        'td',
        {},
        formatPercent(stage.firstPass.yield),
        el(
          'small',
          {},
          ` ${formatCount(stage.firstPass.passedFirstTime)}/${formatCount(stage.firstPass.tested)}`,
        ),
      ),
      el('td', {}, formatSeconds(stage.cycleTime.p50Seconds)),
      el('td', {}, formatSeconds(stage.cycleTime.p90Seconds)),
      el('td', {}, formatCount(stage.reworkStarted)),
    ),
  );
  const reasons = performance.rejections
    .slice(0, 4)
    .map((row) => `${statusLabel(row.reason)} ${formatCount(row.count)}`)
    .join(' · ');
  byId('quality').replaceChildren(
    tableHead('', t('kpi.firstPass'), t('kpi.cycleP50'), t('kpi.p90'), t('kpi.rework')),
    el('tbody', {}, ...rows),
    el(
      'tfoot',
      {},
      el(
        'tr',
        {},
        el(
          'td',
          { colspan: '5' },
          `${t('kpi.refused', { total: formatCount(performance.rejectionsTotal) })}${reasons ? ` — ${reasons}` : ''}`,
        ),
      ),
    ),
  );
}

/**
 * The latest transitions, newest on top. Those loaded when the page opens and those the stream brings may
 * arrive in any order and overlap: each shows once, in the order they happened.
 */
export function addToTicker(
  transition: Transition,
  timeZone: string,
  onRack: (serial: string) => void,
): void {
  const ticker = byId('ticker');
  const seen = [...ticker.children].some(
    (item) => (item as HTMLElement).dataset.event === transition.eventId,
  );
  if (seen) return;
  const description = describeTransition(transition);
  const button = el('button', { class: 'link', type: 'button', title: description }, description);
  button.addEventListener('click', () => onRack(transition.rackSerial));
  const item = el(
    'li',
    { 'data-event': transition.eventId, 'data-at': transition.occurredAt },
    el('time', { datetime: transition.occurredAt }, formatTime(transition.occurredAt, timeZone)),
    ' ',
    button,
  );
  const at = Date.parse(transition.occurredAt);
  const older = [...ticker.children].find(
    (child) => Date.parse((child as HTMLElement).dataset.at ?? '') < at,
  );
  ticker.insertBefore(item, older ?? null);
  while (ticker.children.length > TICKER_LENGTH) ticker.lastElementChild?.remove();
}

/** Ages shown on the page grow with the clock between updates. */
export function refreshAges(now: Date): void {
  for (const age of document.querySelectorAll<HTMLElement>('[data-since]')) {
    age.textContent = formatDuration(now.getTime() - Date.parse(age.dataset.since ?? ''));
  }
}
