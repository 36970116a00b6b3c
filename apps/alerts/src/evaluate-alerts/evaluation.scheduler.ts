import { Injectable, Logger } from '@nestjs/common';
import { AlertsConfig } from '../alerts.config.js';
import { AlertsMetrics } from '../alerts.metrics.js';
import { UnitOfWork } from '#persistence';
import { LeaderElection } from '../common/leader-election.js';
import { Rounds } from '../common/rounds.js';
import { WebhookSender } from '../deliver-webhooks/webhook-sender.js';
import { EvaluateAlertsUseCase } from './evaluate-alerts.use-case.js';

/**
 * When to evaluate: every ALERTS_EVALUATION_INTERVAL_MS, and within ALERTS_DEBOUNCE_MS of a request
 * (transitions arriving, a target or rule changed). Requests made while a round runs coalesce into one
 * more round after it, so rounds never overlap and a burst of transitions costs two rounds at most.
 * A target or rule change made through a standby instance reaches the leader through a cheap settings
 * version it polls every ALERTS_LEADER_CHECK_MS.
 */
@Injectable()
export class EvaluationScheduler {
  private readonly logger = new Logger(EvaluationScheduler.name);
  private interval: NodeJS.Timeout | undefined;
  private watch: NodeJS.Timeout | undefined;
  private settingsVersion: string | null = null;
  private debounce: NodeJS.Timeout | undefined;
  private readonly rounds = new Rounds('evaluation');
  private again = false;
  private stopped = true;

  constructor(
    private readonly config: AlertsConfig,
    private readonly useCase: EvaluateAlertsUseCase,
    private readonly leader: LeaderElection,
    private readonly sender: WebhookSender,
    private readonly metrics: AlertsMetrics,
    private readonly uow: UnitOfWork,
  ) {}

  start(): void {
    this.stopped = false;
    this.interval = setInterval(() => this.request('schedule'), this.config.ALERTS_EVALUATION_INTERVAL_MS);
    this.watch = setInterval(() => void this.checkSettings(), this.config.ALERTS_LEADER_CHECK_MS);
    this.request('start');
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.interval);
    clearInterval(this.watch);
    clearTimeout(this.debounce);
    this.debounce = undefined;
    await this.rounds.settled();
  }

  /** Asks for a round soon; any number of requests within the debounce window make one round. */
  request(reason: string): void {
    if (this.stopped) return;
    if (this.rounds.busy) {
      this.again = true;
      return;
    }
    if (this.debounce !== undefined) return;
    this.debounce = setTimeout(() => {
      this.debounce = undefined;
      this.run(reason);
    }, this.config.ALERTS_DEBOUNCE_MS);
  }

  private async checkSettings(): Promise<void> {
    if (!this.leader.isLeader) {
      this.settingsVersion = null;
      return;
    }
    try {
      const version = await this.uow.pool.siteTargets.settingsVersion();
      if (this.settingsVersion !== null && version !== this.settingsVersion) this.request('settings changed');
      this.settingsVersion = version;
    } catch (error) {
      this.logger.warn({ msg: 'cannot read the settings version', error: String(error) });
    }
  }

  private run(reason: string): void {
    this.again = false;
    this.rounds.start(
      () => this.evaluate(reason),
      () => {
        if (this.again) this.request('coalesced');
      },
    );
  }

  private async evaluate(reason: string): Promise<void> {
    if (!this.leader.isLeader) {
      this.metrics.evaluations.inc({ outcome: 'standby' });
      return;
    }
    const stopTimer = this.metrics.evaluationSeconds.startTimer();
    try {
      const summary = await this.useCase.execute();
      stopTimer();
      this.metrics.evaluations.inc({ outcome: summary.failed > 0 ? 'failed' : 'completed' });
      if (summary.deliveriesQueued > 0) this.sender.wake();
      if (summary.notifications > 0) this.logger.log({ msg: 'evaluation round', reason, ...summary });
    } catch (error) {
      this.metrics.evaluations.inc({ outcome: 'failed' });
      this.logger.error({
        msg: 'evaluation round failed',
        reason,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
}
