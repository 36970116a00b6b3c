import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  encodeStationEventMessage,
  STATION_EVENT_SCHEMA_VERSION,
  stationEventContentHash,
  type StationEventDto,
  type StationStamp,
} from '#contracts';
import { staleEventDetail } from '#domain';
import { currentCorrelationId, type HttpErrorDetail } from '#platform';
import { Clock } from '#platform';
import { IngestError } from '../common/ingest.error.js';
import { IngestMetrics } from '../common/ingest.metrics.js';
import { IngestConfig } from '../ingest.config.js';
import { DuplicateEventDetector, type EventNovelty } from './duplicate-event.detector.js';
import { refuseUnauthorisedEvent } from './station-event.authorization.js';
import { StationEventPublisher } from './station-event.publisher.js';

export interface AcceptStationEventsCommand {
  station: StationStamp;
  /** Already validated against the contract. */
  events: readonly StationEventDto[];
  /** Posted as a batch: error paths are then `events.<index>.<field>`. */
  batch: boolean;
}

const DAY_MS = 86_400_000;

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
    @Inject(IngestConfig) config: IngestConfig,
  ) {
    this.maxEventAgeMs = config.MAX_EVENT_AGE_DAYS * DAY_MS;
  }

  private readonly maxEventAgeMs: number;

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
    // One receipt time for the age check and the message, so ingest refuses exactly what the tracker would.
    const receivedAt = this.clock.now();
    this.refuseStaleEvents(command, novelty, receivedAt);
    const toProduce = events.flatMap((event, index) =>
      novelty[index] === 'duplicate' ? [] : [{ event, contentHash: hashed[index].contentHash }],
    );
    if (toProduce.length > 0) {
      // The HTTP layer always sets one; the fallback keeps a use case called from elsewhere traceable.
      const correlationId = currentCorrelationId() ?? randomUUID();
      await this.publisher.publish(
        toProduce.map(({ event, contentHash }) =>
          encodeStationEventMessage(
            {
              schemaVersion: STATION_EVENT_SCHEMA_VERSION,
              event,
              station,
              receivedAt: receivedAt.toISOString(),
              contentHash,
            },
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

  /**
   * The tracker's stale_event rule, applied here so the terminal hears it at once instead of finding it in the
   * rejections. A re-post of an event already taken is still answered `duplicate`, whatever its age: the
   * tracker too sees it as a duplicate before it looks at its age.
   */
  private refuseStaleEvents(
    command: AcceptStationEventsCommand,
    novelty: readonly EventNovelty[],
    receivedAt: Date,
  ): void {
    const refusals: HttpErrorDetail[] = [];
    command.events.forEach((event, index) => {
      if (novelty[index] === 'duplicate') return;
      const stale = staleEventDetail(new Date(event.occurredAt), receivedAt, this.maxEventAgeMs);
      if (stale !== undefined)
        refusals.push({ path: command.batch ? `events.${index}.occurredAt` : 'occurredAt', reason: stale });
    });
    if (refusals.length > 0) {
      throw new IngestError(
        'stale_event',
        refusals.length === 1
          ? 'the event is older than this line accepts'
          : `${refusals.length} events are older than this line accepts`,
        refusals,
      );
    }
  }
}
