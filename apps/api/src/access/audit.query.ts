import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '#persistence';
import { readPage, type Page } from '../common/pagination/keyset-page.js';
import { toAuditEntryView, type AuditEntryView } from './audit-entry.view.js';
import type { ListAuditDto } from './list-audit.dto.js';

/** The configuration audit log of every service (api, ingest, alerts), newest first. */
@Injectable()
export class AuditQuery {
  constructor(private readonly uow: UnitOfWork) {}

  list(query: ListAuditDto): Promise<Page<AuditEntryView>> {
    // The filters are the query's own fields (the validation pipe lets no other through).
    const { cursor: _cursor, limit: _limit, ...filter } = query;
    const read = (beforeId: string | null, limit: number) =>
      this.uow.pool.audit.list(filter, { beforeId, limit });
    return readPage('audit', query, read, (entry) => entry.id, toAuditEntryView);
  }
}
