import type { StationEventMessage } from '#contracts';
import {
  RackStateMachine,
  replayRacks,
  DEFAULT_ROUTE,
  InMemoryComponentLocator,
  type RackState,
} from '#domain';
import { produceStationEvents } from './kafka.js';
import { testKafka, type TestDatabase } from './test-stack.js';

/** Produces messages exactly as ingest does (same encoder, key = rack serial), in order. */
export function produceStationMessages(
  topicPrefix: string,
  messages: readonly StationEventMessage[],
): Promise<void> {
  return produceStationEvents(testKafka(), topicPrefix, messages, { chunk: 500, source: 'test' });
}

export interface ComparableRack {
  serial: string;
  stage: string;
  status: string;
  held: string | null;
  reworkCount: number;
  failureCount: number;
  stateEnteredAt: string;
  lastEventAt: string;
  history: string[];
}

export interface LineSnapshot {
  racks: ComparableRack[];
  rejections: string[];
}

/** What an uninterrupted, single-threaded run over the produced messages must end with. */
export function referenceReplay(
  messages: readonly StationEventMessage[],
  maxClockSkewMs = 120_000,
): LineSnapshot {
  const machine = new RackStateMachine({ maxClockSkewMs });
  const accepted = messages.map((message) => ({
    event: Object.assign({}, message.event, { occurredAt: new Date(message.event.occurredAt) }),
    station: {
      stationId: message.station.stationId,
      stage: message.station.stage,
      role: message.station.role,
    },
    receivedAt: new Date(message.receivedAt),
  }));
  const replay = replayRacks(
    accepted,
    { routeFor: () => DEFAULT_ROUTE, components: new InMemoryComponentLocator() },
    machine,
  );
  const histories = new Map<string, string[]>();
  const rejections: string[] = [];
  replay.decisions.forEach((decision, index) => {
    const { eventId, rackSerial } = accepted[index].event;
    if (decision.outcome === 'accepted')
      histories.set(rackSerial, [...(histories.get(rackSerial) ?? []), eventId]);
    else rejections.push(`${eventId}:${decision.reason}`);
  });
  const racks = [...replay.racks.values()].map((rack: RackState) => ({
    serial: rack.serial,
    stage: rack.stage,
    status: rack.status,
    held: rack.held ? `${rack.held.stage}/${rack.held.status}` : null,
    reworkCount: rack.reworkCount,
    failureCount: rack.failureCount,
    stateEnteredAt: rack.stateEnteredAt.toISOString(),
    lastEventAt: rack.lastEventAt.toISOString(),
    history: histories.get(rack.serial) ?? [],
  }));
  return { racks: racks.sort((a, b) => a.serial.localeCompare(b.serial)), rejections: rejections.sort() };
}

/** The same view read back from the tracker's database. */
export async function databaseSnapshot(database: TestDatabase): Promise<LineSnapshot> {
  const rows = await database.query<{
    serial: string;
    stage: string;
    status: string;
    held_stage: string | null;
    held_status: string | null;
    rework_count: number;
    failure_count: number;
    state_entered_at: Date;
    last_event_at: Date;
    history: string[];
  }>(
    `SELECT r.*, COALESCE((SELECT array_agg(t.event_id::text ORDER BY t.id) FROM rack_transition t WHERE t.rack_serial = r.serial), '{}') AS history
       FROM rack r ORDER BY r.serial`,
  );
  const rejections = await database.query<{ key: string }>(
    `SELECT event_id || ':' || reason AS key FROM rejection ORDER BY 1`,
  );
  return {
    racks: rows
      .map((row) => ({
        serial: row.serial,
        stage: row.stage,
        status: row.status,
        held: row.held_stage ? `${row.held_stage}/${row.held_status}` : null,
        reworkCount: row.rework_count,
        failureCount: row.failure_count,
        stateEnteredAt: row.state_entered_at.toISOString(),
        lastEventAt: row.last_event_at.toISOString(),
        history: row.history,
      }))
      .sort((a, b) => a.serial.localeCompare(b.serial)),
    rejections: rejections.map((row) => row.key).sort(),
  };
}

export async function appliedCount(database: TestDatabase): Promise<number> {
  const [row] = await database.query<{ applied: string }>(
    'SELECT COALESCE(sum(next_offset), 0) AS applied FROM consumer_offset',
  );
  return Number(row.applied);
}
