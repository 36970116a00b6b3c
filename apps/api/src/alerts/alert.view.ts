import { ApiProperty } from '@nestjs/swagger';
import { ALERT_SEVERITIES, ALERT_STATUSES, escalatesAt, NOTIFICATION_KINDS } from '#domain';
import type { StoredAlert, StoredAlertEvent, StoredDelivery } from '#persistence';
import { ApiDateTime, ApiDateTimeOrNull } from '../common/date-time.view.js';
import { pageSchema } from '../common/pagination/page.view.js';

export class AlertDeliveryView {
  @ApiProperty({ format: 'uuid' })
  webhookId: string;

  @ApiProperty({ example: 'delivered', description: 'pending, delivered or failed' })
  status: string;

  @ApiProperty({ description: 'Attempts so far (the first included)' })
  attempts: number;

  @ApiProperty({ type: Number, nullable: true, example: 200 })
  lastStatusCode: number | null;

  @ApiProperty({ type: String, nullable: true })
  lastError: string | null;

  @ApiDateTimeOrNull()
  deliveredAt: string | null;
}

/** One announced state of an alert, and what became of its webhook deliveries. */
export class AlertEventView {
  @ApiProperty({ example: '101' })
  id: string;

  @ApiProperty({ enum: NOTIFICATION_KINDS })
  kind: string;

  @ApiProperty({ enum: ALERT_SEVERITIES })
  severity: string;

  @ApiProperty({ example: 'Behind plan at site-1' })
  title: string;

  @ApiProperty()
  summary: string;

  @ApiDateTime()
  occurredAt: string;

  @ApiProperty({ type: [AlertDeliveryView] })
  deliveries: AlertDeliveryView[];
}

export class AlertView {
  @ApiProperty({ example: '42' })
  id: string;

  @ApiProperty({ example: 'behind_plan' })
  rule: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'site-1',
    description:
      'null for an alert about the pipeline (`tracker_stalled`, subject = the partition), not one site',
  })
  siteId: string | null;

  @ApiProperty({
    description: "The stage, rack serial, lot or partition the alert is about; '' for site-wide rules",
  })
  subject: string;

  @ApiProperty({ enum: ALERT_STATUSES })
  status: string;

  @ApiProperty({ enum: ALERT_SEVERITIES })
  severity: string;

  @ApiProperty({ enum: ALERT_SEVERITIES, description: 'The highest severity announced' })
  peakSeverity: string;

  @ApiProperty({ example: 'Behind plan at site-1' })
  title: string;

  @ApiDateTime()
  pendingSince: string;

  @ApiDateTimeOrNull()
  firedAt: string | null;

  @ApiDateTimeOrNull()
  resolvedAt: string | null;

  @ApiDateTimeOrNull()
  lastNotifiedAt: string | null;

  @ApiDateTime()
  updatedAt: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'Dana Ruiz',
    description: 'Who on the floor took the alert',
  })
  acknowledgedBy: string | null;

  @ApiDateTimeOrNull()
  acknowledgedAt: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Line 2 restarted, watching' })
  acknowledgeNote: string | null;

  @ApiDateTimeOrNull(
    'firedAt + ALERT_ESCALATION_MINUTES: when chat is told it went unacknowledged; null once acknowledged or resolved, and while not firing',
  )
  escalatesAt: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: "The rule's latest measurements when last evaluated",
  })
  detail: unknown;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: "The site's week figures (or the partition's offsets) when last evaluated",
  })
  figures: unknown;

  @ApiProperty({ type: [AlertEventView], description: 'Every announced state, oldest first' })
  history: AlertEventView[];
}

export const AlertPage = pageSchema(AlertView, 'AlertPage');
export type AlertPage = InstanceType<typeof AlertPage>;

const iso = (value: Date | null): string | null => value?.toISOString() ?? null;

/** The acknowledgement fields an alert carries wherever it is shown (list, detail, live stream). */
export function acknowledgementOf(
  alert: StoredAlert,
  escalationMinutes: number,
): Pick<AlertView, 'acknowledgedBy' | 'acknowledgedAt' | 'acknowledgeNote' | 'escalatesAt'> {
  return {
    acknowledgedBy: alert.acknowledgedBy,
    acknowledgedAt: iso(alert.acknowledgedAt),
    acknowledgeNote: alert.acknowledgeNote,
    escalatesAt: iso(escalatesAt(alert, escalationMinutes)),
  };
}

export function toAlertView(
  alert: StoredAlert,
  events: readonly StoredAlertEvent[],
  deliveries: readonly StoredDelivery[],
  escalationMinutes: number,
): AlertView {
  return {
    id: alert.id,
    rule: alert.rule,
    siteId: alert.siteId,
    subject: alert.subject,
    status: alert.status,
    severity: alert.severity,
    peakSeverity: alert.peakSeverity,
    title: alert.title,
    pendingSince: alert.pendingSince.toISOString(),
    firedAt: iso(alert.firedAt),
    resolvedAt: iso(alert.resolvedAt),
    lastNotifiedAt: iso(alert.lastNotifiedAt),
    updatedAt: alert.updatedAt.toISOString(),
    ...acknowledgementOf(alert, escalationMinutes),
    detail: alert.detail,
    figures: alert.figures,
    history: events
      .filter((event) => event.alertId === alert.id)
      .map((event) => ({
        id: event.id,
        kind: event.kind,
        severity: event.severity,
        title: event.title,
        summary: event.summary,
        occurredAt: event.occurredAt.toISOString(),
        deliveries: deliveries
          .filter((delivery) => delivery.alertEventId === event.id)
          .map((delivery) => ({
            webhookId: delivery.webhookId,
            status: delivery.status,
            attempts: delivery.attempts,
            lastStatusCode: delivery.lastStatusCode,
            lastError: delivery.lastError,
            deliveredAt: iso(delivery.deliveredAt),
          })),
      })),
  };
}
