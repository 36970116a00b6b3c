import { describe, expect, it } from '@jest/globals';
import { cfxEventId, parseCfxEnvelope, type CfxEnvelope } from './cfx-envelope.js';
import {
  buildValidateUnitsResponse,
  CFX_MESSAGES,
  cfxFailureCode,
  cfxTimeToIso,
  componentKindOfDesignator,
  convertUnit,
  mapCfxMessage,
  type CfxMapping,
} from './cfx-mapping.js';
import {
  cfxEnvelope,
  faultOccurred,
  materialsInstalled,
  unitsTested,
  validateUnitsRequest,
  workStarted,
} from './testing/cfx-messages.js';

const TESTER = { stationId: 'CFX.LINE1.ICT01', stage: 'qa' };

function envelopeOf(message: Record<string, unknown>): CfxEnvelope {
  const parsed = parseCfxEnvelope(Buffer.from(JSON.stringify(message)));
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.envelope;
}

function map(
  name: string,
  body: Record<string, unknown>,
  overrides: Record<string, unknown> = {},
): CfxMapping {
  return mapCfxMessage(envelopeOf(cfxEnvelope(name, TESTER.stationId, body, overrides)), TESTER);
}

function eventsOf(mapping: CfxMapping) {
  if (mapping.kind !== 'events')
    throw new Error(`expected events, got ${mapping.kind}: ${JSON.stringify(mapping)}`);
  return mapping.events;
}

describe('CFX envelope', () => {
  const rows: [string, string | Uint8Array, string][] = [
    ['empty', '', 'empty'],
    ['not UTF-8', new Uint8Array([0x7b, 0xff, 0x7d]), 'not valid UTF-8'],
    ['not JSON', '{"MessageName":', 'not JSON'],
    ['an array', '[]', 'not a JSON object'],
    [
      'no MessageBody',
      JSON.stringify({ MessageName: 'X', UniqueID: 'u', Source: 's', TimeStamp: 't' }),
      'MessageBody',
    ],
    ['a NUL in the name', JSON.stringify({ ...cfxEnvelope('CFX.\u0000', 's', {}) }), 'MessageName'],
    ['a lone surrogate in the source', JSON.stringify({ ...cfxEnvelope('CFX.X', '\ud800', {}) }), 'Source'],
  ];
  it.each(rows)('refuses %s, saying why', (_, raw, reason) => {
    const parsed = parseCfxEnvelope(typeof raw === 'string' ? Buffer.from(raw) : raw);
    expect(parsed).toMatchObject({ ok: false, reason: expect.stringContaining(reason) });
  });

  it('drops Newtonsoft $type hints and reads fields whatever their case', () => {
    const envelope = envelopeOf({
      ...cfxEnvelope('CFX.X', 'S1', { a: { $type: 'T, CFX', b: 1 } }),
      uniqueid: 'ignored',
    });
    expect(envelope.body).toEqual({ a: { b: 1 } });
  });
});

