import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { describeValidationErrors } from './station-event.message.js';
import { StationEventBatchDto, StationEventDto } from './station-event.dto.js';

const base = {
  eventId: '0193d5b1-0a2b-7c2a-9a51-1f0c2b7e9d11',
  rackSerial: 'RK-2026-000123',
  stationId: 'ASSY-03',
  stage: 'assembly',
  occurredAt: '2026-11-24T09:12:40.000Z',
};
const component = {
  serial: 'CT-1',
  partNumber: 'CT-GB-1U',
  kind: 'compute_tray',
  supplierId: 'sup-1',
  lot: 'L1',
};

function problems(dto: new () => object, plain: object) {
  return describeValidationErrors(
    validateSync(plainToInstance(dto, plain), { whitelist: true, forbidNonWhitelisted: true }),
  ).map((line) => {
    const split = line.indexOf(': ');
    return { path: line.slice(0, split), reason: line.slice(split + 2) };
  });
}

describe('StationEventDto', () => {
  it('accepts a plain event without components, and adds none', () => {
    const event = plainToInstance(StationEventDto, { ...base, type: 'started' });
    expect(validateSync(event, { whitelist: true, forbidNonWhitelisted: true })).toEqual([]);
    expect(JSON.parse(JSON.stringify(event))).toEqual({ ...base, type: 'started' });
  });

  it('accepts an install with complete components', () => {
    expect(
      problems(StationEventDto, { ...base, type: 'component_installed', components: [component] }),
    ).toEqual([]);
  });

  it.each(['component_installed', 'component_removed'])(
    'requires components on %s even when the field is missing',
    (type) => {
      expect(problems(StationEventDto, { ...base, type })).toEqual([
        { path: 'components', reason: 'components must contain at least 1 elements' },
        { path: 'components', reason: `components are required for ${type}` },
      ]);
    },
  );

  it('accepts failure codes on failed, with or without a part and a message', () => {
    const failures = [
      { code: 'XID-79', componentSerial: 'GPU-5512', message: 'GPU has fallen off the bus' },
      { code: 'LEAK-CRITICAL' },
    ];
    expect(problems(StationEventDto, { ...base, type: 'failed', failures })).toEqual([]);
  });

  it('names each failure field a terminal got wrong', () => {
    const failures = [
      { code: 'xid-79', componentSerial: 'GPU 1', message: 'line one\nline two' },
      { code: 'LEAK-CRITICAL', message: 'half a pair \ud800' },
    ];
    expect(problems(StationEventDto, { ...base, type: 'failed', failures })).toEqual([
      {
        path: 'failures.0.code',
        reason: 'code must be NAMESPACE-CODE in upper case, e.g. XID-79 or LEAK-CRITICAL',
      },
      {
        path: 'failures.0.componentSerial',
        reason: expect.stringContaining('componentSerial must be 1-64 characters'),
      },
      { path: 'failures.0.message', reason: expect.stringContaining('control character U+000A') },
      { path: 'failures.1.message', reason: expect.stringContaining('message') },
    ]);
  });

  it('refuses failure codes on anything but failed', () => {
    expect(problems(StationEventDto, { ...base, type: 'passed', failures: [{ code: 'XID-79' }] })).toEqual([
      { path: 'failures', reason: 'failures are only allowed on failed' },
    ]);
  });

  it('keeps the inherited rules of components', () => {
    expect(problems(StationEventDto, { ...base, type: 'started', components: [component] })).toEqual([
      {
        path: 'components',
        reason: 'components are only allowed on component_installed and component_removed',
      },
    ]);
    expect(
      problems(StationEventDto, {
        ...base,
        type: 'component_installed',
        components: [{ ...component, kind: 'toaster' }],
      }),
    ).toEqual([{ path: 'components.0.kind', reason: expect.stringContaining('kind must be one of') }]);
  });

  it('validates batch members with the same rules, with their index in the path', () => {
    expect(
      problems(StationEventBatchDto, {
        events: [
          { ...base, type: 'started' },
          { ...base, type: 'component_removed' },
        ],
      }),
    ).toEqual([
      { path: 'events.1.components', reason: 'components must contain at least 1 elements' },
      { path: 'events.1.components', reason: 'components are required for component_removed' },
    ]);
  });

  it.each([
    [
      'a lone surrogate in a measurement name',
      { measurements: [{ name: 't\ud800', value: 1, unit: 'C' }] },
      [
        {
          path: 'measurements.0.name',
          reason: 'name contains a lone UTF-16 surrogate (U+D800), which cannot be stored',
        },
      ],
    ],
    [
      'U+0000 in a measurement unit',
      { measurements: [{ name: 't', value: 1, unit: 'C\u0000' }] },
      [{ path: 'measurements.0.unit', reason: 'unit contains U+0000 (NUL), which cannot be stored' }],
    ],
    [
      'a measurement beyond double precision (1e400 parses as Infinity)',
      { measurements: [{ name: 't', value: JSON.parse('1e400') as number, unit: 'C' }] },
      [{ path: 'measurements.0.value', reason: expect.stringContaining('value must be a number') }],
    ],
    [
      'unstorable text and numbers in details, keys included',
      { details: JSON.parse('{"note":"\\ud800","\\u0000":1,"big":1e400}') as object },
      [
        {
          path: 'details',
          reason:
            'details.note: contains a lone UTF-16 surrogate (U+D800), which cannot be stored; ' +
            'details.\\u0000: key contains U+0000 (NUL), which cannot be stored; ' +
            'details.big: is beyond the range of a double-precision number (it reads as Infinity), which cannot be stored',
        },
      ],
    ],
  ])('refuses what PostgreSQL cannot store: %s', (_, fields, expected) => {
    expect(problems(StationEventDto, { ...base, type: 'passed', ...fields })).toEqual(expected);
  });

  it('keeps emoji, which are well-formed pairs', () => {
    expect(
      problems(StationEventDto, {
        ...base,
        type: 'passed',
        details: { note: 'ok \ud83d\ude00' },
        measurements: [{ name: 'mood \ud83d\ude00', value: 1, unit: '\u00b0C' }],
      }),
    ).toEqual([]);
  });

  it('keeps the batch bounds', () => {
    expect(problems(StationEventBatchDto, { events: [] })).toEqual([
      { path: 'events', reason: 'events must contain at least 1 elements' },
    ]);
  });
});

