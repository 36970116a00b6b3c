import type { ApiClient } from './api-client.js';
import { byId, el } from './dom.js';
import { formatClock, formatCount } from './format.js';
import { t } from './i18n.js';

/** `GET /v1/sites/{siteId}/handover`: what changed on the line during one shift. */
export interface Handover {
  siteId: string;
  shift: { label: string; start: string; end: string };
  shipped: number;
  failed: number;
  held: number;
  released: number;
  scrapped: number;
  alerts: {
    id: string;
    title: string;
    severity: string;
    firedAt: string;
    resolvedAt: string | null;
    acknowledgedBy: string | null;
    acknowledgedAt: string | null;
  }[];
}

const COUNTS = ['shipped', 'failed', 'held', 'released', 'scrapped'] as const;
const LABELS: Record<(typeof COUNTS)[number], string> = {
  shipped: 'shifts.handoverShipped',
  failed: 'shifts.handoverFailed',
  held: 'shifts.handoverHeld',
  released: 'shifts.handoverReleased',
  scrapped: 'shifts.handoverScrapped',
};
const ALERTS_SHOWN = 3;

/** The current shift's hand-over under the shifts table: counts of what happened, and the alerts it saw. */
export class HandoverPanel {
  private loading: Promise<void> | null = null;

  constructor(
    private readonly api: ApiClient,
    private readonly site: string,
    private readonly timeZone: () => string,
  ) {}

  refresh(): Promise<void> {
    this.loading ??= this.load().finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  private async load(): Promise<void> {
    const container = byId('handover');
    let handover: Handover;
    try {
      handover = await this.api.get<Handover>(
        `/v1/sites/${encodeURIComponent(this.site)}/handover?shift=current`,
      );
    } catch (error) {
      console.warn('hand-over refresh failed', error);
      container.replaceChildren(el('p', { class: 'muted' }, t('shifts.handoverUnavailable')));
      return;
    }
    const zone = this.timeZone();
    // Shift labels are usually their hours already ("06:00–14:00"); a named shift gets its hours beside it.
    const hours = `${formatClock(new Date(handover.shift.start), zone)}–${formatClock(new Date(handover.shift.end), zone)}`;
    const label = handover.shift.label.includes(hours)
      ? handover.shift.label
      : `${handover.shift.label} ${hours}`;
    const figures = [
      ...COUNTS.map((name) =>
        el(
          'li',
          { 'data-testid': `handover-${name}`, 'data-count': String(handover[name]) },
          el('strong', {}, formatCount(handover[name])),
          ` ${t(LABELS[name])}`,
        ),
      ),
      el(
        'li',
        { 'data-testid': 'handover-alerts', 'data-count': String(handover.alerts.length) },
        el('strong', {}, formatCount(handover.alerts.length)),
        ` ${t('shifts.handoverAlerts')}`,
      ),
    ];
    const alerts = handover.alerts.slice(0, ALERTS_SHOWN).map((alert) =>
      el(
        'li',
        { class: `handover-alert ${alert.severity}`, title: alert.title },
        `${formatClock(new Date(alert.firedAt), zone)} ${alert.title}`,
        alert.acknowledgedBy
          ? el(
              'small',
              {},
              ` · ${t('andon.acknowledged', {
                name: alert.acknowledgedBy,
                time: alert.acknowledgedAt ? formatClock(new Date(alert.acknowledgedAt), zone) : '',
              })}`,
            )
          : null,
      ),
    );
    container.replaceChildren(
      el('h3', {}, t('shifts.handover', { shift: label })),
      el('ul', { class: 'handover-figures' }, ...figures),
      alerts.length > 0
        ? el('ul', { class: 'handover-alerts' }, ...alerts)
        : el('p', { class: 'muted handover-none' }, t('shifts.handoverNoAlerts')),
    );
  }
}
