import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { plainToInstance } from 'class-transformer';
import { MESSAGE_HEADERS, StationEventDto, stationEventContentHash, type StationStamp } from '#contracts';
import type { OutgoingMessage } from '#messaging';
import type { StationEventLookupRepository } from '#persistence';
import { MetricsRegistry, withCorrelationId } from '#platform';
import { Clock } from '#platform';
import { IngestError } from '../common/ingest.error.js';
import { IngestMetrics } from '../common/ingest.metrics.js';
import type { IngestConfig } from '../ingest.config.js';
import { AcceptStationEventsUseCase } from './accept-station-events.use-case.js';
import { DuplicateEventDetector } from './duplicate-event.detector.js';
import type { StationEventPublisher } from './station-event.publisher.js';

const station: StationStamp = {
  stationId: 'BURNIN-07',
  stage: 'burn_in',
  role: 'station',
  siteId: 'site-1',
  lineId: 'line-2',
};
const NOW = new Date('2026-11-24T14:05:00.000Z');

function event(overrides: Partial<StationEventDto> = {}): StationEventDto {
  return plainToInstance(StationEventDto, {
    eventId: '0193d5b0-6f1e-7c2a-9a51-1f0c2b7e9d10',
    rackSerial: 'RK-2026-000123',
    stationId: 'BURNIN-07',
    stage: 'burn_in',
    type: 'started',
    occurredAt: '2026-11-24T14:03:11.512Z',
    ...overrides,
  });
}

class RecordingPublisher {
  readonly sent: OutgoingMessage[][] = [];
  failure: Error | null = null;
  async publish(messages: OutgoingMessage[]): Promise<void> {
    if (this.failure) throw this.failure;
    this.sent.push(messages);
  }
}

class PinnedClock extends Clock {
  now(): Date {
    return NOW;
  }
}

function setUp() {
  const publisher = new RecordingPublisher();
  const recorded = new Map<string, string>();
  const lookup = {
    findContentHashes: async (ids: readonly string[]) =>
      new Map([...recorded].filter(([id]) => ids.includes(id))),
  };
  const detector = new DuplicateEventDetector(
    lookup as unknown as StationEventLookupRepository,
    { RECENT_EVENT_CACHE_SIZE: 100 } as IngestConfig,
  );
  const registry = new MetricsRegistry('ingest-test');
  const sut = new AcceptStationEventsUseCase(
    publisher as unknown as StationEventPublisher,
    detector,
    new IngestMetrics(registry),
    new PinnedClock(),
    { MAX_EVENT_AGE_DAYS: 30 } as IngestConfig,
  );
  return { sut, publisher, recorded, registry };
}

async function counter(
  registry: MetricsRegistry,
  name: string,
  labels: Record<string, string>,
): Promise<number> {
  const metric = await registry.registry.getSingleMetric(name)?.get();
  return (
    metric?.values.find((value) =>
      Object.entries(labels).every(([key, wanted]) => value.labels[key] === wanted),
    )?.value ?? 0
  );
}