describe('mapCfxMessage', () => {
  it('maps WorkStarted to started, with the UniqueID as the event id, whatever spelling TransactionID has', () => {
    const message = cfxEnvelope(CFX_MESSAGES.workStarted, TESTER.stationId, workStarted('RK-CFX-1'));
    const [event] = eventsOf(mapCfxMessage(envelopeOf(message), TESTER));
    expect(event).toMatchObject({
      eventId: cfxEventId(message.UniqueID as string),
      rackSerial: 'RK-CFX-1',
      stationId: TESTER.stationId,
      stage: 'qa',
      type: 'started',
      details: { cfx: { messageName: CFX_MESSAGES.workStarted, transactionId: expect.any(String) } },
    });
    // A redelivery is the same message: the same id, so the tracker sees a duplicate.
    expect(eventsOf(mapCfxMessage(envelopeOf(message), TESTER))[0]!.eventId).toBe(event!.eventId);
  });

  it('maps UnitsTested with measurements in the limits units and failures with codes', () => {
    const passed = eventsOf(
      map(
        CFX_MESSAGES.unitsTested,
        unitsTested('RK-CFX-2', 'Passed', {
          name: 'R21',
          value: 28300,
          units: 'Ohm',
          expectedUnits: 'kOhm',
          min: 28,
          max: 28.4,
        }),
      ),
    );
    expect(passed).toEqual([
      expect.objectContaining({
        type: 'passed',
        operatorId: 'BADGE489499',
        measurements: [{ name: 'R21', value: 28.3, unit: 'kOhm', low: 28, high: 28.4 }],
      }),
    ]);
    const [failed] = eventsOf(
      map(
        CFX_MESSAGES.unitsTested,
        unitsTested('RK-CFX-2', 'Failed', {
          name: 'V12',
          value: 11.2,
          units: 'V',
          expectedUnits: 'V',
          min: 11.4,
          max: 12.6,
        }),
      ),
    );
    expect(failed).toMatchObject({
      type: 'failed',
      failures: [{ code: 'CFX-RESFAIL2', message: '12 V rail below tolerance' }],
      measurements: [{ name: 'V12', value: 11.2, unit: 'V', low: 11.4, high: 12.6 }],
    });
  });

  it('maps MaterialsInstalled with InstalledComponents to one component_installed per unit', () => {
    const [event] = eventsOf(
      map(
        CFX_MESSAGES.materialsInstalled,
        materialsInstalled('RK-CFX-3', [
          {
            serial: 'GPU-5512',
            partNumber: 'GPU-B200',
            designator: 'GPU5',
            vendor: 'sup-tw-02',
            batch: 'W47-A',
          },
          { serial: 'CT-88123', partNumber: 'CT-GB-1U', designator: 'CT01' },
        ]),
      ),
    );
    expect(event).toMatchObject({
      type: 'component_installed',
      components: [
        { serial: 'GPU-5512', partNumber: 'GPU-B200', kind: 'gpu', supplierId: 'sup-tw-02', lot: 'W47-A' },
        {
          serial: 'CT-88123',
          partNumber: 'CT-GB-1U',
          kind: 'compute_tray',
          supplierId: 'unspecified',
          lot: 'CT-88123',
        },
      ],
    });
  });

  it('maps the removal, a repair, a disqualification and a fault on a unit', () => {
    expect(
      eventsOf(
        map(CFX_MESSAGES.materialsUninstalled, {
          TransactionId: 't',
          UninstalledMaterials: [
            { UnitIdentifier: 'RK-1', Material: { UniqueIdentifier: 'GPU-1' }, UninstalledComponents: [] },
          ],
        }),
      ).map((event) => [event.type, event.components]),
    ).toEqual([['component_removed', [{ serial: 'GPU-1' }]]]);
    expect(
      eventsOf(
        map(CFX_MESSAGES.unitsRepaired, {
          RepairedUnits: [{ UnitIdentifier: 'RK-1', OverallResult: 'Repaired' }],
        }),
      ).map((event) => event.type),
    ).toEqual(['rework_started', 'rework_completed']);
    expect(
      eventsOf(
        map(CFX_MESSAGES.unitsDisqualified, {
          DisqualifiedUnits: [{ UnitIdentifier: 'RK-1' }],
          Reason: 'DefectsFound',
        }),
      )[0],
    ).toMatchObject({ type: 'scrap', details: { cfx: { reason: 'DefectsFound' } } });
    const held = map(CFX_MESSAGES.faultOccurred, faultOccurred('RK-1'));
    expect(eventsOf(held)[0]).toMatchObject({
      type: 'hold',
      reasonCode: 'equipment_fault',
      reason: 'equipment fault MechanicalFailure CHILLER-TRIP: coolant loop 3 pressure lost',
    });
  });

  it('gives each event of a message its own stable id', () => {
    const message = cfxEnvelope(CFX_MESSAGES.unitsRepaired, TESTER.stationId, {
      RepairedUnits: [{ UnitIdentifier: 'RK-1', OverallResult: 'Repaired' }],
    });
    const ids = eventsOf(mapCfxMessage(envelopeOf(message), TESTER)).map((event) => event.eventId);
    expect(ids).toEqual([
      cfxEventId(message.UniqueID as string),
      cfxEventId(`${message.UniqueID as string}#1`),
    ]);
  });

  const recorded: [string, string, Record<string, unknown>, Record<string, unknown>, string][] = [
    ['a fault naming no unit', CFX_MESSAGES.faultOccurred, faultOccurred(), {}, 'fault'],
    ['an unknown message', 'CFX.Production.Application.MaterialsApplied', {}, {}, 'no mapping for'],
    [
      'an aborted work',
      CFX_MESSAGES.workCompleted,
      { ...workStarted('RK-1'), Result: 'Aborted' },
      {},
      'Aborted',
    ],
    [
      'a unit that breaks the contract',
      CFX_MESSAGES.workStarted,
      workStarted('RK 1 with spaces'),
      {},
      'rackSerial',
    ],
    [
      'a time without a zone',
      CFX_MESSAGES.workStarted,
      workStarted('RK-1'),
      { TimeStamp: '2026-12-01T10:00:00' },
      'time zone',
    ],
    [
      'an install without a material id',
      CFX_MESSAGES.materialsInstalled,
      { InstalledMaterials: [{ UnitIdentifier: 'RK-1' }] },
      {},
      'UniqueIdentifier',
    ],
  ];
  it.each(recorded)('records %s instead of publishing', (_, name, body, overrides, expected) => {
    const wanted =
      expected === 'fault'
        ? { kind: 'fault', fault: { faultCode: 'CHILLER-TRIP', unit: null } }
        : { kind: 'unmapped', reason: expect.stringContaining(expected) };
    expect(map(name, body, overrides)).toMatchObject(wanted);
  });

  it('asks the interlock for every unit of a ValidateUnitsRequest and words the response', () => {
    const request = envelopeOf(
      cfxEnvelope(CFX_MESSAGES.validateUnitsRequest, TESTER.stationId, validateUnitsRequest('RK-9')),
    );
    expect(mapCfxMessage(request, TESTER)).toEqual({
      kind: 'validate_units',
      primaryIdentifier: 'RK-9',
      units: ['RK-9'],
    });
    const response = buildValidateUnitsResponse(
      request,
      'RK-9',
      [{ unit: 'RK-9', cleared: false, message: 'illegal_transition: rack is (qa, on_hold)' }],
      'CFX.BRIDGE',
      new Date('2026-12-01T10:00:00Z'),
    );
    expect(response).toMatchObject({
      MessageName: CFX_MESSAGES.validateUnitsResponse,
      Source: 'CFX.BRIDGE',
      Target: TESTER.stationId,
      RequestID: request.uniqueId,
      MessageBody: {
        Result: { Result: 'Success' },
        PrimaryResult: { UniqueIdentifier: 'RK-9', Result: 'Failed', FailureCode: 1 },
        Results: [
          {
            UniqueIdentifier: 'RK-9',
            PositionNumber: 1,
            Result: 'Failed',
            Message: expect.stringContaining('on_hold'),
          },
        ],
      },
    });
  });
});

