import { Inject, Injectable, Logger } from '@nestjs/common';
import { StationEventLookupRepository } from '#persistence';
import { LruCache } from '../common/lru.cache.js';
import { IngestConfig } from '../ingest.config.js';

export type EventNovelty = 'new' | 'duplicate' | 'reused_id';

// Ids in one coalesced lookup: a few requests' worth, well inside one bind parameter and one index scan.
const MAX_IDS_PER_LOOKUP = 2000;

interface WaitingLookup {
  eventIds: string[];
  resolve: (recorded: Map<string, string>) => void;
}

export interface HashedEvent {
  eventId: string;
  contentHash: string;
}

/**
 * Tells an identical re-post of an already accepted event from a new one, cheaply: first a bounded memory
 * of what this instance produced, then (one query for the rest) what the tracker recorded. It only ever
 * answers "duplicate" for the same id with the same content; a reused id with different content is let
 * through, because the tracker's verdict on it (a `duplicate` rejection) is the authoritative one.
 */
@Injectable()
export class DuplicateEventDetector {
  private readonly logger = new Logger(DuplicateEventDetector.name);
  private readonly recent: LruCache<string, string>;
  /** Requests whose ids wait for the lookup in flight to return; they then share one query. */
  private readonly waiting: WaitingLookup[] = [];
  private lookupInFlight = false;

  constructor(
    @Inject(StationEventLookupRepository) private readonly lookup: StationEventLookupRepository,
    @Inject(IngestConfig) config: IngestConfig,
  ) {
    this.recent = new LruCache({ maxEntries: config.RECENT_EVENT_CACHE_SIZE });
  }

  /**
   * For each event: `duplicate` (same id and content already accepted, or earlier in this same request),
   * `reused_id` (the id is known with other content) or `new`.
   */
  async classify(events: readonly HashedEvent[]): Promise<EventNovelty[]> {
    const remembered = events.map((event) => this.recent.get(key(event.eventId)));
    const unsettled = new Set(
      events
        .filter((event, index) => remembered[index] !== event.contentHash)
        .map((event) => key(event.eventId)),
    );
    const recorded =
      unsettled.size > 0 ? await this.recordedHashes([...unsettled]) : new Map<string, string>();
    const firstInRequest = new Map<string, string>();
    return events.map((event, index): EventNovelty => {
      const id = key(event.eventId);
      const earlier = firstInRequest.get(id);
      if (earlier === undefined) firstInRequest.set(id, event.contentHash);
      if (remembered[index] === event.contentHash) return 'duplicate';
      const recordedHash = recorded.get(id);
      if (recordedHash !== undefined) return recordedHash === event.contentHash ? 'duplicate' : 'reused_id';
      if (remembered[index] !== undefined) return 'reused_id';
      if (earlier !== undefined) return earlier === event.contentHash ? 'duplicate' : 'reused_id';
      return 'new';
    });
  }

  /** After Kafka acknowledged them: later re-posts of these `new` events are answered from memory. */
  remember(events: readonly HashedEvent[]): void {
    for (const event of events) this.recent.set(key(event.eventId), event.contentHash);
  }

  /**
   * One query at a time, for every request that arrived while the previous one ran: when the line is quiet a
   * request is looked up at once, and under load the lookups coalesce instead of each taking a pooled
   * connection and a round trip of its own (which queued requests behind one another and kept PostgreSQL busy).
   */
  private recordedHashes(eventIds: string[]): Promise<Map<string, string>> {
    return new Promise((resolve) => {
      this.waiting.push({ eventIds, resolve });
      this.lookUpWaiting();
    });
  }

  private lookUpWaiting(): void {
    if (this.lookupInFlight || this.waiting.length === 0) return;
    const batch: WaitingLookup[] = [];
    const ids = new Set<string>();
    while (
      this.waiting.length > 0 &&
      (batch.length === 0 || ids.size + this.waiting[0].eventIds.length <= MAX_IDS_PER_LOOKUP)
    ) {
      const next = this.waiting.shift()!;
      batch.push(next);
      for (const id of next.eventIds) ids.add(id);
    }
    this.lookupInFlight = true;
    void this.queryRecordedHashes([...ids])
      .then((recorded) => {
        // Each request reads only its own ids from the shared answer.
        for (const waiting of batch) waiting.resolve(recorded);
      })
      .finally(() => {
        this.lookupInFlight = false;
        this.lookUpWaiting();
      });
  }

  private async queryRecordedHashes(eventIds: string[]): Promise<Map<string, string>> {
    try {
      return await this.lookup.findContentHashes(eventIds);
    } catch (error) {
      // The check only saves the tracker work; without PostgreSQL the events go to Kafka and the tracker,
      // which deduplicates authoritatively, records any duplicate. Better than refusing the line's events.
      this.logger.warn({
        msg: 'duplicate check skipped: cannot read the recorded events',
        error: String(error),
      });
      return new Map();
    }
  }
}

// Postgres returns uuids in lower case; terminals may send upper case.
function key(eventId: string): string {
  return eventId.toLowerCase();
}
