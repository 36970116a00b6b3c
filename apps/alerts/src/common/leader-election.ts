import { Injectable, Logger } from '@nestjs/common';
import { AlertsConfig } from '../alerts.config.js';
import { AlertsMetrics } from '../alerts.metrics.js';
import { UnitOfWork, type Repositories } from '#persistence';

interface HeldLock {
  repositories: Repositories;
  release: () => Promise<void>;
}

/**
 * One alerts instance at a time evaluates and sends: the one holding a session-level advisory lock on a
 * connection of its own. Others stand by and try again every ALERTS_LEADER_CHECK_MS; the leader checks its
 * connection as often and steps down when it is gone (Postgres has then released the lock to the next).
 * Evaluation rounds and delivery claims carry their own locks as well, so even a leader that has not yet
 * noticed its loss cannot double-send.
 */
@Injectable()
export class LeaderElection {
  private readonly logger = new Logger(LeaderElection.name);
  private held: HeldLock | null = null;
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<void> = Promise.resolve();
  private readonly electedListeners: (() => void)[] = [];
  private readonly demotedListeners: (() => void)[] = [];

  constructor(
    private readonly uow: UnitOfWork,
    private readonly config: AlertsConfig,
    private readonly metrics: AlertsMetrics,
  ) {}

  get isLeader(): boolean {
    return this.held !== null;
  }

  /** Called each time this instance becomes leader, e.g. to evaluate and send what waited meanwhile. */
  onElected(listener: () => void): void {
    this.electedListeners.push(listener);
  }

  /** Called each time this instance stops leading (lost its lock connection, or shutting down). */
  onDemoted(listener: () => void): void {
    this.demotedListeners.push(listener);
  }

  start(): void {
    this.schedule(0);
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.checking;
    await this.stepDown('shutting down');
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.checking = this.check().finally(() => {
        if (this.timer !== undefined) this.schedule(this.config.ALERTS_LEADER_CHECK_MS);
      });
    }, delayMs);
  }

  private async check(): Promise<void> {
    if (this.held) {
      try {
        await this.held.repositories.alerts.ping();
      } catch (error) {
        await this.stepDown(`lock connection lost: ${String(error)}`);
      }
      return;
    }
    let candidate: HeldLock | null = null;
    try {
      candidate = await this.uow.dedicated();
      if (await candidate.repositories.alerts.tryAcquireLeadership()) {
        this.held = candidate;
        this.metrics.leader.set(1);
        this.logger.log({ msg: 'elected leader: evaluating alerts and sending webhooks' });
        for (const listener of this.electedListeners) listener();
        return;
      }
      await candidate.release();
    } catch (error) {
      this.logger.warn({ msg: 'cannot contend for leadership yet', error: String(error) });
      await candidate?.release().catch(() => undefined);
    }
  }

  private async stepDown(reason: string): Promise<void> {
    const held = this.held;
    if (!held) return;
    this.held = null;
    this.metrics.leader.set(0);
    this.logger.log({ msg: 'no longer leader', reason });
    for (const listener of this.demotedListeners) listener();
    await held.repositories.alerts.releaseLeadership().catch(() => undefined);
    await held.release().catch(() => undefined);
  }
}