describe('StationEventDto burn-in fields', () => {
  const burnIn = { ...base, stage: 'burn_in' };

  it('accepts a start with a location and a hold with a reason and its code', () => {
    expect(
      problems(StationEventDto, { ...burnIn, type: 'started', location: { cell: 'BI-A1', position: 12 } }),
    ).toEqual([]);
    expect(
      problems(StationEventDto, {
        ...burnIn,
        type: 'hold',
        reason: 'chiller trip, loop 3',
        reasonCode: 'facility',
      }),
    ).toEqual([]);
  });

  it.each([
    [
      { type: 'passed', location: { cell: 'BI-A1', position: 1 } },
      'location',
      'location is only allowed on started',
    ],
    [
      { type: 'started', location: { cell: 'BI-A1', position: 0 } },
      'location.position',
      'position must be at least 1',
    ],
    [
      { type: 'started', location: { cell: 'BI-A1', position: 2.5 } },
      'location.position',
      'position must be a whole number',
    ],
    [
      { type: 'started', location: { cell: 'BI A1', position: 2 } },
      'location.cell',
      'cell must be 1-32 characters of letters, digits and . _ - (starting with a letter or digit)',
    ],
    [{ type: 'passed', reason: 'why not' }, 'reason', 'reason is only allowed on hold and release'],
    [{ type: 'hold', reason: 'x'.repeat(201) }, 'reason', 'reason must be 1-200 characters'],
    [{ type: 'hold', reason: 'bad \ud800 keyboard' }, 'reason', 'reason contains a lone UTF-16 surrogate'],
    [
      { type: 'hold', reason: 'chiller trip\nloop 3' },
      'reason',
      'reason contains the control character U+000A; it must be one line of plain text',
    ],
    [{ type: 'release', reason: 'ok \u001b[2J' }, 'reason', 'reason contains the control character U+001B'],
    [
      { type: 'hold', reasonCode: 'MRB!' },
      'reasonCode',
      'reasonCode must be lower_snake_case, at most 32 characters (e.g. mrb, material, facility, quality)',
    ],
  ])('refuses %j, naming %s', (fields, path, reason) => {
    expect(problems(StationEventDto, { ...burnIn, ...fields })).toContainEqual({
      path,
      reason: expect.stringContaining(reason),
    });
  });
});
