import { ApiProperty } from '@nestjs/swagger';
import type { AuditRecord } from '#persistence';
import { ApiDateTime } from '../common/date-time.view.js';

export class AuditActorView {
  @ApiProperty({
    example: 'token:12',
    description: '`admin-token` for ADMIN_TOKEN, `token:<id>` for an issued token',
  })
  id: string;

  @ApiProperty({ example: 'Night shift admin' })
  name: string;

  @ApiProperty({ example: 'admin' })
  role: string;
}

/** One configuration change. */
export class AuditEntryView {
  @ApiProperty({ description: 'bigint as a string' })
  id: string;

  @ApiDateTime()
  occurredAt: string;

  @ApiProperty({ type: AuditActorView })
  actor: AuditActorView;

  @ApiProperty({ example: 'api', description: 'The service the change went through' })
  service: string;

  @ApiProperty({ example: 'route.put' })
  action: string;

  @ApiProperty({ example: 'route' })
  subjectType: string;

  @ApiProperty({ example: 'gb200-nvl72' })
  subjectId: string;

  @ApiProperty({
    description: 'The subject before; null for a creation',
    type: 'object',
    additionalProperties: true,
    nullable: true,
  })
  before: unknown;

  @ApiProperty({
    description: 'The subject after; null for a deletion',
    type: 'object',
    additionalProperties: true,
    nullable: true,
  })
  after: unknown;

  @ApiProperty({ type: String, nullable: true })
  correlationId: string | null;
}

export function toAuditEntryView(record: AuditRecord): AuditEntryView {
  return {
    id: record.id,
    occurredAt: record.occurredAt.toISOString(),
    actor: { id: record.actorId, name: record.actorName, role: record.actorRole },
    service: record.service,
    action: record.action,
    subjectType: record.subjectType,
    subjectId: record.subjectId,
    before: record.before,
    after: record.after,
    correlationId: record.correlationId,
  };
}
