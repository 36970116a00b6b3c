import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsNumber, Max, Min } from 'class-validator';
import { STATION_EVENT_LIMITS } from '#contracts';

// Above this a "kW per position" is a unit mistake (W typed as kW), not a rack.
export const MAX_KW_PER_POSITION = 2000;

/** `PUT /v1/sites/{site}/burn-in-cells/{cell}` body. */
export class PutBurnInCellDto {
  @ApiProperty({ example: 48, minimum: 1, maximum: STATION_EVENT_LIMITS.maxPosition })
  @IsInt({ message: 'positions must be a whole number' })
  @Min(1, { message: 'positions must be at least 1' })
  @Max(STATION_EVENT_LIMITS.maxPosition, {
    message: `positions must be at most ${STATION_EVENT_LIMITS.maxPosition}`,
  })
  positions: number;

  @ApiProperty({
    example: 132,
    description: 'What one running position draws, in kW',
    maximum: MAX_KW_PER_POSITION,
  })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'kwPerPosition must be a number' })
  @Min(0, { message: 'kwPerPosition must be at least 0' })
  @Max(MAX_KW_PER_POSITION, { message: `kwPerPosition must be at most ${MAX_KW_PER_POSITION}` })
  kwPerPosition: number;
}
