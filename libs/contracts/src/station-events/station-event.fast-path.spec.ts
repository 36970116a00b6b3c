import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import fc from 'fast-check';
import { COMPONENT_KINDS, STATION_EVENT_TYPES } from '#domain';
import { STATION_EVENT_FIELDS, StationEventDto } from './station-event.dto.js';
import { acceptWellFormedStationEvent } from './station-event.fast-path.js';
import { stationEventContentHash } from './station-event.message.js';

type Json = Record<string, unknown>;

const identifier = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,8}$/);
const component = fc.record(
  {
    serial: identifier,
    partNumber: identifier,
    kind: fc.constantFrom(...COMPONENT_KINDS),
    supplierId: identifier,
    lot: identifier,
    parentSerial: identifier,
  },
  { requiredKeys: ['serial', 'partNumber', 'kind', 'supplierId', 'lot'] },
);
const measurement = fc.record(
  {
    name: fc.string({ minLength: 1, maxLength: 12 }),
    value: fc.double({ noNaN: true, noDefaultInfinity: true }),
    unit: fc.constantFrom('C', 'V', 'W', 'l/min'),
    low: fc.integer(),
    high: fc.integer(),
  },
  { requiredKeys: ['name', 'value', 'unit'] },
);
const occurredAt = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true })
  .map((date) => date.toISOString());

/** A well-formed event of any type, with the optional blocks its type allows. */
const wellFormedEvent = fc
  .record({
    eventId: fc.uuid({ version: [1, 4, 7] }).map((id) => id),
    upperCaseId: fc.boolean(),
    rackSerial: identifier,
    stationId: identifier,
    stage: fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/),
    type: fc.constantFrom(...STATION_EVENT_TYPES),
    occurredAt,
    operatorId: fc.option(identifier, { nil: undefined }),
    rackModel: fc.option(identifier, { nil: undefined }),
    details: fc.option(
      fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.string({ maxLength: 8 }), fc.integer())),
      {
        nil: undefined,
      },
    ),
    components: fc.array(component, { minLength: 1, maxLength: 4 }),
    failedComponents: fc.option(fc.array(identifier, { maxLength: 3 }), { nil: undefined }),
    failures: fc.option(
      fc.array(
        fc.record(
          {
            code: fc.oneof(
              fc.constantFrom('XID-79', 'LEAK-CRITICAL', 'FAB_A-TORQUE.2'),
              fc.stringMatching(/^[A-Z][A-Z0-9_]{1,15}-[A-Z0-9][A-Z0-9_.-]{0,47}$/),
            ),
            componentSerial: identifier,
            message: fc.string({ minLength: 1, maxLength: 30 }).filter((text) => !/\p{Cc}/u.test(text)),
          },
          { requiredKeys: ['code'] },
        ),
        { minLength: 1, maxLength: 3 },
      ),
      { nil: undefined },
    ),
    measurements: fc.option(fc.array(measurement, { maxLength: 3 }), { nil: undefined }),
    location: fc.option(
      fc.record({
        cell: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,8}$/),
        position: fc.integer({ min: 1, max: 10_000 }),
      }),
      { nil: undefined },
    ),
    reason: fc.option(fc.string({ minLength: 1, maxLength: 40 }), { nil: undefined }),
    reasonCode: fc.option(fc.constantFrom('mrb', 'material', 'facility', 'quality'), { nil: undefined }),
  })
  .map(
    ({
      upperCaseId,
      components,
      failedComponents,
      failures,
      measurements,
      location,
      reason,
      reasonCode,
      ...event
    }): Json => {
      const out: Json = { ...event, eventId: upperCaseId ? event.eventId.toUpperCase() : event.eventId };
      if (event.type === 'component_installed' || event.type === 'component_removed')
        out.components = components;
      if (event.type === 'failed') Object.assign(out, { failedComponents, failures });
      if (['passed', 'failed', 'completed'].includes(event.type)) out.measurements = measurements;
      if (event.type === 'started') out.location = location;
      if (event.type === 'hold' || event.type === 'release') Object.assign(out, { reason, reasonCode });
      return JSON.parse(JSON.stringify(out)) as Json;
    },
  );

