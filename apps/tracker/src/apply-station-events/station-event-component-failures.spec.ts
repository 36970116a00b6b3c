import { describe, expect, it } from '@jest/globals';
import { encodeStationEventMessage, type StationEventDto, type StationEventMessage } from '#contracts';
import { InMemoryComponentLocator, RackStateMachine, type InstalledComponent } from '#domain';
import type { ConsumedMessage } from '#messaging';
import type { StoredRack } from '#persistence';
import { planBatch } from './station-event-batch-plan.js';
import { decodeAll } from './station-event-refusal.js';

const AT = Date.parse('2026-11-24T14:00:00.000Z');
const BURN_IN = {
  stationId: 'BURNIN-07',
  stage: 'burn_in',
  role: 'station' as const,
  siteId: 'site-1',
  lineId: 'line-1',
};

function consumed(event: Partial<StationEventDto>, offset: number): ConsumedMessage {
  const message: StationEventMessage = {
    schemaVersion: 1,
    event: {
      eventId: `0193d5b0-6f1e-7c2a-9a51-1f0c2b7e9d${String(offset).padStart(2, '0')}`,
      rackSerial: 'RK-1',
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

const gpu = (serial: string): InstalledComponent => ({
  serial,
  rackSerial: 'RK-1',
  partNumber: 'GPU-B200',
  kind: 'gpu',
  supplierId: 'sup-tw-02',
  lot: 'W47-A',
  parentSerial: 'CT-1',
});

const rackInBurnIn: StoredRack = {
  state: {
    serial: 'RK-1',
    model: 'default',
    route: { model: 'default', stages: ['assembly', 'burn_in', 'qa', 'ship'], requiredSlots: {}, dwell: {} },
    stage: 'burn_in',
    status: 'in_progress',
    held: null,
    reworkCount: 0,
    failureCount: 0,
    slotCounts: { gpu: 2 },
    stateEnteredAt: new Date(AT - 60_000),
    lastEventAt: new Date(AT - 60_000),
    location: null,
    soak: null,
    holdReason: null,
  },
  siteId: 'site-1',
  lineId: 'line-1',
  startedAt: new Date(AT - 3600_000),
  completedAt: null,
};

function plan(messages: ConsumedMessage[]) {
  return planBatch(new RackStateMachine({ maxClockSkewMs: 120_000 }), {
    messages,
    decoded: decodeAll(messages),
    knownHashes: new Map(),
    racks: new Map([['RK-1', rackInBurnIn]]),
    routes: new Map(),
    components: new InMemoryComponentLocator([gpu('GPU-1'), gpu('GPU-2')]),
    burnIn: { cells: [], occupants: new Map() },
    topicPrefix: '',
  });
}

describe('planBatch: failed components', () => {
  it('records each component an accepted failure names, once, with the part as installed', () => {
    const effects = plan([consumed({ type: 'failed', failedComponents: ['GPU-2', 'GPU-2'] }, 1)]);
    expect(effects.componentFailures).toEqual([
      {
        eventId: expect.any(String),
        stage: 'burn_in',
        stationId: 'BURNIN-07',
        occurredAt: new Date(AT + 1000),
        component: gpu('GPU-2'),
      },
    ]);
  });

  it('records nothing for a failure the machine refused', () => {
    const effects = plan([consumed({ type: 'failed', failedComponents: ['GPU-1', 'GPU-9'] }, 1)]);
    expect(effects.rejections.map((rejection) => rejection.reason)).toEqual(['component_not_installed']);
    expect(effects.componentFailures).toEqual([]);
  });

  it('records nothing for a failure that names no component', () => {
    expect(plan([consumed({ type: 'failed' }, 1)]).componentFailures).toEqual([]);
  });
});