describe('AcceptStationEventsUseCase', () => {
  it('produces the event keyed by rack serial, stamped with the station as registered', async () => {
    const { sut, publisher } = setUp();
    const receipts = await withCorrelationId('corr-42', () =>
      sut.execute({ station, events: [event()], batch: false }),
    );
    expect(receipts).toEqual([{ eventId: '0193d5b0-6f1e-7c2a-9a51-1f0c2b7e9d10', status: 'accepted' }]);
    expect(publisher.sent).toHaveLength(1);
    const [message] = publisher.sent[0];
    expect(message.key).toBe('RK-2026-000123');
    expect(message.headers?.[MESSAGE_HEADERS.correlationId]).toBe('corr-42');
    const produced = JSON.parse(message.value) as { event: StationEventDto };
    expect(produced).toEqual({
      schemaVersion: 1,
      event: JSON.parse(JSON.stringify(event())),
      station,
      receivedAt: NOW.toISOString(),
      // The hash the tracker would compute from the event it reads, so it need not compute it again.
      contentHash: stationEventContentHash(produced.event),
    });
  });

  it('produces a batch as one request, in order', async () => {
    const { sut, publisher } = setUp();
    const events = ['started', 'failed', 'rework_started'].map((type, index) =>
      event({
        type: type as StationEventDto['type'],
        eventId: `0193d5b0-6f1e-7c2a-9a51-1f0c2b7e9d1${index}`,
      }),
    );
    await sut.execute({ station, events, batch: true });
    expect(publisher.sent).toHaveLength(1);
    expect(
      publisher.sent[0].map(
        (message) => (JSON.parse(message.value) as { event: { type: string } }).event.type,
      ),
    ).toEqual(['started', 'failed', 'rework_started']);
  });

  it('refuses the whole batch when one event is not the station’s to post, naming each', async () => {
    const { sut, publisher } = setUp();
    const attempt = sut.execute({
      station,
      events: [event(), event({ stage: 'qa' }), event({ stationId: 'BURNIN-08' })],
      batch: true,
    });
    await expect(attempt).rejects.toThrow(IngestError);
    await attempt.catch((error: IngestError) => {
      expect(error.code).toBe('forbidden');
      expect(error.details).toEqual([
        { path: 'events.1.stage', reason: 'station BURNIN-07 serves stage burn_in, not qa' },
        {
          path: 'events.2.stationId',
          reason: 'authenticated as station BURNIN-07, cannot post for station BURNIN-08',
        },
      ]);
    });
    expect(publisher.sent).toEqual([]);
  });

  it('answers an identical re-post as a duplicate without producing it again', async () => {
    const { sut, publisher, registry } = setUp();
    await sut.execute({ station, events: [event()], batch: false });
    const receipts = await sut.execute({ station, events: [event()], batch: false });
    expect(receipts).toEqual([{ eventId: '0193d5b0-6f1e-7c2a-9a51-1f0c2b7e9d10', status: 'duplicate' }]);
    expect(publisher.sent).toHaveLength(1);
    expect(await counter(registry, 'ingest_events_total', { status: 'accepted' })).toBe(1);
    expect(await counter(registry, 'ingest_events_total', { status: 'duplicate' })).toBe(1);
  });

  it('answers events the tracker already recorded as duplicates', async () => {
    const { sut, publisher, recorded } = setUp();
    recorded.set('0193d5b0-6f1e-7c2a-9a51-1f0c2b7e9d10', stationEventContentHash(event()));
    expect(await sut.execute({ station, events: [event()], batch: false })).toEqual([
      { eventId: '0193d5b0-6f1e-7c2a-9a51-1f0c2b7e9d10', status: 'duplicate' },
    ]);
    expect(publisher.sent).toEqual([]);
  });

  it('produces a reused id with different content, for the tracker to reject', async () => {
    const { sut, publisher } = setUp();
    await sut.execute({ station, events: [event()], batch: false });
    const receipts = await sut.execute({ station, events: [event({ type: 'failed' })], batch: false });
    expect(receipts[0].status).toBe('accepted');
    expect(publisher.sent).toHaveLength(2);
  });

  it('does not remember events Kafka did not acknowledge, so a retry produces them', async () => {
    const { sut, publisher } = setUp();
    publisher.failure = new IngestError('kafka_unavailable', 'Kafka is unavailable');
    await expect(sut.execute({ station, events: [event()], batch: false })).rejects.toThrow(
      'Kafka is unavailable',
    );
    publisher.failure = null;
    expect((await sut.execute({ station, events: [event()], batch: false }))[0].status).toBe('accepted');
    expect(publisher.sent).toHaveLength(1);
  });

  it('takes an event exactly as old as MAX_EVENT_AGE_DAYS allows', async () => {
    const { sut } = setUp();
    const receipts = await sut.execute({
      station,
      events: [event({ occurredAt: '2026-10-25T14:05:00.000Z' })],
      batch: false,
    });
    expect(receipts[0].status).toBe('accepted');
  });

  it('applies the tracker’s age rule at the door: a millisecond older is refused, naming occurredAt', async () => {
    const { sut, publisher } = setUp();
    const attempt = sut.execute({
      station,
      events: [event({ occurredAt: '2026-10-25T14:04:59.999Z' })],
      batch: false,
    });
    await expect(attempt).rejects.toMatchObject({
      code: 'stale_event',
      details: [
        {
          path: 'occurredAt',
          reason:
            'occurredAt 2026-10-25T14:04:59.999Z is 30.01 days before receipt at 2026-11-24T14:05:00.000Z; ' +
            'events at most 30 days old are accepted',
        },
      ],
    });
    expect(publisher.sent).toEqual([]);
  });

  it('refuses a whole batch with a stale event, naming it, and stamps the receipt it was judged by', async () => {
    const { sut, publisher } = setUp();
    const fresh = event();
    const stale = event({
      eventId: '0193d5b0-6f1e-7c2a-9a51-1f0c2b7e9d11',
      occurredAt: '2026-09-01T00:00:00Z',
    });
    await expect(sut.execute({ station, events: [fresh, stale], batch: true })).rejects.toMatchObject({
      code: 'stale_event',
      details: [{ path: 'events.1.occurredAt', reason: expect.stringContaining('at most 30 days') }],
    });
    expect(publisher.sent).toEqual([]);
    await sut.execute({ station, events: [fresh], batch: true });
    expect(JSON.parse(publisher.sent[0][0].value)).toMatchObject({ receivedAt: NOW.toISOString() });
  });

  it('still answers a re-post of an event it already took as a duplicate, however old', async () => {
    const { sut, publisher, recorded } = setUp();
    const old = event({ occurredAt: '2026-01-01T00:00:00Z' });
    recorded.set(old.eventId, stationEventContentHash(old));
    expect(await sut.execute({ station, events: [old], batch: false })).toEqual([
      { eventId: old.eventId, status: 'duplicate' },
    ]);
    expect(publisher.sent).toEqual([]);
  });

  it('lets a supervisor hold a rack at any stage', async () => {
    const { sut, publisher } = setUp();
    const supervisor: StationStamp = { ...station, stationId: 'SUP-1', role: 'supervisor' };
    await sut.execute({
      station: supervisor,
      events: [event({ stationId: 'SUP-1', stage: 'qa', type: 'hold' })],
      batch: false,
    });
    expect(publisher.sent).toHaveLength(1);
  });
});
