import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  DEFAULT_WEEKLY_TARGET,
  MAX_HOLIDAYS,
  MAX_SHIFTS_PER_DAY,
  MAX_WEEKLY_TARGET,
  WEEKDAYS,
  type Weekday,
} from '#domain';

export class ShiftWindowDto {
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'start must be a local time HH:MM from 00:00 to 23:59' })
  start: string;

  @Matches(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, {
    message: 'end must be a local time HH:MM from 00:01 to 24:00',
  })
  end: string;
}

function Shifts() {
  return (target: object, property: string) => {
    IsOptional()(target, property);
    IsArray()(target, property);
    ArrayMaxSize(MAX_SHIFTS_PER_DAY)(target, property);
    ValidateNested({ each: true })(target, property);
    Type(() => ShiftWindowDto)(target, property);
  };
}

/** Production windows per weekday; an end at or before the start runs past midnight (a night shift). */
export class WeeklyShiftsDto {
  @Shifts() monday?: ShiftWindowDto[];
  @Shifts() tuesday?: ShiftWindowDto[];
  @Shifts() wednesday?: ShiftWindowDto[];
  @Shifts() thursday?: ShiftWindowDto[];
  @Shifts() friday?: ShiftWindowDto[];
  @Shifts() saturday?: ShiftWindowDto[];
  @Shifts() sunday?: ShiftWindowDto[];
}

/**
 * `PUT /v1/sites/:siteId/target`: the whole configuration (what is left out takes its default), so the
 * answer always shows exactly what is in force.
 */
export class PutSiteTargetDto {
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_WEEKLY_TARGET)
  weeklyTarget: number = DEFAULT_WEEKLY_TARGET;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  timeZone: string = 'UTC';

  @IsOptional()
  @IsIn(WEEKDAYS, { message: `weekStartsOn must be one of: ${WEEKDAYS.join(', ')}` })
  weekStartsOn: Weekday = 'monday';

  /** Absent: every hour of the week is a production hour. */
  @IsOptional()
  @ValidateNested()
  @Type(() => WeeklyShiftsDto)
  shifts?: WeeklyShiftsDto;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_HOLIDAYS)
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { each: true, message: 'each holiday must be a date YYYY-MM-DD' })
  holidays: string[] = [];
}
