import { describe, expect, it } from '@jest/globals';
import { encodeStationEventMessage, type StationEventDto, type StationEventMessage } from '#contracts';
import { defineRoute, InMemoryComponentLocator, RackStateMachine, type RackState } from '#domain';
import type { ConsumedMessage } from '#messaging';
import type { StoredRack } from '#persistence';
import { NO_DISPOSITION_INPUTS, planBatch } from './station-event-batch-plan.js';
import { decodeAll } from './station-event-refusal.js';

const HOUR_MS = 3_600_000;
const AT = Date.parse('2026-11-24T14:00:00.000Z');
const SITE = 'site-1';
const BURN_IN = {
  stationId: 'BURNIN-07',
  stage: 'burn_in',
  role: 'station' as const,
  siteId: SITE,
  lineId: 'line-1',
};
const ROUTE = defineRoute({
  model: 'gb200',
  stages: ['assembly', 'burn_in', 'qa'],
  dwell: { burn_in: { minHours: 72 } },
});
const BI_1_1 = { cell: 'BI-1', position: 1 };

function consumed(rackSerial: string, event: Partial<StationEventDto>, offset: number): ConsumedMessage {
  const message: StationEventMessage = {
    schemaVersion: 1,
    event: {
      eventId: `0193d5b0-6f1e-7c2a-9a51-1f0c2b7e9d${String(offset).padStart(2, '0')}`,
      rackSerial,
      stationId: BURN_IN.stationId,
      stage: 'burn_in',
      occurredAt: new Date(AT + offset * 1000).toISOString(),
      ...event,
    } as StationEventDto,
    station: BURN_IN,
    receivedAt: new Date(AT + offset * 1000 + 10).toISOString(),
  };
  const encoded = encodeStationEventMessage(message, 'test');
  return {
    topic: 'station-events',
    partition: 0,
    offset: String(offset),
    key: encoded.key,
    value: Buffer.from(encoded.value),
    headers: {},
    timestamp: '0',
  };
}

function stored(serial: string, state: Partial<RackState>): StoredRack {
  const at = new Date(AT - 80 * HOUR_MS);
  return {
    state: {
      serial,
      model: 'gb200',
      route: ROUTE,
      stage: 'assembly',
      status: 'passed',
      held: null,
      reworkCount: 0,
      failureCount: 0,
      slotCounts: {},
      stateEnteredAt: at,
      lastEventAt: at,
      location: null,
      soak: null,
      holdReason: null,
      ...state,
    },
    siteId: SITE,
    lineId: 'line-1',
    startedAt: at,
    completedAt: null,
  };
}

// RK-A has soaked 80 h in BI-1/1; RK-B and RK-C wait for burn-in.
const racks = new Map([
  [
    'RK-A',
    stored('RK-A', {
      stage: 'burn_in',
      status: 'in_progress',
      location: BI_1_1,
      soak: {
        stage: 'burn_in',
        startedAt: new Date(AT - 80 * HOUR_MS),
        heldMs: 0,
        holdStartedAt: null,
        retest: false,
      },
    }),
  ],
  ['RK-B', stored('RK-B', {})],
  ['RK-C', stored('RK-C', {})],
]);

function plan(messages: ConsumedMessage[]) {
  return planBatch(new RackStateMachine({ maxClockSkewMs: 120_000 }), {
    messages,
    decoded: decodeAll(messages),
    knownHashes: new Map(),
    racks,
    routes: new Map(),
    components: new InMemoryComponentLocator(),
    burnIn: {
      cells: [{ siteId: SITE, cellId: 'BI-1', positions: 2, kwPerPosition: 132 }],
      occupants: new Map([[SITE, new Map([['BI-1/1', 'RK-A']])]]),
    },
    dispositions: NO_DISPOSITION_INPUTS,
    topicPrefix: '',
  });
}

describe('planBatch: burn-in positions within one chunk', () => {
  it('lets a rack take the position another rack of the chunk left, and marks the one that left for freeing first', () => {
    const effects = plan([
      consumed('RK-A', { type: 'passed' }, 1),
      consumed('RK-B', { type: 'started', location: BI_1_1 }, 2),
      consumed('RK-C', { type: 'started', location: BI_1_1 }, 3),
    ]);

    expect([...effects.vacatedPositions]).toEqual(['RK-A']);
    expect(effects.racks.get('RK-A')?.state.location).toBeNull();
    expect(effects.racks.get('RK-B')?.state.location).toEqual(BI_1_1);
    expect(effects.rejections.map((rejection) => [rejection.rackSerial, rejection.reason])).toEqual([
      ['RK-C', 'position_occupied'],
    ]);
  });

  it('frees nothing when no rack leaves a position', () => {
    const effects = plan([consumed('RK-B', { type: 'started', location: { cell: 'BI-1', position: 2 } }, 1)]);

    expect(effects.vacatedPositions.size).toBe(0);
    expect(effects.racks.get('RK-B')?.state.location).toEqual({ cell: 'BI-1', position: 2 });
  });
});
