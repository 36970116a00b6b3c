import type { Progress } from './api-types.js';
import { byId, el, setText, tableHead } from './dom.js';
import { currentSpan, formatCount, formatDate, formatRate, verdictOf } from './format.js';
import { t } from './i18n.js';

/** The week's headline numbers and verdict. */
export function renderKpis(progress: Progress): void {
  setText('kpi-actual', formatCount(progress.actual));
  setText('kpi-expected', formatCount(progress.expectedByNow));
  setText('kpi-projected', formatCount(progress.projected));
  setText('kpi-target', formatCount(progress.target));
  const verdict = verdictOf(progress);
  const box = byId('kpi-verdict');
  box.dataset.state = verdict.state;
  box.replaceChildren(
    el('span', { class: 'verdict-text' }, verdict.text),
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

/** Today and its shifts: plan, due by now, done. */
export function renderToday(progress: Progress, now: Date): void {
  const today = currentSpan(progress.byDay, now);
  const container = byId('today');
  if (!today) {
    container.replaceChildren(el('p', { class: 'muted' }, t('shifts.outsideWeek')));
    return;
  }
  const shifts = progress.byShift.filter((shift) => shift.date === today.date);
  const current = currentSpan(shifts, now);
  const row = (
    label: string,
    span: { plan: number; expectedByNow: number; actual: number },
    highlight = false,
  ) =>
    el(
      'tr',
      { class: highlight ? 'current' : '' },
      el('th', {}, label),
      el('td', {}, formatCount(span.actual)),
      el('td', {}, formatCount(span.expectedByNow)),
      el('td', {}, formatCount(span.plan)),
    );
  container.replaceChildren(
    el(
      'table',
      { class: 'today-table' },
      tableHead('', t('shifts.done'), t('shifts.due'), t('shifts.plan')),
      el(
        'tbody',
        {},
        row(formatDate(today.date), today, false),
        ...shifts.map((shift) => row(shift.label, shift, shift === current)),
      ),
    ),
  );
}
