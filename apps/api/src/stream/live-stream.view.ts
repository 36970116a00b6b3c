import { ApiProperty } from '@nestjs/swagger';
import type { StoredAlert } from '#persistence';
import { acknowledgementOf } from '../alerts/alert.view.js';
import { ApiDateTime, ApiDateTimeOrNull } from '../common/date-time.view.js';

/** A firing alert as the live stream and the dashboard's banner show it. */
export class LiveAlertView {
  @ApiProperty()
  id: string;

  @ApiProperty({ example: 'behind_plan' })
  rule: string;

  @ApiProperty()
  siteId: string;

  @ApiProperty({ description: "The stage or rack serial the alert is about; '' for site-wide rules" })
  subject: string;

  @ApiProperty({ example: 'warning' })
  severity: string;

  @ApiProperty()
  title: string;

  @ApiDateTimeOrNull()
  firedAt: string | null;

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

  @ApiProperty({ type: String, nullable: true })
  acknowledgeNote: string | null;

  @ApiDateTimeOrNull('When it escalates unless acknowledged; null once acknowledged')
  escalatesAt: string | null;
}

export class LiveAlertsView {
  @ApiProperty()
  siteId: string;

  @ApiProperty({
    type: [LiveAlertView],
    description: 'Every alert firing at the site now, most severe first',
  })
  firing: LiveAlertView[];
}

const SEVERITY_ORDER = ['critical', 'warning', 'info'];

export function toLiveAlertsView(
  siteId: string,
  alerts: readonly StoredAlert[],
  escalationMinutes: number,
): LiveAlertsView {
  const firing = alerts
    .map((alert) => ({
      id: alert.id,
      rule: alert.rule,
      siteId,
      subject: alert.subject,
      severity: alert.severity,
      title: alert.title,
      firedAt: alert.firedAt?.toISOString() ?? null,
      updatedAt: alert.updatedAt.toISOString(),
      ...acknowledgementOf(alert, escalationMinutes),
    }))
    .sort(
      (a, b) =>
        SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) ||
        Number(a.id) - Number(b.id),
    );
  return { siteId, firing };
}
