import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ALERT_SEVERITIES, type AlertSeverity } from '#domain';

const MAX_MINUTES = 7 * 24 * 60;

/** A rule's section of the body: optional, and validated as its own DTO when present. */
function OptionalRule(dto: () => new () => object): PropertyDecorator {
  // In the order stacked decorators register (bottom first), so validation reads as it did.
  return applyDecorators(Type(dto), ValidateNested(), IsOptional());
}

/** Fields every rule has; each is optional, and what is left out follows the defaults. */
export class RuleThresholdsDto {
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @IsOptional()
  @IsIn(ALERT_SEVERITIES, { message: `severity must be one of: ${ALERT_SEVERITIES.join(', ')}` })
  severity?: AlertSeverity;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  tolerance?: number;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  hysteresis?: number;

  /** null: never escalates. */
  @ValidateIf((_object, value) => value !== undefined && value !== null)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  escalateAbove?: number | null;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_MINUTES)
  graceMinutes?: number;

  /** 0: no reminders. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_MINUTES)
  cooldownMinutes?: number;
}

export class BehindPlanRuleDto extends RuleThresholdsDto {
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  minimumDeficit?: number;
}

export class ProjectedMissRuleDto extends RuleThresholdsDto {
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(168)
  minimumElapsedHours?: number;
}

export class StageStarvationRuleDto extends RuleThresholdsDto {}

export class StuckRackRuleDto extends RuleThresholdsDto {
  /** Hours per stage, e.g. `{ "burn_in": 24 }`; replaces the default map whole. */
  @IsOptional()
  @IsObject()
  limitsHours?: Record<string, number>;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.1)
  @Max(8760)
  defaultLimitHours?: number;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.1)
  @Max(8760)
  onHoldLimitHours?: number;

  @IsOptional()
  @IsIn(['production', 'wall'], { message: 'clock must be one of: production, wall' })
  clock?: 'production' | 'wall';

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(500)
  maxAlerts?: number;
}

export class YieldDropRuleDto extends RuleThresholdsDto {
  /** First-pass yield floors per stage, 0-1, e.g. `{ "burn_in": 0.85 }`; replaces the default map whole. */
  @IsOptional()
  @IsObject()
  floors?: Record<string, number>;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(24 * 30)
  windowHours?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  minimumSample?: number;
}

export class BurnInCapacityRuleDto extends RuleThresholdsDto {}

export class IdlePositionsRuleDto extends RuleThresholdsDto {
  /** How long the oldest rack may wait for burn-in while a position stands free. */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.1)
  @Max(168)
  maxWaitHours?: number;
}

export class DwellOverrunRuleDto extends RuleThresholdsDto {
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(500)
  maxAlerts?: number;
}

export class LotEscapeRuleDto extends RuleThresholdsDto {
  /** A lot is judged once this many of its parts were installed at the site in the window. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  minInstalls?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  minFailures?: number;

  /** How many times its part number's failure rate a lot may reach. */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(1)
  @Max(1000)
  factor?: number;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1000)
  baselineFloorPerThousand?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(400)
  windowDays?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(500)
  maxAlerts?: number;
}

/**
 * `PUT /v1/sites/:siteId/rules`: the site's overrides, replacing the previous ones. Units: behind plan is a
 * fraction of expected-by-now, projected miss a fraction of the week target, starvation a fraction of
 * the planned rate, stuck rack a fraction over the stage limit, yield drop points (0-1) below the floor,
 * burn-in capacity a fraction of the positions needed, idle positions a fraction over maxWaitHours, dwell
 * overrun a fraction over the stage's maxHours, lot escape a fraction over factor × the part number's baseline.
 */
export class PutSiteRulesDto {
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(168)
  runRateWindowHours?: number;

  @OptionalRule(() => BehindPlanRuleDto)
  behindPlan?: BehindPlanRuleDto;

  @OptionalRule(() => ProjectedMissRuleDto)
  projectedMiss?: ProjectedMissRuleDto;

  @OptionalRule(() => StageStarvationRuleDto)
  stageStarvation?: StageStarvationRuleDto;

  @OptionalRule(() => StuckRackRuleDto)
  stuckRack?: StuckRackRuleDto;

  @OptionalRule(() => YieldDropRuleDto)
  yieldDrop?: YieldDropRuleDto;

  @OptionalRule(() => BurnInCapacityRuleDto)
  burnInCapacity?: BurnInCapacityRuleDto;

  @OptionalRule(() => IdlePositionsRuleDto)
  idlePositions?: IdlePositionsRuleDto;

  @OptionalRule(() => DwellOverrunRuleDto)
  dwellOverrun?: DwellOverrunRuleDto;

  @OptionalRule(() => LotEscapeRuleDto)
  lotEscape?: LotEscapeRuleDto;
}
