import { Injectable } from '@nestjs/common';
import { RejectionReadRepository } from '#persistence';
import type { ListRejectionsQueryDto } from '../dtos/list-rejections.query.dto.js';
import { pageRequest, toPage, type Page } from '../pagination/keyset-page.js';
import { toRejectionView, type RejectionView } from '../views/rejection.view.js';

@Injectable()
export class RejectionQueryService {
  constructor(private readonly rejections: RejectionReadRepository) {}

  async listRejections(query: ListRejectionsQueryDto): Promise<Page<RejectionView>> {
    const { position, fetch } = pageRequest('rejections', query.cursor, query.limit);
    const rows = await this.rejections.list(
      { reason: query.reason, rackSerial: query.rackSerial, stationId: query.stationId },
      { beforeId: position, limit: fetch },
    );
    return toPage('rejections', rows, query.limit, (rejection) => rejection.id, toRejectionView);
  }
}
