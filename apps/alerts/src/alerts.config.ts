import { IsNotEmpty, IsString, IsUrl, registerDecorator } from 'class-validator';
import { AdminTokenConfig, IntRange, withTrackerProgress } from '#config';
import { DEFAULT_ALERT_ESCALATION_MINUTES } from '#domain';
import { WebhookAllowList } from './webhooks/webhook-destination.js';

/** Validates WEBHOOK_ALLOW_HOSTS at start-up, naming every entry that is not a host, host:port or CIDR. */
function IsWebhookAllowList() {
  const problemsOf = (value: unknown): string[] => {
    if (typeof value !== 'string') return ['must be a comma-separated list'];
    const parsed = WebhookAllowList.parse(value);
    return parsed instanceof WebhookAllowList ? [] : parsed.problems;
  };
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isWebhookAllowList',
      target: target.constructor,
      propertyName,
      options: { message: (arguments_) => problemsOf(arguments_.value).join('; ') },
      validator: { validate: (value: unknown) => problemsOf(value).length === 0 },
    });
}

/**
 * The alerts service's settings: admin-gated configuration API, evaluation cadence, webhook delivery, and the
 * tracker watch (TRACKER_STALL_SECONDS raises `tracker_stalled`).
 */
export class AlertsConfig extends withTrackerProgress(AdminTokenConfig) {
  override PORT = 3003;

  /** Its own group on `rack-transitions`: the tracker's traffic only wakes the evaluator up. */
  @IsString()
  @IsNotEmpty()
  ALERTS_CONSUMER_GROUP: string = 'rack-alerts';

  @IntRange(1000, 3_600_000)
  ALERTS_EVALUATION_INTERVAL_MS: number = 60_000;

  /** Transitions arriving within this long of each other trigger one evaluation, not one each. */
  @IntRange(0, 60_000)
  ALERTS_DEBOUNCE_MS: number = 1000;

  /** How often a standby instance tries to take over, and the leader checks its lock connection. */
  @IntRange(200, 60_000)
  ALERTS_LEADER_CHECK_MS: number = 5000;

  /**
   * Minutes a firing alert may go unacknowledged on the dashboard before chat is told so, once (andon
   * escalation); the api's ALERT_ESCALATION_MINUTES must match, since it shows the same time as `escalatesAt`.
   */
  @IntRange(1, 1440)
  ALERT_ESCALATION_MINUTES: number = DEFAULT_ALERT_ESCALATION_MINUTES;

  /** Where messages link to; `?site=<siteId>` is added. */
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  DASHBOARD_URL: string = 'http://127.0.0.1:3001/';

  @IntRange(100, 60_000)
  WEBHOOK_TIMEOUT_MS: number = 10_000;

  /** Attempts per delivery (the first included) before it is marked failed. */
  @IntRange(1, 50)
  WEBHOOK_MAX_ATTEMPTS: number = 8;

  @IntRange(10, 600_000)
  WEBHOOK_BACKOFF_BASE_MS: number = 2000;

  @IntRange(10, 86_400_000)
  WEBHOOK_BACKOFF_MAX_MS: number = 600_000;

  /** A Retry-After longer than this is cut to it, so one chat cannot park a delivery for days. */
  @IntRange(1, 86_400)
  WEBHOOK_RETRY_AFTER_MAX_SECONDS: number = 3600;

  /** How often the sender looks for retries that have come due (new deliveries wake it at once). */
  @IntRange(50, 60_000)
  WEBHOOK_POLL_MS: number = 1000;

  @IntRange(1, 200)
  WEBHOOK_BATCH_SIZE: number = 20;

  /**
   * Destinations webhooks may reach although they are loopback, private, link-local or otherwise not public
   * (comma-separated host, host:port or CIDR): an intranet chat server, or a local sink in a demo. Everything
   * else non-public is refused at registration and, after DNS resolution, at every delivery.
   */
  @IsWebhookAllowList()
  WEBHOOK_ALLOW_HOSTS: string = '';

  get webhookAllowList(): WebhookAllowList {
    const parsed = WebhookAllowList.parse(this.WEBHOOK_ALLOW_HOSTS);
    return parsed instanceof WebhookAllowList ? parsed : WebhookAllowList.EMPTY;
  }
}
