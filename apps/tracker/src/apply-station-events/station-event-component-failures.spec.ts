import { describe, expect, it } from '@jest/globals';
import { encodeStationEventMessage, type StationEventDto, type StationEventMessage } from '#contracts';
import { InMemoryComponentLocator, RackStateMachine, type InstalledComponent } from '#domain';
import type { ConsumedMessage } from '#messaging';
import type { StoredRack } from '#persistence';
import { NO_DISPOSITION_INPUTS, planBatch, type DispositionInputs } from './station-event-batch-plan.js';
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

function plan(messages: ConsumedMessage[], dispositions: DispositionInputs = NO_DISPOSITION_INPUTS) {
  return planBatch(new RackStateMachine({ maxClockSkewMs: 120_000 }), {
    messages,
    decoded: decodeAll(messages),
    knownHashes: new Map(),
    racks: new Map([['RK-1', rackInBurnIn]]),
    routes: new Map(),
    components: new InMemoryComponentLocator([gpu('GPU-1'), gpu('GPU-2')]),
    burnIn: { cells: [], occupants: new Map() },
    dispositions,
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

describe('planBatch: dispositions and supplier returns', () => {
  const xid48 = { code: 'XID-48', componentSerial: 'GPU-1', message: 'double-bit ECC' };
  const twoFailuresThenRemoval = [
    consumed({ type: 'failed', failures: [xid48] }, 1),
    consumed({ type: 'rework_started' }, 2),
    consumed({ type: 'rework_completed' }, 3),
    consumed({ type: 'started' }, 4),
    consumed({ type: 'failed', failures: [xid48] }, 5),
    consumed({ type: 'rework_started' }, 6),
    consumed({ type: 'component_removed', components: [{ serial: 'GPU-1' }] }, 7),
  ];

  it('escalates a repeat within the chunk and opens a return when the condemned part comes out', () => {
    const effects = plan(twoFailuresThenRemoval);

    expect(effects.rejections).toEqual([]);
    expect(
      effects.dispositions.map((record) => [record.disposition.action, record.disposition.occurrence]),
    ).toEqual([
      ['retest', 1],
      ['replace_part', 2],
    ]);
    expect(effects.dispositions[1]).toMatchObject({
      siteId: 'site-1',
      failureIndex: 0,
      component: gpu('GPU-1'),
    });
    expect(effects.supplierReturns).toEqual([
      {
        opening: {
          component: gpu('GPU-1'),
          failureEventId: effects.dispositions[1]!.eventId,
          codes: ['XID-48'],
        },
        siteId: 'site-1',
        removalEventId: effects.transitions[6]!.transition.eventId,
        openedAt: new Date(AT + 7000),
      },
    ]);
  });

  it('escalates on the failures stored before the chunk', () => {
    const history = [{ code: 'XID-48', subjectSerial: 'GPU-1', occurredAt: new Date(AT - 3_600_000) }];
    const effects = plan([consumed({ type: 'failed', failures: [xid48] }, 1)], {
      tables: [],
      history,
      pending: [],
    });

    expect(effects.dispositions[0]!.disposition).toMatchObject({ action: 'replace_part', occurrence: 2 });
  });

  it('opens no return for a part removed without a replace_part disposition', () => {
    const effects = plan(
      twoFailuresThenRemoval
        .slice(0, 2)
        .concat(consumed({ type: 'component_removed', components: [{ serial: 'GPU-1' }] }, 3)),
    );
    expect(effects.rejections).toEqual([]);
    expect(effects.removals).toHaveLength(1);
    expect(effects.supplierReturns).toEqual([]);
  });

  it('applies the table version in force when ingest received the event, not a later one', () => {
    const table = (version: number) => ({
      version,
      rules: [
        { pattern: 'XID-48', actions: ['engineering_hold' as const], windowHours: 1, why: `v${version}` },
      ],
    });
    const tables = [
      { table: table(1), effectiveFrom: new Date(AT) },
      { table: table(2), effectiveFrom: new Date(AT + 60_000) },
    ];
    const effects = plan([consumed({ type: 'failed', failures: [xid48] }, 1)], {
      tables,
      history: [],
      pending: [],
    });

    expect(effects.dispositions[0]!.disposition).toMatchObject({
      tableVersion: 1,
      action: 'engineering_hold',
    });
    expect([...effects.racks.values()][0]!.state).toMatchObject({
      status: 'on_hold',
      holdReason: { reasonCode: 'mrb', reason: 'engineering hold (MRB): XID-48 on GPU-1' },
    });
  });
});

describe('planBatch: a part installed and removed within one chunk', () => {
  const part = (serial: string) => ({
    serial,
    partNumber: 'GPU-B200',
    kind: 'gpu' as const,
    supplierId: 'sup-tw-02',
    lot: 'W48-B',
  });

  it('writes the stay closed, so the removal is not lost with a row that did not exist yet', () => {
    const effects = plan([
      consumed({ type: 'failed' }, 0),
      consumed({ type: 'rework_started' }, 1),
      consumed({ type: 'component_removed', components: [{ serial: 'GPU-1' }] }, 2),
      consumed({ type: 'component_installed', components: [part('GPU-9')] }, 3),
      consumed({ type: 'component_removed', components: [{ serial: 'GPU-9' }] }, 4),
      consumed({ type: 'component_installed', components: [part('GPU-1')] }, 5),
    ]);

    expect(effects.rejections).toEqual([]);
    // GPU-1's stay from before the chunk is closed by an update; the chunk's own stays are inserted.
    expect(effects.removals.map((move) => [move.component.serial, move.at])).toEqual([
      ['GPU-1', new Date(AT + 2000)],
    ]);
    expect(
      effects.installs.map((move) => [move.component.serial, move.at, move.removed?.at ?? null]),
    ).toEqual([
      ['GPU-9', new Date(AT + 3000), new Date(AT + 4000)],
      ['GPU-1', new Date(AT + 5000), null],
    ]);
  });
});
