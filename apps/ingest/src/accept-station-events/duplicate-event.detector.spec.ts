import { describe, expect, it } from '@jest/globals';
import type { StationEventLookupRepository } from '#persistence';
import type { IngestConfig } from '../ingest.config.js';
import { DuplicateEventDetector } from './duplicate-event.detector.js';

const A = '0193d5b0-6f1e-7c2a-9a51-1f0c2b7e9d10';
const B = '0193d5b0-6f1e-7c2a-9a51-1f0c2b7e9d11';

/** Stands in for recorded_station_event: the events the tracker recorded, and every query asked. */
class RecordedEvents {
  readonly rows = new Map<string, string>();
  readonly queries: string[][] = [];
  failing = false;

  async findContentHashes(eventIds: readonly string[]): Promise<Map<string, string>> {
    this.queries.push([...eventIds]);
    if (this.failing) throw new Error('connection refused');
    return new Map([...this.rows].filter(([id]) => eventIds.includes(id)));
  }
}

function setUp(cacheSize = 100) {
  const recorded = new RecordedEvents();
  const sut = new DuplicateEventDetector(
    recorded as unknown as StationEventLookupRepository,
    {
      RECENT_EVENT_CACHE_SIZE: cacheSize,
    } as IngestConfig,
  );
  return { sut, recorded };
}

describe('DuplicateEventDetector', () => {
  it('calls unknown events new, with one query for all of them', async () => {
    const { sut, recorded } = setUp();
    expect(
      await sut.classify([
        { eventId: A, contentHash: 'h1' },
        { eventId: B, contentHash: 'h2' },
      ]),
    ).toEqual(['new', 'new']);
    expect(recorded.queries).toEqual([[A, B]]);
  });

  it('answers a remembered identical event from memory, without a query', async () => {
    const { sut, recorded } = setUp();
    sut.remember([{ eventId: A, contentHash: 'h1' }]);
    expect(await sut.classify([{ eventId: A.toUpperCase(), contentHash: 'h1' }])).toEqual(['duplicate']);
    expect(recorded.queries).toEqual([]);
  });

  it('finds events the tracker recorded', async () => {
    const { sut, recorded } = setUp();
    recorded.rows.set(A, 'h1');
    expect(await sut.classify([{ eventId: A, contentHash: 'h1' }])).toEqual(['duplicate']);
    expect(await sut.classify([{ eventId: A, contentHash: 'other' }])).toEqual(['reused_id']);
  });

  it('calls a remembered id with different content a reuse, even before the tracker recorded it', async () => {
    const { sut } = setUp();
    sut.remember([{ eventId: A, contentHash: 'h1' }]);
    expect(await sut.classify([{ eventId: A, contentHash: 'h2' }])).toEqual(['reused_id']);
  });

  it('trusts the recorded content over its memory when they differ (another instance won the race)', async () => {
    const { sut, recorded } = setUp();
    sut.remember([{ eventId: A, contentHash: 'h1' }]);
    recorded.rows.set(A, 'h2');
    expect(await sut.classify([{ eventId: A, contentHash: 'h2' }])).toEqual(['duplicate']);
  });

  it('deduplicates within one request', async () => {
    const { sut } = setUp();
    const verdicts = await sut.classify([
      { eventId: A, contentHash: 'h1' },
      { eventId: A, contentHash: 'h1' },
      { eventId: A, contentHash: 'h9' },
    ]);
    expect(verdicts).toEqual(['new', 'duplicate', 'reused_id']);
  });

  it('lets events through when PostgreSQL cannot be asked (the tracker deduplicates anyway)', async () => {
    const { sut, recorded } = setUp();
    recorded.failing = true;
    expect(await sut.classify([{ eventId: A, contentHash: 'h1' }])).toEqual(['new']);
  });

  it('forgets the oldest ids beyond its bound and asks PostgreSQL again', async () => {
    const { sut, recorded } = setUp(1);
    sut.remember([
      { eventId: A, contentHash: 'h1' },
      { eventId: B, contentHash: 'h2' },
    ]);
    expect(
      await sut.classify([
        { eventId: A, contentHash: 'h1' },
        { eventId: B, contentHash: 'h2' },
      ]),
    ).toEqual(['new', 'duplicate']);
    expect(recorded.queries).toEqual([[A]]);
  });
});
