import { byId } from './dom.js';
import { formatClock, formatZoneName } from './format.js';
import { StreamFreshness } from './freshness.js';
import { t } from './i18n.js';
import type { LiveEventName, LiveState } from './live-connection.js';

const TICK_MS = 1000;

/**
 * The header's promise about the figures: the connection's state, when they were last known current
 * ("updated 14:03:07"), "stale since 14:02" with the figures dimmed once the stream has been silent for two
 * keep-alive intervals, and the site's own clock and time zone, so every time on the page has its reference.
 */
export class TrustBar {
  private readonly freshness = new StreamFreshness();
  private state: LiveState = 'connecting';

  constructor(private timeZone: string) {
    this.render();
    setInterval(() => this.render(), TICK_MS);
  }

  /** The site's zone as the figures say it, when the site list did not. */
  useTimeZone(timeZone: string): void {
    if (timeZone === this.timeZone) return;
    this.timeZone = timeZone;
    this.render();
  }

  stateChanged(state: LiveState): void {
    this.state = state;
    this.render();
  }

  /** Any event from the stream, keep-alives included, says the figures were current just now. */
  heard(name: LiveEventName, data: unknown): void {
    const keepAliveMs =
      name === 'hello' && typeof data === 'object' && data !== null && 'keepAliveMs' in data
        ? Number(data.keepAliveMs)
        : undefined;
    this.freshness.heard(Date.now(), keepAliveMs);
    this.render();
  }

  private render(): void {
    const now = new Date();
    const staleSince = this.state === 'unauthorized' ? null : this.freshness.staleSince(now.getTime());
    const badge = byId('live-status');
    if (staleSince !== null) {
      badge.dataset.state = 'stale';
      badge.textContent = t('header.live.stale', { time: formatClock(new Date(staleSince), this.timeZone) });
    } else {
      badge.dataset.state = this.state;
      badge.textContent = t(`header.live.${this.state}`);
    }
    document.body.dataset.stale = String(staleSince !== null);

    const lastHeard = this.freshness.lastHeard();
    const updated = byId('updated-at');
    updated.textContent =
      lastHeard === null
        ? t('header.notUpdated')
        : t('header.updated', { time: formatClock(new Date(lastHeard), this.timeZone, true) });
    if (lastHeard !== null) updated.dataset.at = new Date(lastHeard).toISOString();

    byId('site-clock-time').textContent = formatClock(now, this.timeZone);
    const zone = byId('site-clock-zone');
    const abbreviation = formatZoneName(now, this.timeZone);
    zone.textContent = abbreviation === this.timeZone ? abbreviation : `${abbreviation} · ${this.timeZone}`;
    zone.title = this.timeZone;
    byId('site-clock-time').parentElement?.setAttribute(
      'title',
      `${t('header.siteClock')} · ${this.timeZone}`,
    );
  }
}
