import { WebhookSink } from '#simulator';
import {
  expectEventually,
  startService,
  type RunningService,
  ADMIN_TOKEN,
  type TestDatabase,
} from '#testing';

export interface AlertsVerdict {
  alertEvents: number;
  deliveries: number;
  received: number;
  /** Notices the sink got more than once (the generic payload's id is stable across retries). */
  deliveredTwice: string[];
  /** Deliveries recorded as delivered that never reached the sink. */
  lost: string[];
  /** Notices the sink got that no delivery records. */
  unexpected: string[];
  /** Deliveries given up on, or alert events without exactly one delivery. */
  undelivered: string[];
}

const SECRET = 'chaos-webhook-secret-0123456789';

async function admin(url: string, method: string, body?: unknown): Promise<number> {
  const response = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  await response.text();
  return response.status;
}

/**
 * The alerts service in the fault-injection run: weekly targets for the simulated site (whose week shows no
 * completions, as the simulated factory runs in the past, so behind-plan and stuck-rack alerts fire), a local
 * sink as the chat channel, and the faults that concern alerts — the sink answering 503 for a while, and the
 * service killed mid-delivery. At the end: every alert event delivered exactly once.
 */
export class AlertsUnderChaos {
  private constructor(
    private readonly env: Record<string, string>,
    public service: RunningService,
    readonly sink: WebhookSink,
  ) {}

  static async start(
    database: TestDatabase,
    topicPrefix: string,
    siteIds: readonly string[],
  ): Promise<AlertsUnderChaos | string> {
    const sink = new WebhookSink(() => undefined, SECRET);
    const sinkUrl = await sink.listen(0);
    const env = {
      DATABASE_URL: database.url,
      KAFKA_TOPIC_PREFIX: topicPrefix,
      ALERTS_CONSUMER_GROUP: `alerts-${topicPrefix}`,
      // The trackers' group in this run (fault-injection's convention), whose progress the stall alert watches.
      TRACKER_CONSUMER_GROUP: `g-${topicPrefix}`,
      ALERTS_EVALUATION_INTERVAL_MS: '2000',
      ALERTS_DEBOUNCE_MS: '200',
      ALERTS_LEADER_CHECK_MS: '500',
      WEBHOOK_BACKOFF_BASE_MS: '200',
      WEBHOOK_BACKOFF_MAX_MS: '2000',
      WEBHOOK_MAX_ATTEMPTS: '50',
      WEBHOOK_POLL_MS: '200',
      RATE_LIMIT_PER_SECOND: '0',
      // The sink listens on loopback, which webhooks reach only when allowed.
      WEBHOOK_ALLOW_HOSTS: '127.0.0.1',
    };
    let service: RunningService;
    try {
      service = await startService('alerts', env);
    } catch (error) {
      await sink.close();
      return `the alerts service did not start: ${String(error).slice(0, 200)}`;
    }
    const webhook = await admin(`${service.url}/v1/webhooks`, 'POST', {
      name: 'chaos sink',
      url: `${sinkUrl}/alerts`,
      kind: 'generic',
      secret: SECRET,
    });
    if (webhook !== 201) {
      await service.stop();
      await sink.close();
      return `POST /v1/webhooks answered ${webhook}`;
    }
    for (const site of siteIds) {
      await admin(`${service.url}/v1/sites/${site}/target`, 'PUT', {
        weeklyTarget: 1000,
        timeZone: 'UTC',
        weekStartsOn: 'monday',
      });
      await admin(`${service.url}/v1/sites/${site}/rules`, 'PUT', {
        behindPlan: { graceMinutes: 0 },
        stuckRack: { graceMinutes: 0 },
      });
    }
    return new AlertsUnderChaos(env, service, sink);
  }

  /** The chat platform has a bad few seconds: every delivery meanwhile gets a 503 and must be retried. */
  async pauseSink(milliseconds: number): Promise<string> {
    this.sink.paused = true;
    await new Promise((resolve) => setTimeout(resolve, milliseconds));
    this.sink.paused = false;
    return `sink answered 503 for ${milliseconds / 1000} s`;
  }

  /** Every alerts process of the run, killed ones included, for the logs kept after it. */
  readonly everyService: RunningService[] = [];

  async killService(): Promise<string> {
    const victim = this.service;
    this.everyService.push(victim);
    await victim.kill();
    this.service = await startService('alerts', this.env);
    return `kill -9 alerts pid ${victim.pid}, restarted`;
  }

  async stop(): Promise<void> {
    await this.service.stop();
    await this.sink.close();
  }

  async verdict(database: TestDatabase): Promise<AlertsVerdict> {
    this.sink.paused = false;
    await expectEventually(
      async () => {
        const [{ pending }] = await database.query<{ pending: string }>(
          `SELECT count(*) AS pending FROM webhook_delivery WHERE status = 'pending'`,
        );
        if (Number(pending) > 0) throw new Error(`${pending} webhook deliveries still pending`);
      },
      { timeoutMs: 120_000, intervalMs: 500 },
    );
    const rows = await database.query<{
      id: string;
      body: string;
      status: string;
      alert_event_id: string | null;
    }>('SELECT id, body, status, alert_event_id FROM webhook_delivery');
    const [{ events }] = await database.query<{ events: string }>(
      'SELECT count(*) AS events FROM alert_event',
    );
    const noticeId = (body: string) =>
      (JSON.parse(body) as { id?: string }).id ?? `unparsable:${body.slice(0, 40)}`;
    const received = new Map<string, number>();
    for (const delivery of this.sink.deliveries)
      received.set(noticeId(delivery.body), (received.get(noticeId(delivery.body)) ?? 0) + 1);
    const delivered = new Set(
      rows.filter((row) => row.status === 'delivered').map((row) => noticeId(row.body)),
    );
    const recorded = new Set(rows.map((row) => noticeId(row.body)));
    const perEvent = await database.query<{ alert_event_id: string; deliveries: string }>(
      `SELECT e.id AS alert_event_id, count(d.id) AS deliveries FROM alert_event e LEFT JOIN webhook_delivery d ON d.alert_event_id = e.id GROUP BY e.id`,
    );
    return {
      alertEvents: Number(events),
      deliveries: rows.length,
      received: this.sink.deliveries.length,
      deliveredTwice: [...received].filter(([, count]) => count > 1).map(([id, count]) => `${id} ×${count}`),
      lost: [...delivered].filter((id) => !received.has(id)),
      unexpected: [...received.keys()].filter((id) => !recorded.has(id)),
      undelivered: [
        ...rows.filter((row) => row.status !== 'delivered').map((row) => `delivery ${row.id}: ${row.status}`),
        ...perEvent
          .filter((row) => Number(row.deliveries) !== 1)
          .map((row) => `alert event ${row.alert_event_id}: ${row.deliveries} deliveries`),
      ],
    };
  }
}
