import { ApiProperty } from '@nestjs/swagger';
import { ALERT_SEVERITIES } from '#domain';
import { ApiDateTime, ApiDateTimeOrNull } from '../common/date-time.view.js';

export class HandoverShiftView {
  @ApiProperty({ example: '06:00–14:00', description: 'The shift window as configured, in the site’s zone' })
  label: string;

  @ApiDateTime()
  start: string;

  @ApiDateTime()
  end: string;
}

/** An alert that was firing at some time during the shift. */
export class HandoverAlertView {
  @ApiProperty({ example: '42' })
  id: string;

  @ApiProperty({ example: 'Behind plan at site-1' })
  title: string;

  @ApiProperty({ enum: ALERT_SEVERITIES })
  severity: string;

  @ApiDateTime()
  firedAt: string;

  @ApiDateTimeOrNull('null while it is still firing')
  resolvedAt: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'Dana Ruiz',
    description: 'Who on the floor took it',
  })
  acknowledgedBy: string | null;

  @ApiDateTimeOrNull()
  acknowledgedAt: string | null;
}

/** What changed during one shift, for the manager handing over to the next. */
export class HandoverView {
  @ApiProperty({ example: 'site-1' })
  siteId: string;

  @ApiProperty({ type: HandoverShiftView })
  shift: HandoverShiftView;

  @ApiProperty({ description: 'Racks shipped during the shift' })
  shipped: number;

  @ApiProperty({ description: 'Failed test outcomes during the shift' })
  failed: number;

  @ApiProperty({ description: 'Racks put on hold during the shift' })
  held: number;

  @ApiProperty({ description: 'Racks released from hold during the shift' })
  released: number;

  @ApiProperty({ description: 'Racks scrapped during the shift' })
  scrapped: number;

  @ApiProperty({
    type: [HandoverAlertView],
    description: 'Alerts firing at any time during the shift, by firing time',
  })
  alerts: HandoverAlertView[];
}