describe('CFX value rules', () => {
  it.each([
    [28300, 'Ohm', 'kOhm', 28.3],
    [1.5, 'A', 'mA', 1500],
    [12, 'V', 'V', 12],
    [3, 'V', 'A', undefined],
  ])('%s %s in %s is %s', (value, from, to, expected) => expect(convertUnit(value, from, to)).toBe(expected));

  it.each([
    ['2018-10-03T16:03:05.1091909-04:00', '2018-10-03T20:03:05.109Z'],
    ['2018-10-03T16:03:05Z', '2018-10-03T16:03:05.000Z'],
    ['2018-10-03T16:03:05', undefined],
  ])('time %s is %s', (stamp, iso) => expect(cfxTimeToIso(stamp)).toBe(iso));

  it.each([
    ['GPU5', 'gpu'],
    ['CT01', 'compute_tray'],
    ['PSU2', 'psu'],
    ['NVS1', 'switch_tray'],
    ['R21', 'other'],
    [undefined, 'other'],
  ])('designator %s is a %s', (designator, kind) => expect(componentKindOfDesignator(designator)).toBe(kind));

  it('words failure codes in our NAMESPACE-CODE shape', () => {
    expect(cfxFailureCode('resfail 2')).toBe('CFX-RESFAIL_2');
    expect(cfxFailureCode('XID-79')).toBe('XID-79');
    expect(cfxFailureCode('_x')).toBe('CFX-0_X');
  });
});
