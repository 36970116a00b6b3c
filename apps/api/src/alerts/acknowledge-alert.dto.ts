import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/** Who took an andon alert: a person's name as the floor knows them, and an optional note. */
export class AcknowledgeAlertDto {
  @ApiProperty({
    example: 'Dana Ruiz',
    minLength: 1,
    maxLength: 80,
    description: "The person's name, one line",
  })
  @IsString({ message: 'by must be a name' })
  // One line of visible text: no control characters, not blank.
  @Matches(/^(?=.*\S)[^\p{Cc}]{1,80}$/u, { message: 'by must be a name of 1-80 characters on one line' })
  by: string;

  @ApiPropertyOptional({ example: 'Line 2 restarted, watching', maxLength: 200 })
  @IsOptional()
  @IsString({ message: 'note must be text' })
  @MaxLength(200, { message: 'note must be at most 200 characters' })
  note?: string;
}
