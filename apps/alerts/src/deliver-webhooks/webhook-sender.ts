import { Injectable, Logger } from '@nestjs/common';
import { AlertsConfig } from '../alerts.config.js';
import { LeaderElection } from '../common/leader-election.js';
import { DeliverWebhooksUseCase } from './deliver-webhooks.use-case.js';

/**
 * The outbox loop: while this instance leads, send what is due; when nothing is, sleep until woken (new
 * deliveries queued) or WEBHOOK_POLL_MS passes (retries coming due). On shutdown it finishes the attempts
 * in flight, which the request timeout bounds, and records them.
 */
@Injectable()
export class WebhookSender {
  private readonly logger = new Logger(WebhookSender.name);
  private running = false;
  private loop: Promise<void> = Promise.resolve();
  private wakeUp: (() => void) | null = null;
  // Remembers a wake that came while a round was running, so its deliveries do not wait for the poll.
  private woken = false;

  constructor(
    private readonly useCase: DeliverWebhooksUseCase,
    private readonly leader: LeaderElection,
    private readonly config: AlertsConfig,
  ) {}

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
  }

  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  private async run(): Promise<void> {
    while (this.running) {
      let attempted = 0;
      this.woken = false;
      try {
        if (this.leader.isLeader) attempted = await this.useCase.execute();
      } catch (error) {
        this.logger.error({
          msg: 'webhook sender round failed',
          error: error instanceof Error ? error.message : String(error),
        });
      }
      if (attempted === 0 && this.running) await this.sleep(this.config.WEBHOOK_POLL_MS);
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.woken) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }
}
