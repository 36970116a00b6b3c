import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  DISPOSITION_ACTIONS,
  MAX_DISPOSITION_RULES,
  MAX_ESCALATION_STEPS,
  MAX_ESCALATION_WINDOW_HOURS,
  MAX_WHY_LENGTH,
  type DispositionAction,
} from '#domain';
import { PlainLine } from '#contracts';

export class DispositionRuleDto {
  @ApiProperty({ example: 'XID-79', description: 'A failure code, or a prefix ending in `*` (`XID-*`)' })
  @IsString({ message: 'pattern must be text' })
  pattern: string;

  @ApiProperty({
    enum: DISPOSITION_ACTIONS,
    isArray: true,
    example: ['reseat', 'replace_part'],
    description: 'The action on the 1st, 2nd, … occurrence of the code on the same part within the window',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ESCALATION_STEPS)
  @IsIn(DISPOSITION_ACTIONS, {
    each: true,
    message: `actions must each be one of: ${DISPOSITION_ACTIONS.join(', ')}`,
  })
  actions: DispositionAction[];

  @ApiProperty({
    example: 168,
    description: `Hours a repeat counts within; at most ${MAX_ESCALATION_WINDOW_HOURS}`,
  })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.01)
  @Max(MAX_ESCALATION_WINDOW_HOURS)
  windowHours: number;

  @ApiProperty({
    example: 'Xid 79: reseat, then replace',
    description: 'Why, for the people reading a disposition',
  })
  @IsString({ message: 'why must be text' })
  @Length(1, MAX_WHY_LENGTH)
  @PlainLine()
  why: string;
}

/** `PUT /v1/disposition-table`: the whole table, saved as the next version. */
export class PutDispositionTableDto {
  @ApiProperty({ type: [DispositionRuleDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_DISPOSITION_RULES)
  @ValidateNested({ each: true })
  @Type(() => DispositionRuleDto)
  rules: DispositionRuleDto[];

  @ApiPropertyOptional({ example: 'XID-79 reseats twice before replacing (supplier agreement 2026-12)' })
  @IsOptional()
  @IsString({ message: 'note must be text' })
  @Length(1, 500)
  @PlainLine()
  note?: string;
}

export class DispositionVersionParamsDto {
  @ApiProperty({ example: 3, description: '0 is the table the project ships' })
  @Type(() => Number)
  @IsInt({ message: 'version must be a whole number' })
  @Min(0)
  @Max(1_000_000)
  version: number;
}
