import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { REJECTION_REASONS, type RejectionReason } from '#domain';

export const CLEARANCE_NOTE = "the tracker's decision on the event stays the truth";

/** The interlock's answer: what the tracker would decide now, from the state it last applied. */
export class ClearanceView {
  @ApiProperty({ description: 'true when the tracker, as of stateAsOf, would accept the event' })
  cleared: boolean;

  @ApiPropertyOptional({ enum: REJECTION_REASONS, description: 'Why not, as the tracker would record it' })
  reason?: RejectionReason;

  @ApiPropertyOptional({
    example: 'started at burn_in needs (assembly, passed); rack is (assembly, on_hold)',
  })
  detail?: string;

  @ApiProperty({
    type: 'object',
    nullable: true,
    properties: { stage: { type: 'string' }, status: { type: 'string' } },
    description: 'The rack as applied; null when the tracker has never seen it',
    example: { stage: 'assembly', status: 'passed' },
  })
  rack: { stage: string; status: string } | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: "The time of the rack's last applied event; null for a rack not seen yet",
  })
  stateAsOf: string | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Seconds between stateAsOf and the answer; events posted since may not be applied yet',
  })
  ageSeconds: number | null;

  @ApiProperty({ enum: [false], description: 'Always false: the answer is advice, not a decision' })
  authoritative: false;

  @ApiProperty({ example: CLEARANCE_NOTE })
  note: string;
}
