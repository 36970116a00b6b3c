import { stationEventContentHash, type RackTransitionMessage, type StationEventMessage } from '#contracts';
import type { AnsweredPost } from '#simulator';
import {
  databaseSnapshot,
  judgeAnnouncements,
  referenceReplay,
  transitionHistory,
  type ComparableRack,
  type ReadBackRecord,
  type TestDatabase,
} from '#testing';
import type { ReadBackMessage } from './kafka-readback.js';

/** Every way the database can disagree with what happened; each list must be empty. */
export interface ChaosDiscrepancies {
  /** Events in Kafka the tracker never recorded. */
  lost: string[];
  /** Events recorded although nobody produced them. */
  phantomEvents: string[];
  /** Racks whose state or history differ from the reference replay (history covers double-applied and phantom transitions). */
  racksDiffering: string[];
  /** Racks the reference has and the database does not, or the other way round. */
  racksMissing: string[];
  racksUnexpected: string[];
  /** Rejections (event id and reason) that differ from the reference. */
  rejectionsDiffering: string[];
  /** Ids answered 202 by ingest and not in the database. */
  acknowledgedNotStored: string[];
  /** Events whose recorded decision differs from what the simulator's own model predicted for its posts. */
  decisionsDiffering: string[];
  /** Rows of history or event log that appear twice. */
  doubleApplied: string[];
  /** Transitions committed and never published on rack-transitions. */
  announcementsLost: string[];
  /** Announcements of transitions that are not in history. */
  announcementsUnexpected: string[];
  /** Racks whose announcements consumers saw out of history order. */
  announcementsReordered: string[];
}

export interface ChaosVerdict {
  kafkaMessages: number;
  uniqueEvents: number;
  acknowledged: number;
  racks: number;
  transitions: number;
  rejections: number;
  /** Announcements published again after a relay died between Kafka's ack and its cursor (consumers dedupe). */
  announcementsRedelivered: number;
  discrepancies: ChaosDiscrepancies;
  discrepancyCount: number;
}

/**
 * The reference: an uninterrupted single-threaded replay of exactly what reached Kafka, in Kafka order. A message
 * seen again with the same content is the same event (a retried post or a redelivery) and is applied once; the
 * same id with other content is a `duplicate` rejection, as the tracker decides it.
 */
export function chaosReference(readBack: readonly ReadBackMessage[]) {
  const firstHash = new Map<string, string>();
  const unique: StationEventMessage[] = [];
  const reusedIds: string[] = [];
  for (const { message } of readBack) {
    const hash = stationEventContentHash(message.event);
    const earlier = firstHash.get(message.event.eventId);
    if (earlier === undefined) {
      firstHash.set(message.event.eventId, hash);
      unique.push(message);
    } else if (earlier !== hash) reusedIds.push(`${message.event.eventId}:duplicate`);
  }
  const replay = referenceReplay(unique);
  return {
    unique,
    snapshot: { racks: replay.racks, rejections: [...replay.rejections, ...reusedIds].sort() },
  };
}

function describeRack(rack: ComparableRack): string {
  return `${rack.stage}/${rack.status} held=${rack.held} rework=${rack.reworkCount} failures=${rack.failureCount} history=${rack.history.length}`;
}

/** A verdict's discrepancies when there are none: what a clean run is judged against. */
export function noDiscrepancies(): ChaosDiscrepancies {
  return {
    lost: [],
    phantomEvents: [],
    racksDiffering: [],
    racksMissing: [],
    racksUnexpected: [],
    rejectionsDiffering: [],
    acknowledgedNotStored: [],
    decisionsDiffering: [],
    doubleApplied: [],
    announcementsLost: [],
    announcementsUnexpected: [],
    announcementsReordered: [],
  };
}

