import { ApiClient, ApiFailure } from './api-client.js';
import type { LiveAlert, LiveAlerts } from './api-types.js';
import { byId, el } from './dom.js';
import { formatClock, formatDuration } from './format.js';
import { t } from './i18n.js';

/** A firing alert as the stream and `POST /v1/alerts/{id}/acknowledge` give it (the andon fields may be absent on an older api). */
export type AndonAlert = LiveAlert & {
  acknowledgedBy?: string | null;
  acknowledgedAt?: string | null;
  acknowledgeNote?: string | null;
  escalatesAt?: string | null;
};

const SHOWN = 4;
const TICK_MS = 1000;
const MAX_NAME = 80;

/**
 * The andon banner: each firing alert with who acknowledged it and when, or, until someone does, an Acknowledge
 * button (asking for the person's name) and the time left before it escalates.
 */
export class AndonBanner {
  private firing: AndonAlert[] = [];
  /** Acknowledgements made from this page, shown at once, before the stream's next `alerts` says the same. */
  private readonly acknowledgedHere = new Map<string, AndonAlert>();
  private asking: AndonAlert | null = null;

  constructor(
    private readonly api: ApiClient,
    private readonly timeZone: () => string,
  ) {
    const form = byId<HTMLFormElement>('acknowledge-form');
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.submit();
    });
    byId('acknowledge-cancel').addEventListener('click', () =>
      byId<HTMLDialogElement>('acknowledge').close(),
    );
    setInterval(() => this.tick(), TICK_MS);
  }

  show(alerts: LiveAlerts): void {
    this.firing = alerts.firing.map((alert) => {
      const mine = this.acknowledgedHere.get(alert.id);
      const acknowledged = alert as AndonAlert;
      return mine && !acknowledged.acknowledgedBy ? { ...alert, ...pickAck(mine) } : alert;
    });
    this.render();
  }

  private render(): void {
    const banner = byId('alerts');
    const firing = this.firing;
    banner.hidden = firing.length === 0;
    banner.dataset.severity = firing[0]?.severity ?? 'none';
    banner.replaceChildren(
      ...firing.slice(0, SHOWN).map((alert) => this.line(alert)),
      ...(firing.length > SHOWN
        ? [el('p', { class: 'alert more' }, t('andon.more', { count: firing.length - SHOWN }))]
        : []),
    );
    this.tick();
  }

  private line(alert: AndonAlert): HTMLElement {
    const severity = t(`andon.severity.${alert.severity}`, { defaultValue: alert.severity.toUpperCase() });
    const parts: (HTMLElement | string)[] = [
      el('strong', { class: 'alert-severity' }, severity),
      el('span', { class: 'alert-title', title: alert.title }, alert.title),
    ];
    if (alert.acknowledgedBy) {
      const at = alert.acknowledgedAt ? formatClock(new Date(alert.acknowledgedAt), this.timeZone()) : '';
      parts.push(
        el(
          'span',
          {
            class: 'alert-acknowledged',
            'data-testid': 'alert-acknowledged',
            title: alert.acknowledgeNote ?? '',
          },
          t('andon.acknowledged', { name: alert.acknowledgedBy, time: at }),
        ),
      );
    } else {
      if (alert.escalatesAt)
        parts.push(
          el('span', {
            class: 'alert-escalation',
            'data-testid': 'alert-escalation',
            'data-escalates-at': alert.escalatesAt,
          }),
        );
      const button = el(
        'button',
        { type: 'button', class: 'alert-acknowledge', 'data-testid': 'alert-acknowledge' },
        t('andon.acknowledge'),
      );
      button.addEventListener('click', () => this.ask(alert));
      parts.push(button);
    }
    return el(
      'p',
      {
        class: `alert ${alert.severity}`,
        'data-rule': alert.rule,
        'data-alert-id': alert.id,
        'data-testid': 'alert',
        'data-acknowledged': String(Boolean(alert.acknowledgedBy)),
      },
      ...parts,
    );
  }

  /** Escalation countdowns move with the clock. */
  private tick(): void {
    const now = Date.now();
    for (const countdown of document.querySelectorAll<HTMLElement>('[data-escalates-at]')) {
      const left = Date.parse(countdown.dataset.escalatesAt ?? '') - now;
      countdown.dataset.escalated = String(left <= 0);
      countdown.textContent =
        left > 0
          ? t('andon.escalatesIn', { duration: formatDuration(left) })
          : t('andon.escalated', { duration: formatDuration(-left) });
    }
  }

  private ask(alert: AndonAlert): void {
    this.asking = alert;
    byId('acknowledge-alert').textContent = alert.title;
    byId('acknowledge-error').textContent = '';
    byId<HTMLInputElement>('acknowledge-note').value = '';
    const dialog = byId<HTMLDialogElement>('acknowledge');
    if (!dialog.open) dialog.showModal();
    byId<HTMLInputElement>('acknowledge-name').focus();
  }

  private async submit(): Promise<void> {
    const alert = this.asking;
    if (!alert) return;
    const name = byId<HTMLInputElement>('acknowledge-name').value.trim();
    const note = byId<HTMLInputElement>('acknowledge-note').value.trim();
    const error = byId('acknowledge-error');
    if (name.length === 0 || name.length > MAX_NAME || /[\r\n]/.test(name)) {
      error.textContent = t('andon.nameRequired');
      return;
    }
    try {
      const acknowledged = await this.api.post<AndonAlert>(
        `/v1/alerts/${encodeURIComponent(alert.id)}/acknowledge`,
        note ? { by: name, note } : { by: name },
      );
      this.acknowledgedHere.set(alert.id, acknowledged);
    } catch (failure) {
      const reason =
        failure instanceof ApiFailure ? [failure.message, ...failure.reasons].join(' — ') : String(failure);
      error.textContent = t('andon.failed', { reason });
      return;
    }
    byId<HTMLDialogElement>('acknowledge').close();
    this.asking = null;
    this.show({ siteId: '', firing: this.firing });
  }
}

function pickAck(alert: AndonAlert): Partial<AndonAlert> {
  return {
    acknowledgedBy: alert.acknowledgedBy ?? null,
    acknowledgedAt: alert.acknowledgedAt ?? null,
    acknowledgeNote: alert.acknowledgeNote ?? null,
    escalatesAt: null,
  };
}
