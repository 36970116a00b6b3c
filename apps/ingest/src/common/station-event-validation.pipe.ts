import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import {
  acceptWellFormedStationEvent,
  STATION_EVENT_LIMITS,
  StationEventBatchDto,
  StationEventDto,
} from '#contracts';

/**
 * Nest's ValidationPipe, with the contract's fast path in front for station events: a well-formed event
 * (nearly all of them) skips class-validator's metadata walk; anything else goes through the full pipe,
 * which produces the 400 naming every failing field.
 */
export class StationEventValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body') {
      if (metadata.metatype === StationEventDto) {
        const event = acceptWellFormedStationEvent(value);
        if (event) return event;
      } else if (metadata.metatype === StationEventBatchDto) {
        const batch = acceptWellFormedBatch(value);
        if (batch) return batch;
      }
    }
    return super.transform(value, metadata);
  }
}

function acceptWellFormedBatch(value: unknown): StationEventBatchDto | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const keys = Object.keys(value);
  if (keys.length !== 1 || keys[0] !== 'events') return null;
  const { events } = value as { events: unknown };
  if (!Array.isArray(events) || events.length === 0 || events.length > STATION_EVENT_LIMITS.maxBatchEvents)
    return null;
  // One doubtful event sends the whole batch to the full validator. (The fast path only lower-cases the
  // ids of those it accepted, which the full validator does too.)
  for (const event of events) if (acceptWellFormedStationEvent(event) === null) return null;
  return { events: events as StationEventDto[] };
}