/** Ways a terminal gets an event wrong, down to a single field. */
const hostileValue = fc.oneof(
  fc.constant(null),
  fc.constant(''),
  fc.constant('x'.repeat(70)),
  fc.constant('2026-02-30T10:00:00Z'),
  fc.constant('2026-11-24T10:00:00'),
  fc.constant('2026-11-24 10:00:00Z'),
  fc.constant('ffffffff-ffff-ffff-ffff-ffffffffffff'),
  fc.constant('0193d5b1-0a2b-0c2a-9a51-1f0c2b7e9d11'),
  fc.constant('Not A Stage'),
  fc.constant('toaster'),
  fc.constant([]),
  fc.constant([null]),
  fc.constant({}),
  fc.constant({ name: 'x', value: '1', unit: 'C' }),
  fc.constant({ serial: 'S1' }),
  fc.constant({ cell: 'BI-A1', position: 0 }),
  fc.constant({ cell: 'BI-A1', position: 1.5 }),
  fc.constant({ cell: 'BI A1', position: 3 }),
  fc.constant({ cell: 'BI-A1', position: 3, rack: 'x' }),
  fc.constant('x'.repeat(201)),
  fc.constant(Array.from({ length: 257 }, (_, index) => `S${index}`)),
  // What PostgreSQL cannot store; JSON carries them as the escapes \ud800 and \u0000.
  fc.constant('\ud800'),
  fc.constant('a\u0000b'),
  // Control characters a hold reason must not carry onto the board or into chat.
  fc.constant('two\nlines'),
  fc.constant('\u001b[2J'),
  fc.constant('bell\u0007'),
  fc.constant('c1 \u0085'),
  fc.constant({ note: 'x\udc00' }),
  fc.constant({ ['k\u0000']: 1 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.string({ maxLength: 5 }),
);
/** Identity and time of a hand-written event; each test adds its station, stage and type. */
const someEvent = {
  eventId: '0193d5b1-0a2b-7c2a-9a51-1f0c2b7e9d11',
  rackSerial: 'RK-1',
  occurredAt: '2026-11-24T09:12:40.000Z',
};
const fieldNames = [...STATION_EVENT_FIELDS, '__proto__', 'constructor', 'unknownField'];

const mutation = fc.oneof(
  fc.record({
    kind: fc.constant('set' as const),
    field: fc.constantFrom(...fieldNames),
    value: hostileValue,
  }),
  fc.record({ kind: fc.constant('delete' as const), field: fc.constantFrom(...fieldNames) }),
  fc.record({
    kind: fc.constant('nested' as const),
    list: fc.constantFrom('components', 'measurements', 'location', 'failures'),
    field: fc.constantFrom(
      'serial',
      'partNumber',
      'kind',
      'supplierId',
      'lot',
      'parentSerial',
      'name',
      'value',
      'unit',
      'low',
      'high',
      'cell',
      'position',
      'code',
      'componentSerial',
      'message',
      'extra',
    ),
    value: hostileValue,
  }),
);

function mutate(event: Json, mutations: readonly MutationSpec[]): string {
  const copy = JSON.parse(JSON.stringify(event)) as Json;
  for (const change of mutations) {
    if (change.kind === 'delete') delete copy[change.field];
    else if (change.kind === 'set') copy[change.field] = change.value;
    else {
      const list = copy[change.list];
      if (Array.isArray(list) && list.length > 0 && typeof list[0] === 'object' && list[0] !== null)
        (list[0] as Json)[change.field] = change.value;
      // A copy: the object may be one of the shared hostile constants.
      else if (list !== null && typeof list === 'object' && !Array.isArray(list))
        copy[change.list] = { ...(list as Json), [change.field]: change.value };
    }
  }
  // The wire carries JSON: a key named __proto__ arrives as an own property, as JSON.parse makes it.
  return JSON.stringify(copy).replace('"unknownField"', '"__proto__"');
}

type MutationSpec =
  | { kind: 'set'; field: string; value: unknown }
  | { kind: 'delete'; field: string }
  | { kind: 'nested'; list: string; field: string; value: unknown };

function fullValidator(json: string) {
  const event = plainToInstance(StationEventDto, JSON.parse(json) as unknown);
  return { event, errors: validateSync(event, { whitelist: true, forbidNonWhitelisted: true }) };
}

describe('acceptWellFormedStationEvent', () => {
  it('takes every well-formed event the contract allows, exactly as the full validator produces it', () => {
    fc.assert(
      fc.property(wellFormedEvent, (event) => {
        const json = JSON.stringify(event);
        const fast = acceptWellFormedStationEvent(JSON.parse(json));
        const slow = fullValidator(json);
        expect(slow.errors).toEqual([]);
        expect(fast).not.toBeNull();
        expect(JSON.parse(JSON.stringify(fast))).toEqual(JSON.parse(JSON.stringify(slow.event)));
        expect(stationEventContentHash(fast!)).toBe(stationEventContentHash(slow.event));
      }),
      { numRuns: 500 },
    );
  });

  it('never accepts what the full validator refuses, however the event is broken', () => {
    let refusedByBoth = 0;
    fc.assert(
      fc.property(wellFormedEvent, fc.array(mutation, { minLength: 1, maxLength: 3 }), (event, mutations) => {
        const json = mutate(event, mutations as MutationSpec[]);
        const fast = acceptWellFormedStationEvent(JSON.parse(json));
        const slow = fullValidator(json);
        if (fast === null) {
          if (slow.errors.length > 0) refusedByBoth += 1;
          return;
        }
        expect(slow.errors).toEqual([]);
        expect(JSON.parse(JSON.stringify(fast))).toEqual(JSON.parse(JSON.stringify(slow.event)));
        expect(stationEventContentHash(fast)).toBe(stationEventContentHash(slow.event));
      }),
      { numRuns: 3000 },
    );
    // The mutations must actually break events, or the property above proves nothing.
    expect(refusedByBoth).toBeGreaterThan(1000);
  });

  it("never accepts a date the full validator refuses, digit by digit in toISOString's shape", () => {
    const passedAt = (date: string) => ({
      ...someEvent,
      stationId: 'QA-01',
      stage: 'qa',
      type: 'passed',
      occurredAt: date,
    });
    const digits = (length: number) => fc.stringMatching(new RegExp(`^[0-9]{${length}}$`));
    const dateLike = fc
      .tuple(digits(4), digits(2), digits(2), digits(2), digits(2), digits(2), digits(3))
      .map(
        ([year, month, day, hour, minute, second, ms]) =>
          `${year}-${month}-${day}T${hour}:${minute}:${second}.${ms}Z`,
      );
    // Real-looking dates that are not: month ends, leap rules, the end of a day, the first millennium.
    const impossibleButShaped = fc.constantFrom(
      '2026-02-29T00:00:00.000Z',
      '2024-02-30T00:00:00.000Z',
      '2100-02-29T00:00:00.000Z',
      '2026-04-31T12:00:00.000Z',
      '2026-11-24T24:00:00.000Z',
      '2026-13-01T00:00:00.000Z',
      '2026-11-24T23:60:00.000Z',
      '0999-11-24T00:00:00.000Z',
    );
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof(dateLike, impossibleButShaped, occurredAt), (date) => {
        if (acceptWellFormedStationEvent(passedAt(date)) === null) return;
        accepted += 1;
        expect(fullValidator(JSON.stringify(passedAt(date))).errors).toEqual([]);
      }),
      { numRuns: 3000 },
    );
    expect(accepted).toBeGreaterThan(500);
    for (const leapDay of ['2024-02-29T23:59:59.999Z', '2000-02-29T00:00:00.000Z'])
      expect(acceptWellFormedStationEvent(passedAt(leapDay))).not.toBeNull();
  });

  it('leaves text and numbers PostgreSQL cannot store to the full validator, which refuses them', () => {
    const base = {
      eventId: '0193d5b1-0a2b-7c2a-9a51-1f0c2b7e9d11',
      rackSerial: 'RK-1',
      stationId: 'QA-01',
      stage: 'qa',
      type: 'passed',
      occurredAt: '2026-11-24T09:12:40.000Z',
    };
    const measurement = '{"name":"t","value":1,"unit":"C"}';
    for (const json of [
      `{"details":{"note":"\\ud800"}}`,
      `{"details":{"\\udfff":"key"}}`,
      `{"details":{"note":"a\\u0000"}}`,
      `{"details":{"big":1e400}}`,
      `{"measurements":[${measurement.replace('"t"', '"t\\ud800"')}]}`,
      `{"measurements":[${measurement.replace('"C"', '"C\\u0000"')}]}`,
      `{"measurements":[${measurement.replace('1', '-1e400')}]}`,
    ]) {
      const event = { ...base, ...(JSON.parse(json) as object) };
      expect(acceptWellFormedStationEvent(event)).toBeNull();
      // Validated as parsed: JSON.stringify would turn Infinity back into null.
      const slow = plainToInstance(StationEventDto, event);
      expect(validateSync(slow, { whitelist: true, forbidNonWhitelisted: true })).not.toEqual([]);
    }
    // Emoji are well-formed pairs, and fine on both paths.
    const emoji = { ...base, details: { note: '\ud83d\ude00' } };
    expect(acceptWellFormedStationEvent({ ...emoji })).not.toBeNull();
    expect(fullValidator(JSON.stringify(emoji)).errors).toEqual([]);
  });

  it('leaves a hold reason with a control character to the full validator, which names it', () => {
    const hold = { ...someEvent, stationId: 'BI-01', stage: 'burn_in', type: 'hold' };
    expect(acceptWellFormedStationEvent({ ...hold, reason: 'chiller trip, loop 3' })).not.toBeNull();
    for (const reason of ['chiller trip\nloop 3', 'tab\there', '\u001b[31mred', 'c1 \u0085']) {
      expect(acceptWellFormedStationEvent({ ...hold, reason })).toBeNull();
      expect(fullValidator(JSON.stringify({ ...hold, reason })).errors).toEqual([
        expect.objectContaining({ property: 'reason', constraints: { plainLine: expect.any(String) } }),
      ]);
    }
  });

  it('leaves a null field, a __proto__ key and an impossible date to the full validator', () => {
    const base = {
      eventId: '0193d5b1-0a2b-7c2a-9a51-1f0c2b7e9d11',
      rackSerial: 'RK-1',
      stationId: 'ASSY-01',
      stage: 'assembly',
      type: 'started',
      occurredAt: '2026-11-24T09:12:40.000Z',
    };
    expect(acceptWellFormedStationEvent({ ...base })).not.toBeNull();
    expect(acceptWellFormedStationEvent({ ...base, operatorId: null })).toBeNull();
    expect(
      acceptWellFormedStationEvent(JSON.parse(JSON.stringify(base).replace('{', '{"__proto__":{"x":1},'))),
    ).toBeNull();
    expect(acceptWellFormedStationEvent({ ...base, occurredAt: '2026-02-29T09:12:40Z' })).toBeNull();
    expect(
      acceptWellFormedStationEvent({ ...base, type: 'component_installed', components: [{ serial: 'S1' }] }),
    ).toBeNull();
  });
});
