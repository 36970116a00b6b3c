import { ApiProperty } from '@nestjs/swagger';
import type { SupplierRecord } from '#persistence';
import { ApiDateTime } from '../common/date-time.view.js';

export class SupplierView {
  @ApiProperty({ example: 'sup-tw-02' })
  id: string;

  @ApiProperty({ example: 'Hsinchu Silicon Co.' })
  name: string;

  @ApiProperty({ example: 'TW', description: 'ISO 3166-1 alpha-2' })
  country: string;

  @ApiDateTime()
  updatedAt: string;
}

export class SupplierList {
  @ApiProperty({ type: [SupplierView] })
  items: SupplierView[];
}

export function toSupplierView(supplier: SupplierRecord): SupplierView {
  return {
    id: supplier.supplierId,
    name: supplier.name,
    country: supplier.country,
    updatedAt: supplier.updatedAt.toISOString(),
  };
}
