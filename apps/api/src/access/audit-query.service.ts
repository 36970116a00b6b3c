import { Injectable } from '@nestjs/common';
import { AuditRepository } from '#persistence';
import { pageRequest, toPage, type Page } from '../pagination/keyset-page.js';
import { toAuditEntryView, type AuditEntryView } from './audit-entry.view.js';
import type { ListAuditQueryDto } from './list-audit.query.dto.js';

@Injectable()
export class AuditQueryService {
  constructor(private readonly audit: AuditRepository) {}

  async list(query: ListAuditQueryDto): Promise<Page<AuditEntryView>> {
    const { position, fetch } = pageRequest('audit', query.cursor, query.limit);
    const rows = await this.audit.list(
      {
        subjectType: query.subjectType,
        subjectId: query.subjectId,
        actorId: query.actorId,
        service: query.service,
      },
      { beforeId: position, limit: fetch },
    );
    return toPage('audit', rows, query.limit, (row) => row.id, toAuditEntryView);
  }
}
