import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { TOPICS, type RackTransitionMessage } from '#contracts';
import type { TestDatabase } from './test-stack.js';

/** A message of a topic as read back, in its partition's offset order. */
export interface ReadBackRecord<T> {
  partition: number;
  offset: string;
  value: T;
}

/**
 * Everything in `topic` up to the high watermarks taken when called, partition by partition in offset order.
 * Fails after `timeoutMs` naming how much it read, rather than hang on a topic that is shorter than it said.
 */
export async function readTopicToEnd<T>(
  kafka: Kafka,
  topic: string,
  parse: (value: Buffer | null) => T,
  timeoutMs = 60_000,
): Promise<ReadBackRecord<T>[]> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map<number, bigint>();
  try {
    for (const { partition, high } of await admin.fetchTopicOffsets(topic)) ends.set(partition, BigInt(high));
  } finally {
    await admin.disconnect();
  }
  const total = [...ends.values()].reduce((sum, high) => sum + high, 0n);
  if (total === 0n) return [];
  const byPartition = new Map<number, ReadBackRecord<T>[]>();
  const consumer = kafka.consumer({ groupId: `readback-${randomUUID()}`, maxWaitTimeInMs: 50 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    let seen = 0n;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(new Error(`read ${seen} of ${total} messages back from ${topic} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      void consumer.run({
        eachBatch: async ({ batch }) => {
          const list = byPartition.get(batch.partition) ?? [];
          const end = ends.get(batch.partition) ?? 0n;
          for (const message of batch.messages) {
            if (BigInt(message.offset) >= end) continue;
            list.push({ partition: batch.partition, offset: message.offset, value: parse(message.value) });
            seen += 1n;
          }
          byPartition.set(batch.partition, list);
          if (seen >= total) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return [...byPartition.keys()]
    .sort((a, b) => a - b)
    .flatMap((partition) =>
      byPartition.get(partition)!.sort((a, b) => (BigInt(a.offset) < BigInt(b.offset) ? -1 : 1)),
    );
}

/** The suite's rack-transitions, as consumers see them. */
export function readRackTransitions(
  kafka: Kafka,
  topicPrefix: string,
): Promise<ReadBackRecord<RackTransitionMessage>[]> {
  return readTopicToEnd(
    kafka,
    `${topicPrefix}${TOPICS.rackTransitions.name}`,
    (value) => JSON.parse(value?.toString('utf8') ?? 'null') as RackTransitionMessage,
  );
}

/** How the announcements on rack-transitions compare with the history the tracker committed. */
export interface AnnouncementVerdict {
  /** Transitions in rack_transition never announced. */
  lost: string[];
  /** Announcements of transitions that are not in rack_transition. */
  unexpected: string[];
  /** Racks whose announcements (first of each event id) are not in history order. */
  reordered: string[];
  /** Announcements seen again (at least once: a relay that died between Kafka's ack and its cursor). */
  redelivered: number;
  announced: number;
}

/**
 * Compares what consumers of rack-transitions saw with `history`, each rack's transition event ids in
 * history order (rack_transition by id). A consumer deduplicates by event id, so a redelivery is counted,
 * not a fault; a lost, invented or reordered announcement is.
 */
export function judgeAnnouncements(
  history: ReadonlyMap<string, readonly string[]>,
  announced: readonly ReadBackRecord<RackTransitionMessage>[],
): AnnouncementVerdict {
  const firstSeen = new Map<string, string[]>();
  const seen = new Set<string>();
  let redelivered = 0;
  const unexpected: string[] = [];
  const known = new Set([...history.values()].flat());
  for (const { value } of announced) {
    if (seen.has(value.eventId)) {
      redelivered += 1;
      continue;
    }
    seen.add(value.eventId);
    if (!known.has(value.eventId)) unexpected.push(`${value.rackSerial}:${value.eventId}`);
    firstSeen.set(value.rackSerial, [...(firstSeen.get(value.rackSerial) ?? []), value.eventId]);
  }
  const lost: string[] = [];
  const reordered: string[] = [];
  for (const [rack, eventIds] of history) {
    for (const eventId of eventIds) if (!seen.has(eventId)) lost.push(`${rack}:${eventId}`);
    const order = (firstSeen.get(rack) ?? []).filter((eventId) => eventIds.includes(eventId));
    const expected = eventIds.filter((eventId) => seen.has(eventId));
    if (order.join() !== expected.join()) reordered.push(rack);
  }
  return { lost, unexpected, reordered, redelivered, announced: announced.length };
}

/** Each rack's transition event ids in history order (rack_transition by id). */
export async function transitionHistory(database: TestDatabase): Promise<Map<string, string[]>> {
  const rows = await database.query<{ rack_serial: string; event_id: string }>(
    'SELECT rack_serial, event_id FROM rack_transition ORDER BY id',
  );
  const history = new Map<string, string[]>();
  for (const row of rows)
    history.set(row.rack_serial, [...(history.get(row.rack_serial) ?? []), row.event_id]);
  return history;
}

/** Committed transitions the relay has not yet published: 0 once rack-transitions holds all of history. */
export async function unrelayedTransitions(database: Pick<TestDatabase, 'query'>): Promise<number> {
  const [{ count }] = await database.query<{ count: string }>(
    `SELECT count(*) AS count FROM rack_transition t, rack_transition_relay_cursor c
      WHERE c.relay = 'rack-transitions' AND (t.written_by_xid, t.id) > (c.last_xid, c.last_id)`,
  );
  return Number(count);
}
