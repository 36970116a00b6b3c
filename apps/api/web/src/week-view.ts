import { byId, el, setText, tableHead } from './dom.js';
import { currentSpan, formatCount, formatDate, formatRate, verdictOf } from './format.js';
import { t } from './i18n.js';
import {
  neededRateText,
  shiftDue,
  shiftGap,
  shortfallText,
  weekGap,
  type PlanProgress,
  type PlanShift,
} from './shift-plan.js';

/** Sets a figure, with its full text as a title: a card too narrow for it cuts it short with an ellipsis. */
function setFigure(id: string, text: string): void {
  const element = byId(id);
  element.textContent = text;
  element.title = text;
}

/** The week's headline numbers and verdict; "Behind plan" says by how many racks. */
export function renderKpis(progress: PlanProgress): void {
  setFigure('kpi-actual', formatCount(progress.actual));
  setFigure('kpi-expected', formatCount(progress.expectedByNow));
  setFigure('kpi-projected', formatCount(progress.projected));
  setFigure('kpi-target', formatCount(progress.target));
  const verdict = verdictOf(progress);
  const box = byId('kpi-verdict');
  box.dataset.state = verdict.state;
  const shortfall = verdict.state === 'behind' ? shortfallText(progress) : '';
  box.replaceChildren(
    el('span', { class: 'verdict-text' }, verdict.text),
    ...(shortfall
      ? [el('span', { class: 'verdict-shortfall', 'data-testid': 'verdict-shortfall' }, shortfall)]
      : []),
    el(
      'span',
      { class: 'verdict-detail' },
      t('kpi.rates', {
        run: formatRate(progress.runRate.perHour),
        plan: formatRate(progress.plannedRatePerHour),
      }),
    ),
  );
  setText(
    'week-range',
    `${formatDate(progress.week.firstDay)} – ${progress.week.timeZone}${progress.configured ? '' : ` · ${t('kpi.defaultCalendar')}`}`,
  );
}

/** Today and its shifts on the site's calendar: plan, done, due by now and the gap; then the rate still needed. */
export function renderToday(progress: PlanProgress, now: Date): void {
  const today = currentSpan(progress.byDay, now);
  const container = byId('today');
  const gap = weekGap(progress);
  const needs = byId('shift-needs');
  needs.textContent = [
    gap > 0 ? t('shifts.behindBy', { count: gap, formatted: formatCount(gap) }) : t('shifts.onPlan'),
    neededRateText(progress),
  ]
    .filter(Boolean)
    .join(' · ');
  needs.dataset.state = gap > 0 ? 'behind' : 'on-plan';
  if (!today) {
    container.replaceChildren(el('p', { class: 'muted' }, t('shifts.outsideWeek')));
    return;
  }
  const shifts = progress.byShift.filter((shift) => shift.date === today.date);
  const current =
    shifts.find((shift) => shift.current === true) ?? (currentSpan(shifts, now) as PlanShift | undefined);
  const row = (
    label: string,
    span: { plan: number; actual: number },
    due: number,
    gapNow: number,
    testId: string,
    highlight = false,
  ) =>
    el(
      'tr',
      { class: highlight ? 'current' : '', 'data-testid': testId },
      el(
        'th',
        { title: label },
        label,
        highlight ? el('small', { class: 'now' }, ` ${t('shifts.current')}`) : null,
      ),
      el('td', {}, formatCount(span.plan)),
      el('td', {}, formatCount(span.actual)),
      el('td', {}, formatCount(due)),
      el('td', { class: gapNow > 0 ? 'gap behind' : 'gap' }, gapNow > 0 ? `−${formatCount(gapNow)}` : '0'),
    );
  container.replaceChildren(
    el(
      'table',
      { class: 'today-table' },
      tableHead('', t('shifts.plan'), t('shifts.done'), t('shifts.due'), t('shifts.gap')),
      el(
        'tbody',
        {},
        row(
          formatDate(today.date),
          today,
          today.expectedByNow,
          Math.max(0, Math.round(today.expectedByNow) - today.actual),
          'today-row',
        ),
        ...shifts.map((shift) =>
          row(shift.label, shift, shiftDue(shift), shiftGap(shift), 'shift-row', shift === current),
        ),
      ),
    ),
  );
}
