import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';

export class ListSitesDto {
  @ApiPropertyOptional({ default: false, description: 'Include archived sites' })
  @IsOptional()
  // A query string is text: only the words true and false are booleans, anything else stays text and is refused.
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'includeArchived must be true or false' })
  includeArchived: boolean = false;
}
