import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '#persistence';
import { readPage, type Page } from '../common/pagination/keyset-page.js';
import type { ListRejectionsDto } from './list-rejections.dto.js';
import { toRejectionView, type RejectionView } from './rejection.view.js';

/** Refused events, newest first. */
@Injectable()
export class RejectionQuery {
  constructor(private readonly uow: UnitOfWork) {}

  list(query: ListRejectionsDto): Promise<Page<RejectionView>> {
    const filter = { reason: query.reason, rackSerial: query.rackSerial, stationId: query.stationId };
    const read = (beforeId: string | null, limit: number) =>
      this.uow.pool.rejectionReads.list(filter, { beforeId, limit });
    return readPage('rejections', query, read, (rejection) => rejection.id, toRejectionView);
  }
}
