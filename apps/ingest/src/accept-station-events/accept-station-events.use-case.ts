import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  encodeStationEventMessage,
  STATION_EVENT_SCHEMA_VERSION,
  stationEventContentHash,
  type StationEventDto,
  type StationStamp,
} from '#contracts';
import { currentCorrelationId, type HttpErrorDetail } from '#platform';
import { Clock } from '../common/clock.js';
import { IngestError } from '../common/ingest.error.js';
import { IngestMetrics } from '../common/ingest.metrics.js';
import { DuplicateEventDetector } from './duplicate-event.detector.js';
import { refuseUnauthorisedEvent } from './station-event.authorization.js';
import { StationEventPublisher } from './station-event.publisher.js';

export interface AcceptStationEventsCommand {
  station: StationStamp;
  /** Already validated against the contract. */
  events: readonly StationEventDto[];
  /** Posted as a batch: error paths are then `events.<index>.<field>`. */
  batch: boolean;
}

export interface EventReceipt {
  eventId: string;
  status: 'accepted' | 'duplicate';
}

/**
 * Authorises every event against the station that posted it, drops identical re-posts, and produces the rest
 * to `station-events` in one request, answering only after Kafka acknowledged them. One refused event means
 * none is produced. A failed produce (503) means the terminal retries the whole post; part of it may already
 * be in Kafka (a request spans partitions), which is safe because the tracker applies each event id once.
 */
@Injectable()
export class AcceptStationEventsUseCase {
  constructor(
    @Inject(StationEventPublisher) private readonly publisher: StationEventPublisher,
    @Inject(DuplicateEventDetector) private readonly duplicates: DuplicateEventDetector,
    @Inject(IngestMetrics) private readonly metrics: IngestMetrics,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async execute(command: AcceptStationEventsCommand): Promise<EventReceipt[]> {
    const { station, events } = command;
    const refusals: HttpErrorDetail[] = [];
    events.forEach((event, index) => {
      const refusal = refuseUnauthorisedEvent(station, event);
      if (refusal)
        refusals.push({
          path: command.batch ? `events.${index}.${refusal.field}` : refusal.field,
          reason: refusal.reason,
        });
    });
    if (refusals.length > 0) {
      throw new IngestError(
        'forbidden',
        `station ${station.stationId} may not post ${refusals.length === 1 ? 'this event' : 'these events'}`,
        refusals,
      );
    }

    const hashed = events.map((event) => ({
      eventId: event.eventId,
      contentHash: stationEventContentHash(event),
    }));
    const novelty = await this.duplicates.classify(hashed);
    const toProduce = events.filter((_, index) => novelty[index] !== 'duplicate');
    if (toProduce.length > 0) {
      const receivedAt = this.clock.now().toISOString();
      // The HTTP layer always sets one; the fallback keeps a use case called from elsewhere traceable.
      const correlationId = currentCorrelationId() ?? randomUUID();
      await this.publisher.publish(
        toProduce.map((event) =>
          encodeStationEventMessage(
            { schemaVersion: STATION_EVENT_SCHEMA_VERSION, event, station, receivedAt },
            correlationId,
          ),
        ),
      );
      this.duplicates.remember(hashed.filter((_, index) => novelty[index] === 'new'));
    }
    const receipts = events.map((event, index): EventReceipt => ({
      eventId: event.eventId,
      status: novelty[index] === 'duplicate' ? 'duplicate' : 'accepted',
    }));
    this.metrics.countEvents('accepted', toProduce.length);
    this.metrics.countEvents('duplicate', events.length - toProduce.length);
    return receipts;
  }
}
