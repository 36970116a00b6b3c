import {
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { LeaderElection } from './common/leader-election.js';
import { WebhookSender } from './deliver-webhooks/webhook-sender.js';
import { EvaluationScheduler } from './evaluate-alerts/evaluation.scheduler.js';
import { RackTransitionsConsumer } from './evaluate-alerts/rack-transitions.consumer.js';
import { TrackerWatchScheduler } from './watch-tracker/tracker-watch.scheduler.js';

/** Starts the background work in dependency order and stops it in reverse, finishing what is in flight. */
@Injectable()
export class AlertsLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(AlertsLifecycle.name);

  constructor(
    private readonly leader: LeaderElection,
    private readonly scheduler: EvaluationScheduler,
    private readonly sender: WebhookSender,
    private readonly consumer: RackTransitionsConsumer,
    private readonly trackerWatch: TrackerWatchScheduler,
  ) {}

  onApplicationBootstrap(): void {
    // A new leader catches up at once: what changed, and what was queued, while nobody led.
    this.leader.onElected(() => {
      this.scheduler.request('elected');
      this.sender.wake();
      this.consumer.start();
    });
    this.leader.onDemoted(() => void this.consumer.stop());
    this.leader.onDemoted(() => this.trackerWatch.demoted());
    this.scheduler.start();
    this.trackerWatch.start();
    this.sender.start();
    this.leader.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer.stop();
    await this.scheduler.stop();
    await this.trackerWatch.stop();
    await this.sender.stop();
    await this.leader.stop();
    this.logger.log({ msg: 'alerts stopped after finishing the round and the attempts in flight' });
  }
}
