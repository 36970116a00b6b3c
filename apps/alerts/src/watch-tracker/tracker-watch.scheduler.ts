import { Injectable, Logger } from '@nestjs/common';
import { AlertsConfig } from '../alerts.config.js';
import { AlertsMetrics } from '../alerts.metrics.js';
import { LeaderElection } from '../common/leader-election.js';
import { Rounds } from '../common/rounds.js';
import { WebhookSender } from '../deliver-webhooks/webhook-sender.js';
import { WatchTrackerUseCase } from './watch-tracker.use-case.js';

/**
 * Every TRACKER_PROGRESS_POLL_MS the leader watches the tracker's progress; standbys do nothing. Rounds never
 * overlap. While Kafka or PostgreSQL is away the rounds fail and open alerts stay as they are (nothing is
 * resolved on missing data); the failure is logged when it starts and when it ends, not every round.
 */
@Injectable()
export class TrackerWatchScheduler {
  private readonly logger = new Logger(TrackerWatchScheduler.name);
  private timer: NodeJS.Timeout | undefined;
  private readonly rounds = new Rounds('tracker-watch');
  private failing = false;

  constructor(
    private readonly config: AlertsConfig,
    private readonly useCase: WatchTrackerUseCase,
    private readonly leader: LeaderElection,
    private readonly sender: WebhookSender,
    private readonly metrics: AlertsMetrics,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.tick(), this.config.TRACKER_PROGRESS_POLL_MS);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.rounds.settled();
  }

  /** The leader stepped down: what it saw of the tracker is not to be reported or trusted later. */
  demoted(): void {
    void this.rounds.settled().then(() => this.useCase.forget());
  }

  private tick(): void {
    if (this.timer === undefined || !this.leader.isLeader) return;
    this.rounds.start(() => this.watch());
  }

  private async watch(): Promise<void> {
    try {
      const summary = await this.useCase.execute();
      this.metrics.trackerWatchRounds.inc({ outcome: summary === null ? 'skipped' : 'completed' });
      if (this.failing) this.logger.log({ msg: 'watching the tracker again' });
      this.failing = false;
      if (summary !== null && summary.deliveriesQueued > 0) this.sender.wake();
    } catch (error) {
      this.metrics.trackerWatchRounds.inc({ outcome: 'failed' });
      if (!this.failing) {
        this.logger.warn({
          msg: "cannot watch the tracker's progress now; open tracker_stalled alerts stay as they are",
          error: (error instanceof Error ? error.message : String(error)).slice(0, 500),
        });
      }
      this.failing = true;
    }
  }
}
