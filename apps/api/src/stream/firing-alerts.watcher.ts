import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { UnitOfWork, type StoredAlert } from '#persistence';
import { API_CONFIG, type ApiConfig } from '../api.config.js';
import { LiveFeed } from './live-feed.js';
import { RepeatingTimer } from './repeating-timer.js';
import { toLiveAlertsView, type LiveAlertsView } from './live-stream.view.js';

// More alerts than this firing at once is one emergency; the banner shows the most severe.
const MAX_FIRING = 500;

/**
 * The alerts service owns alert state in Postgres; this notices which alerts fire per site (polling, since
 * the alerts service announces to chat, not to Kafka) and publishes a site's list whenever it changes.
 */
@Injectable()
export class FiringAlertsWatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(FiringAlertsWatcher.name);
  private readonly latest = new Map<string, { view: LiveAlertsView; digest: string }>();
  private readonly pollTimer: RepeatingTimer;
  private polling: Promise<void> | null = null;
  private readonly escalationMinutes: number;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly feed: LiveFeed,
    @Inject(API_CONFIG) config: ApiConfig,
  ) {
    this.escalationMinutes = config.ALERT_ESCALATION_MINUTES;
    this.pollTimer = new RepeatingTimer(config.LIVE_ALERTS_POLL_MS, () => {
      // Nobody listening, nothing to tell; a client that connects gets the current list anyway.
      if (this.feed.subscriberCount === 0 || this.polling !== null) return;
      this.polling = this.poll()
        .catch((error: unknown) =>
          this.logger.warn({ msg: 'cannot read firing alerts', error: String(error) }),
        )
        .finally(() => {
          this.polling = null;
        });
    });
  }

  onApplicationBootstrap(): void {
    this.pollTimer.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.pollTimer.stop();
    await this.polling;
  }

  /** The site's firing alerts now, for a client that has just connected. */
  async current(siteId: string): Promise<LiveAlertsView> {
    await this.poll();
    return this.latest.get(siteId)?.view ?? toLiveAlertsView(siteId, [], this.escalationMinutes);
  }

  private async poll(): Promise<void> {
    const firing = await this.uow.pool.alerts.list(
      { status: 'firing' },
      { beforeId: null, limit: MAX_FIRING },
    );
    const bySite = new Map<string, StoredAlert[]>();
    for (const alert of firing) {
      // A pipeline alert (a stalled tracker partition) has no site: it goes to chat and /v1/alerts, not a banner.
      if (alert.siteId === null) continue;
      bySite.set(alert.siteId, [...(bySite.get(alert.siteId) ?? []), alert]);
    }
    // Sites that had alerts and now have none must hear so too: the banner clears.
    for (const siteId of new Set([...bySite.keys(), ...this.latest.keys()])) {
      const view = toLiveAlertsView(siteId, bySite.get(siteId) ?? [], this.escalationMinutes);
      // An acknowledgement changes what the banner shows: who took it, and no escalation timer.
      const digest = JSON.stringify(
        view.firing.map((alert) => [alert.id, alert.severity, alert.title, alert.acknowledgedAt]),
      );
      if (this.latest.get(siteId)?.digest === digest) continue;
      const first = !this.latest.has(siteId);
      this.latest.set(siteId, { view, digest });
      if (!(first && view.firing.length === 0)) this.feed.publish('alerts', siteId, view);
    }
  }
}
