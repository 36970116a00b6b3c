import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { API_CONFIG, type ApiConfig } from '../api.config.js';
import { SiteStatusQuery, type SiteStatus } from '../status/site-status.query.js';
import type { ProgressView, WipView } from '../status/site-status.view.js';
import { LiveFeed } from './live-feed.js';
import { RepeatingTimer } from './repeating-timer.js';

// Long enough to fold a tracker batch's transitions into one recomputation, short enough to feel instant.
const SETTLE_MS = 150;

/** What counts as a change worth pushing: the figures a person reads, not the clock ticking inside them. */
export function progressDigest(progress: ProgressView): string {
  const tenth = (value: number) => Math.round(value * 10) / 10;
  return JSON.stringify([
    progress.week.start,
    progress.actual,
    tenth(progress.target),
    progress.targetInForce,
    tenth(progress.expectedByNow),
    tenth(progress.projected),
    progress.onTrack,
    progress.behindPlan,
    progress.projectedMiss,
    progress.byShift.map((shift) => shift.actual),
  ]);
}

export function wipDigest(wip: WipView): string {
  return JSON.stringify([
    wip.stages.map((stage) => [stage.stage, stage.byStatus, stage.oldest?.serial ?? null]),
    wip.stuck.map((rack) => [rack.serial, rack.status]),
  ]);
}

interface Published {
  status: SiteStatus;
  progress: string;
  wip: string;
}

/**
 * Keeps the live stream's progress and WIP current for the sites someone is watching: recomputed shortly after
 * transitions arrive, and every LIVE_REFRESH_MS regardless, and published only when what a person reads changed.
 */
@Injectable()
export class SiteStatusMonitor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SiteStatusMonitor.name);
  private readonly watchers = new Map<string, number>();
  private readonly published = new Map<string, Published>();
  private readonly scheduled = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly rerun = new Set<string>();
  private readonly refreshTimer: RepeatingTimer;
  private stopped = false;

  constructor(
    private readonly status: SiteStatusQuery,
    private readonly feed: LiveFeed,
    @Inject(API_CONFIG) config: ApiConfig,
  ) {
    this.refreshTimer = new RepeatingTimer(config.LIVE_REFRESH_MS, () => {
      for (const siteId of this.watchers.keys()) this.touch(siteId, 0);
    });
  }

  onApplicationBootstrap(): void {
    this.refreshTimer.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.refreshTimer.stop();
    for (const timer of this.scheduled.values()) clearTimeout(timer);
    await Promise.allSettled(this.running.values());
  }

  /** A client watches a site; returns the release for when it disconnects. */
  watch(siteId: string): () => void {
    this.watchers.set(siteId, (this.watchers.get(siteId) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.watchers.get(siteId) ?? 1) - 1;
      if (left > 0) this.watchers.set(siteId, left);
      else this.watchers.delete(siteId);
    };
  }

  /** Something moved at the site; recompute soon, if anyone watches it. */
  touched(siteId: string): void {
    if (this.watchers.has(siteId)) this.touch(siteId, SETTLE_MS);
  }

  /**
   * The site's status now, fresh from the database, for a client that has just connected. Anything new in it
   * is published too, so the clients already watching do not fall behind the newcomer.
   */
  async current(siteId: string): Promise<SiteStatus> {
    const status = await this.status.status(siteId);
    this.publishChanges(siteId, status);
    return status;
  }

  private touch(siteId: string, delayMs: number): void {
    if (this.stopped || this.scheduled.has(siteId)) return;
    const timer = setTimeout(() => {
      this.scheduled.delete(siteId);
      this.refresh(siteId);
    }, delayMs);
    this.scheduled.set(siteId, timer);
  }

  /** One computation per site at a time; a touch while one runs asks for one more right after. */
  private refresh(siteId: string): void {
    if (this.running.has(siteId)) {
      this.rerun.add(siteId);
      return;
    }
    const run = this.status
      .status(siteId)
      .then((status) => this.publishChanges(siteId, status))
      .catch((error: unknown) =>
        this.logger.warn({ msg: 'cannot refresh live site status', siteId, error: String(error) }),
      )
      .finally(() => {
        this.running.delete(siteId);
        if (this.rerun.delete(siteId)) this.touch(siteId, 0);
      });
    this.running.set(siteId, run);
  }

  private publishChanges(siteId: string, status: SiteStatus): void {
    const before = this.published.get(siteId);
    const next = this.remember(siteId, status);
    if (before?.progress !== next.progress) this.feed.publish('progress', siteId, status.progress);
    if (before?.wip !== next.wip) this.feed.publish('wip', siteId, status.wip);
  }

  private remember(siteId: string, status: SiteStatus): Published {
    const entry = { status, progress: progressDigest(status.progress), wip: wipDigest(status.wip) };
    this.published.set(siteId, entry);
    return entry;
  }
}
