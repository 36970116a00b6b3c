import { ApiProperty } from '@nestjs/swagger';
import type { StoredBurnInCell } from '#persistence';
import { ApiDateTime } from '../common/date-time.view.js';

export class BurnInCellView {
  @ApiProperty({ example: 'fab-a' })
  siteId: string;

  @ApiProperty({ example: 'BI-A1' })
  cellId: string;

  @ApiProperty({ example: 48 })
  positions: number;

  @ApiProperty({ example: 132 })
  kwPerPosition: number;

  @ApiDateTime()
  updatedAt: string;
}

export class BurnInCellList {
  @ApiProperty({ type: [BurnInCellView] })
  items: BurnInCellView[];
}

export function toBurnInCellView({ cell, updatedAt }: StoredBurnInCell): BurnInCellView {
  return {
    siteId: cell.siteId,
    cellId: cell.cellId,
    positions: cell.positions,
    kwPerPosition: cell.kwPerPosition,
    updatedAt: updatedAt.toISOString(),
  };
}
