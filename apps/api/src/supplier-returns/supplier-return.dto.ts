import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { PlainLine } from '#contracts';
import { SUPPLIER_RETURN_STATUSES, type SupplierReturnStatus } from '#persistence';
import { OptionalIdentifier } from '../common/identifier.js';
import { CountParameter } from '../common/pagination/page-limit.decorator.js';

export const MAX_RETURNS_PAGE = 1000;
const CASE_ID = /^[1-9][0-9]{0,17}$/;
const CASE_ID_MESSAGE = '$property must be a case id (a whole number)';

/** `GET /v1/rma`: newest first; CSV with `Accept: text/csv`. */
export class ListSupplierReturnsDto {
  @OptionalIdentifier({ description: 'Only cases of this supplier' })
  supplierId?: string;

  @ApiPropertyOptional({ enum: SUPPLIER_RETURN_STATUSES })
  @IsOptional()
  @IsIn(SUPPLIER_RETURN_STATUSES, {
    message: `status must be one of: ${SUPPLIER_RETURN_STATUSES.join(', ')}`,
  })
  status?: SupplierReturnStatus;

  @OptionalIdentifier({ description: 'Only cases opened at this site' })
  site?: string;

  @ApiPropertyOptional({ description: 'Cases older than this case id (the `next` of the previous page)' })
  @IsOptional()
  @Matches(CASE_ID, { message: CASE_ID_MESSAGE })
  before?: string;

  @CountParameter(MAX_RETURNS_PAGE, {
    default: 100,
    description: 'Cases per page (CSV: every case, in pages)',
  })
  limit: number = 100;
}

export class SupplierReturnParamsDto {
  @ApiProperty({ example: '42' })
  @Matches(CASE_ID, { message: CASE_ID_MESSAGE })
  id: string;
}

export const RETURN_OUTCOMES = ['confirmed', 'no_fault_found'] as const;

/** `POST /v1/rma/{id}/close`. */
export class CloseSupplierReturnDto {
  @ApiProperty({ enum: RETURN_OUTCOMES, description: "The supplier's finding: the part was faulty, or not" })
  @IsIn(RETURN_OUTCOMES, { message: `outcome must be one of: ${RETURN_OUTCOMES.join(', ')}` })
  outcome: (typeof RETURN_OUTCOMES)[number];

  @ApiPropertyOptional({ example: 'Supplier 8D report 2026-118: cracked BGA joint' })
  @IsOptional()
  @IsString({ message: 'note must be text' })
  @Length(1, 500, { message: 'note must be 1-500 characters' })
  @PlainLine()
  note?: string;
}
