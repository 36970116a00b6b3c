import { ApiProperty } from '@nestjs/swagger';
import { SUPPLIER_RETURN_STATUSES, type StoredSupplierReturn, type SupplierReturnStatus } from '#persistence';
import { ApiDateTime, ApiDateTimeOrNull } from '../common/date-time.view.js';

export class ReturnMeasurementView {
  @ApiProperty()
  name: string;
  @ApiProperty()
  value: number;
  @ApiProperty()
  unit: string;
  @ApiProperty({ type: Number, nullable: true })
  low: number | null;
  @ApiProperty({ type: Number, nullable: true })
  high: number | null;
  @ApiProperty()
  passed: boolean;
}

/** A supplier return (RMA) case. */
export class SupplierReturnView {
  @ApiProperty({ example: '42' })
  id: string;
  @ApiProperty({ enum: SUPPLIER_RETURN_STATUSES })
  status: SupplierReturnStatus;
  @ApiProperty()
  supplierId: string;
  @ApiProperty({ type: String, nullable: true })
  supplierName: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'ISO 3166-1 alpha-2, as registered' })
  supplierCountry: string | null;
  @ApiProperty()
  partNumber: string;
  @ApiProperty()
  kind: string;
  @ApiProperty()
  componentSerial: string;
  @ApiProperty()
  lot: string;
  @ApiProperty({ type: [String], description: 'The failure codes that condemned the part' })
  codes: string[];
  @ApiProperty()
  rackSerial: string;
  @ApiProperty()
  siteId: string;
  @ApiProperty({ format: 'uuid', description: 'The failed event whose disposition was replace_part' })
  failureEventId: string;
  @ApiProperty({ format: 'uuid', description: 'The rework removal that took the part out' })
  removalEventId: string;
  @ApiDateTime()
  openedAt: string;
  @ApiDateTimeOrNull()
  closedAt: string | null;
  @ApiProperty({ type: String, nullable: true })
  closedBy: string | null;
  @ApiProperty({ type: String, nullable: true })
  note: string | null;
  @ApiProperty({ type: [ReturnMeasurementView], description: 'Measurements of the failed test' })
  measurements: ReturnMeasurementView[];
}

export class SupplierReturnPage {
  @ApiProperty({ type: [SupplierReturnView] })
  items: SupplierReturnView[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `before` for the next page; null at the end',
  })
  next: string | null;
}

export function toSupplierReturnView(stored: StoredSupplierReturn): SupplierReturnView {
  return {
    ...stored,
    codes: [...stored.codes],
    openedAt: stored.openedAt.toISOString(),
    closedAt: stored.closedAt === null ? null : stored.closedAt.toISOString(),
    measurements: stored.measurements,
  };
}

export const SUPPLIER_RETURN_CSV_COLUMNS = [
  'id',
  'status',
  'supplierId',
  'supplierName',
  'supplierCountry',
  'partNumber',
  'kind',
  'componentSerial',
  'lot',
  'codes',
  'rackSerial',
  'siteId',
  'failureEventId',
  'removalEventId',
  'openedAt',
  'closedAt',
  'closedBy',
  'note',
  'measurements',
] as const;

/** One CSV row: lists joined with `;`, measurements as `name=value unit`. */
export function toSupplierReturnCsvRow(view: SupplierReturnView): string[] {
  return SUPPLIER_RETURN_CSV_COLUMNS.map((column) => {
    if (column === 'codes') return view.codes.join(';');
    if (column === 'measurements')
      return view.measurements
        .map((m) => `${m.name}=${m.value} ${m.unit}${m.passed ? '' : ' (out of limits)'}`)
        .join(';');
    const value = view[column];
    return value === null ? '' : String(value);
  });
}
