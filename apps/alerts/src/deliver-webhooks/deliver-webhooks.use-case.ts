import { Injectable, Logger } from '@nestjs/common';
import type { AttemptRecord, ClaimedDelivery } from '#persistence';
import { AlertsConfig } from '../alerts.config.js';
import { AlertsMetrics } from '../alerts.metrics.js';
import { UnitOfWork } from '#persistence';
import { Clock } from '#platform';
import { redactWebhookUrl } from '../webhooks/webhook-url.js';
import { decideAfterAttempt, type RetryPolicy } from './retry-policy.js';
import { WebhookHttpClient } from './webhook-http.client.js';
import { buildWebhookRequest } from './webhook-request.js';

/** Margin past the request timeout before a claimed delivery is considered abandoned by a dead sender. */
const LEASE_MARGIN_MS = 30_000;
/** Recording an outcome stops retrying this long before the lease ends, so no second sender overlaps it. */
const RECORD_SAFETY_MS = 5_000;
const RECORD_FIRST_RETRY_MS = 100;
const RECORD_MAX_RETRY_MS = 2_000;

/** Sends whatever the webhook outbox has due, one attempt per claimed delivery, and records each outcome. */
@Injectable()
export class DeliverWebhooksUseCase {
  private readonly logger = new Logger(DeliverWebhooksUseCase.name);
  private readonly policy: RetryPolicy;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly http: WebhookHttpClient,
    private readonly clock: Clock,
    private readonly config: AlertsConfig,
    private readonly metrics: AlertsMetrics,
  ) {
    this.policy = {
      maxAttempts: config.WEBHOOK_MAX_ATTEMPTS,
      baseDelayMs: config.WEBHOOK_BACKOFF_BASE_MS,
      maxDelayMs: config.WEBHOOK_BACKOFF_MAX_MS,
      retryAfterMaxMs: config.WEBHOOK_RETRY_AFTER_MAX_SECONDS * 1000,
    };
  }

  /** How many deliveries were attempted; 0 means nothing was due. */
  async execute(): Promise<number> {
    const now = this.clock.now();
    const claimed = await this.uow.pool.deliveries.claimDue(
      now,
      this.leaseUntil(now),
      this.config.WEBHOOK_BATCH_SIZE,
    );
    await Promise.all(claimed.map((delivery) => this.attempt(delivery, false)));
    return claimed.length;
  }

  /** A lease long enough for one attempt: a sender that dies leaves the delivery to be retried after it. */
  leaseUntil(now: Date): Date {
    return new Date(now.getTime() + this.config.WEBHOOK_TIMEOUT_MS + LEASE_MARGIN_MS);
  }

  /**
   * One attempt and its recorded outcome. `once` (a test message) never retries: whoever asked is waiting
   * for the answer, not for a message an hour later.
   */
  async attempt(delivery: ClaimedDelivery, once: boolean): Promise<AttemptRecord> {
    const recordBefore =
      performance.now() + this.config.WEBHOOK_TIMEOUT_MS + LEASE_MARGIN_MS - RECORD_SAFETY_MS;
    const result = await this.http.post(
      delivery.url,
      buildWebhookRequest(delivery),
      this.config.WEBHOOK_TIMEOUT_MS,
    );
    let record = decideAfterAttempt(result, delivery.attempts, this.policy, this.clock.now(), Math.random);
    if (once && record.outcome === 'retry')
      record = { outcome: 'failed', statusCode: record.statusCode, error: record.error, at: record.at };
    await this.recordOutcome(delivery.id, record, recordBefore);
    this.metrics.deliveries.inc({ kind: delivery.kind, outcome: record.outcome });
    const context = {
      deliveryId: delivery.id,
      webhookId: delivery.webhookId,
      kind: delivery.kind,
      // Chat URLs carry their credentials: only the redacted form is ever logged.
      target: redactWebhookUrl(delivery.url),
      notice: delivery.noticeType,
      attempt: delivery.attempts,
    };
    if (record.outcome === 'delivered') {
      this.logger.log({ msg: 'webhook delivered', ...context, status: record.statusCode });
    } else if (record.outcome === 'retry') {
      this.logger.warn({
        msg: 'webhook attempt failed; will retry',
        ...context,
        error: record.error,
        nextAttemptAt: record.nextAttemptAt.toISOString(),
      });
    } else {
      this.logger.warn({ msg: 'webhook delivery failed', ...context, error: record.error });
    }
    return record;
  }

  /**
   * The chat may already show the message: losing this record (PostgreSQL restarting, a connection cut)
   * would send it again once the lease ends. So it is retried while the lease still holds; only past that
   * does the delivery fall back to at-least-once, and receivers can drop the repeat by X-Delivery-Id.
   */
  private async recordOutcome(id: string, record: AttemptRecord, recordBefore: number): Promise<void> {
    for (let delayMs = RECORD_FIRST_RETRY_MS; ; delayMs = Math.min(delayMs * 2, RECORD_MAX_RETRY_MS)) {
      try {
        await this.uow.pool.deliveries.recordAttempt(id, record);
        return;
      } catch (error) {
        if (performance.now() + delayMs >= recordBefore) throw error;
        this.logger.warn({
          msg: 'cannot record the webhook outcome yet; retrying',
          deliveryId: id,
          outcome: record.outcome,
          error: error instanceof Error ? error.message : String(error),
        });
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
    }
  }
}
