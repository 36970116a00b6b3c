import { describe, expect, it } from '@jest/globals';
import type { AttemptRecord, ClaimedDelivery } from '#persistence';
import type { AlertsConfig } from '../alerts.config.js';
import type { AlertsMetrics } from '../alerts.metrics.js';
import type { UnitOfWork } from '#persistence';
import { SystemClock } from '#platform';
import { DeliverWebhooksUseCase } from './deliver-webhooks.use-case.js';
import type { AttemptResult } from './retry-policy.js';
import type { WebhookHttpClient } from './webhook-http.client.js';

const delivery: ClaimedDelivery = {
  id: '7',
  webhookId: '1',
  alertEventId: '42',
  noticeType: 'alert.firing',
  body: '{"text":"behind plan"}',
  attempts: 1,
  url: 'http://127.0.0.1:9/hook',
  kind: 'generic',
  secret: 'shh',
};

/** The outbox table as the use case sees it, failing its next `failures` writes as a restarting server would. */
class FlakyDeliveries {
  readonly recorded: AttemptRecord[] = [];
  constructor(private failures: number) {}

  recordAttempt(_id: string, record: AttemptRecord): Promise<void> {
    if (this.failures > 0) {
      this.failures -= 1;
      return Promise.reject(new Error('Connection terminated unexpectedly'));
    }
    this.recorded.push(record);
    return Promise.resolve();
  }
}

function useCaseWith(deliveries: FlakyDeliveries, timeoutMs: number) {
  let posts = 0;
  const http = {
    post: (): Promise<AttemptResult> => {
      posts += 1;
      return Promise.resolve({ type: 'response', status: 200, retryAfter: null });
    },
  };
  const config = {
    WEBHOOK_MAX_ATTEMPTS: 8,
    WEBHOOK_BACKOFF_BASE_MS: 2000,
    WEBHOOK_BACKOFF_MAX_MS: 600_000,
    WEBHOOK_RETRY_AFTER_MAX_SECONDS: 3600,
    WEBHOOK_TIMEOUT_MS: timeoutMs,
  };
  const useCase = new DeliverWebhooksUseCase(
    { pool: { deliveries } } as unknown as UnitOfWork,
    http as unknown as WebhookHttpClient,
    new SystemClock(),
    config as unknown as AlertsConfig,
    { deliveries: { inc: () => undefined } } as unknown as AlertsMetrics,
  );
  return { useCase, posts: () => posts };
}

describe('DeliverWebhooksUseCase', () => {
  it('keeps the outcome of a sent message through a database hiccup, so the chat never gets it twice', async () => {
    const deliveries = new FlakyDeliveries(3);
    const { useCase, posts } = useCaseWith(deliveries, 10_000);

    const record = await useCase.attempt(delivery, false);

    expect(record.outcome).toBe('delivered');
    expect(posts()).toBe(1);
    expect(deliveries.recorded).toEqual([expect.objectContaining({ outcome: 'delivered', statusCode: 200 })]);
  });

  it('gives up on recording only when the lease is about to end, and says so', async () => {
    // A negative timeout puts the lease's end (timeout + 30 s margin - 5 s safety) almost now.
    const deliveries = new FlakyDeliveries(Number.POSITIVE_INFINITY);
    const { useCase, posts } = useCaseWith(deliveries, -24_900);

    await expect(useCase.attempt(delivery, false)).rejects.toThrow('Connection terminated unexpectedly');
    expect(posts()).toBe(1);
    expect(deliveries.recorded).toEqual([]);
  });
});
