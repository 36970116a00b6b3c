import { ApiProperty } from '@nestjs/swagger';
import { REJECTION_REASONS } from '#domain';
import type { RecordedRejection } from '#persistence';
import { ApiDateTime } from '../common/date-time.view.js';

export class RackRejectionView {
  @ApiProperty({ description: 'bigint as a string' })
  id: string;

  @ApiProperty({ type: String, nullable: true })
  eventId: string | null;

  @ApiProperty({ enum: REJECTION_REASONS })
  reason: string;

  @ApiProperty()
  detail: string;

  @ApiProperty({ type: String, nullable: true })
  stationId: string | null;

  @ApiDateTime()
  recordedAt: string;

  /** The refused event as posted, so it can be corrected and re-posted. */
  @ApiProperty({
    description: 'The refused event as posted (the whole consumed message when it was malformed)',
    type: 'object',
    additionalProperties: true,
  })
  event: unknown;

  /**
   * The consumed bytes, base64, for a message that could not be stored as JSON (reason `unstorable`: a lone
   * UTF-16 surrogate, bytes that are not UTF-8): kept exactly, so nothing a station sent is lost.
   */
  @ApiProperty({ type: String, nullable: true, format: 'byte' })
  rawBase64: string | null;
}

export class RejectionView extends RackRejectionView {
  @ApiProperty({ type: String, nullable: true })
  rackSerial: string | null;
}

/**
 * The tracker stores the consumed message; when it is the station-events envelope, the event the terminal
 * posted is its `event`. Anything else (a malformed message) is shown whole, since that is all there is.
 */
export function refusedEventOf(payload: unknown): unknown {
  if (payload !== null && typeof payload === 'object' && !Array.isArray(payload) && 'event' in payload) {
    const event = (payload as { event: unknown }).event;
    if (event !== null && typeof event === 'object' && !Array.isArray(event)) return event;
  }
  return payload;
}

export function toRackRejectionView(rejection: RecordedRejection): RackRejectionView {
  const { rackSerial: _rackSerial, ...view } = toRejectionView(rejection);
  return view;
}

export function toRejectionView(rejection: RecordedRejection): RejectionView {
  return {
    id: rejection.id,
    eventId: rejection.eventId,
    rackSerial: rejection.rackSerial,
    reason: rejection.reason,
    detail: rejection.detail,
    stationId: rejection.stationId,
    recordedAt: rejection.recordedAt.toISOString(),
    event: refusedEventOf(rejection.payload),
    rawBase64: rejection.raw ? rejection.raw.toString('base64') : null,
  };
}