/** Compares the tracker's database with the reference and with every acknowledgement ingest gave. */
export async function judgeChaosRun(
  database: TestDatabase,
  readBack: readonly ReadBackMessage[],
  posts: readonly AnsweredPost[],
  announced: readonly ReadBackRecord<RackTransitionMessage>[],
): Promise<ChaosVerdict> {
  const reference = chaosReference(readBack);
  const actual = await databaseSnapshot(database);
  const discrepancies = noDiscrepancies();

  const inKafka = new Set(reference.unique.map((message) => message.event.eventId));
  const stored = new Set(
    (await database.query<{ event_id: string }>('SELECT event_id FROM recorded_station_event')).map(
      (row) => row.event_id,
    ),
  );
  for (const id of inKafka) if (!stored.has(id)) discrepancies.lost.push(id);
  for (const id of stored) if (!inKafka.has(id)) discrepancies.phantomEvents.push(id);

  const expectedRacks = new Map(reference.snapshot.racks.map((rack) => [rack.serial, rack]));
  const actualRacks = new Map(actual.racks.map((rack) => [rack.serial, rack]));
  for (const [serial, expected] of expectedRacks) {
    const found = actualRacks.get(serial);
    if (found === undefined) discrepancies.racksMissing.push(serial);
    else if (JSON.stringify(found) !== JSON.stringify(expected)) {
      discrepancies.racksDiffering.push(
        `${serial}: expected ${describeRack(expected)}, found ${describeRack(found)}`,
      );
    }
  }
  for (const serial of actualRacks.keys())
    if (!expectedRacks.has(serial)) discrepancies.racksUnexpected.push(serial);

  const expectedRejections = new Set(reference.snapshot.rejections);
  const actualRejections = new Set(actual.rejections);
  for (const key of expectedRejections)
    if (!actualRejections.has(key)) discrepancies.rejectionsDiffering.push(`missing ${key}`);
  for (const key of actualRejections)
    if (!expectedRejections.has(key)) discrepancies.rejectionsDiffering.push(`unexpected ${key}`);

  // What ingest acknowledged must be stored; and what the simulator's own model predicted must be what happened.
  const transitions = new Set(
    (await database.query<{ event_id: string }>('SELECT event_id FROM rack_transition')).map(
      (row) => row.event_id,
    ),
  );
  const rejected = new Map(
    (
      await database.query<{ event_id: string; reason: string }>(
        'SELECT event_id, reason FROM rejection WHERE event_id IS NOT NULL',
      )
    ).map((row) => [row.event_id, row.reason]),
  );
  let acknowledged = 0;
  for (const post of posts) {
    if (post.answer !== 'accepted' && post.answer !== 'duplicate') continue;
    acknowledged += 1;
    const id = post.sent.eventId;
    if (!stored.has(id)) discrepancies.acknowledgedNotStored.push(id);
    const expected = post.item.expected;
    if (expected === 'duplicate') continue;
    const happened = transitions.has(id)
      ? 'accepted'
      : rejected.has(id)
        ? `rejected:${rejected.get(id)}`
        : 'nothing';
    if (happened !== expected)
      discrepancies.decisionsDiffering.push(
        `${id} (${post.item.fault ?? 'normal'} ${post.sent.type}): expected ${expected}, recorded ${happened}`,
      );
  }

  const [{ duplicates: historyDuplicates }] = await database.query<{ duplicates: string }>(
    'SELECT count(*) - count(DISTINCT event_id) AS duplicates FROM rack_transition',
  );
  const [{ duplicates: eventDuplicates }] = await database.query<{ duplicates: string }>(
    'SELECT count(*) - count(DISTINCT event_id) AS duplicates FROM recorded_station_event',
  );
  if (Number(historyDuplicates) > 0)
    discrepancies.doubleApplied.push(`${historyDuplicates} transitions recorded twice`);
  if (Number(eventDuplicates) > 0)
    discrepancies.doubleApplied.push(`${eventDuplicates} events recorded twice`);

  const announcements = judgeAnnouncements(await transitionHistory(database), announced);
  discrepancies.announcementsLost.push(...announcements.lost);
  discrepancies.announcementsUnexpected.push(...announcements.unexpected);
  discrepancies.announcementsReordered.push(...announcements.reordered);

  const discrepancyCount = Object.values(discrepancies).reduce((sum, list: string[]) => sum + list.length, 0);
  return {
    kafkaMessages: readBack.length,
    uniqueEvents: reference.unique.length,
    acknowledged,
    racks: actual.racks.length,
    transitions: transitions.size,
    rejections: actual.rejections.length,
    announcementsRedelivered: announcements.redelivered,
    discrepancies,
    discrepancyCount,
  };
}
