import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsISO31661Alpha2, IsString, Length } from 'class-validator';
import { Identifier } from '../common/identifier.js';

/** A supplier id as install events carry it in `supplierId`. */
export class SupplierIdParamsDto {
  @Identifier({ example: 'sup-tw-02' })
  id: string;
}

export class PutSupplierDto {
  @ApiProperty({ example: 'Hsinchu Silicon Co.' })
  @IsString()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @Length(1, 200)
  name: string;

  @ApiProperty({ example: 'TW', description: 'ISO 3166-1 alpha-2 (stored upper case)' })
  @IsString()
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code such as US, TW, MX' })
  country: string;
}
