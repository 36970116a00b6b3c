import { Expose, Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, ValidateNested } from 'class-validator';
import { STATION_EVENT_LIMITS, StationEventDto, type ComponentDto } from '#contracts';
import type { StationEventType } from '#domain';

const COMPONENT_EVENT_TYPES: readonly StationEventType[] = ['component_installed', 'component_removed'];

/**
 * The shared contract as ingest validates it. `StationEventDto.components` is `@IsOptional()`, and
 * class-validator skips every rule of an absent optional property, so the contract's "components are
 * required for component_installed" rule never fires when the field is left out altogether. Here a missing
 * `components` on a component event becomes `[]` before validation, which the contract's own rules refuse
 * (at least 1 element; required for this type). It never reaches Kafka: an empty list cannot pass.
 * Drop this class once libs/contracts enforces the rule for a missing field itself.
 */
export class PostedStationEventDto extends StationEventDto {
  @Expose()
  @Transform(({ value, obj }: { value: unknown; obj: { type?: unknown } }) =>
    value === undefined && (COMPONENT_EVENT_TYPES as readonly unknown[]).includes(obj.type) ? [] : value,
  )
  override components?: ComponentDto[] = undefined;
}

/** Same bounds as `StationEventBatchDto`, holding the class above. */
export class PostedStationEventBatchDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(STATION_EVENT_LIMITS.maxBatchEvents)
  @ValidateNested({ each: true })
  @Type(() => PostedStationEventDto)
  events: PostedStationEventDto[];
}
