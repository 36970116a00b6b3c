import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';

import { DEFAULT_DISPOSITION_TABLE } from './default-disposition-table.js';
import { ruleFor, validateDispositionRules, type DispositionTable } from './disposition-table.js';
import {
  disposeFailures,
  FailureHistoryOverlay,
  InMemoryFailureHistory,
  NO_FAILURE_HISTORY,
  type FailureDisposition,
} from './failure-disposition.js';
import type { FailureReport } from './failure-report.js';

const HOUR = 3_600_000;
const AT = new Date('2026-12-01T10:00:00Z');
const hoursBefore = (hours: number) => new Date(AT.getTime() - hours * HOUR);

const TABLE: DispositionTable = {
  version: 7,
  rules: [
    { pattern: 'XID-*', actions: ['engineering_hold'], windowHours: 24, why: 'any Xid' },
    { pattern: 'XID-7*', actions: ['retest'], windowHours: 24, why: 'seventies' },
    { pattern: 'XID-79', actions: ['reseat', 'replace_part'], windowHours: 24, why: 'off the bus' },
  ],
};

describe('ruleFor', () => {
  it.each([
    ['XID-79', 'XID-79'],
    ['XID-74', 'XID-7*'],
    ['XID-48', 'XID-*'],
  ])(
    '%s is decided by row %s: exact beats prefix, longer prefix beats shorter, whatever the order',
    (code, pattern) => {
      expect(ruleFor(TABLE, code)?.pattern).toBe(pattern);
      expect(ruleFor({ ...TABLE, rules: [...TABLE.rules].reverse() }, code)?.pattern).toBe(pattern);
    },
  );
});

describe('escalation', () => {
  const xid79 = (serial = 'GPU-1'): FailureReport => ({ code: 'XID-79', componentSerial: serial });

  it('takes the next action for the same code on the same part within the window', () => {
    const history = new InMemoryFailureHistory([
      { code: 'XID-79', subjectSerial: 'GPU-1', occurredAt: hoursBefore(23) },
    ]);

    const [disposition] = disposeFailures(TABLE, history, [xid79()], 'RK-1', AT);

    expect(disposition).toMatchObject({
      action: 'replace_part',
      occurrence: 2,
      tableVersion: 7,
      pattern: 'XID-79',
    });
    expect(disposition!.why).toBe('off the bus; occurrence 2 within 24 h on GPU-1 (row XID-79, table v7)');
  });

  it.each([
    ['outside the window', 'XID-79', 'GPU-1', 25],
    ['on another part', 'XID-79', 'GPU-2', 1],
    ['for another code', 'XID-74', 'GPU-1', 1],
  ])('starts again %s', (_, code, subjectSerial, hoursAgo) => {
    const history = new InMemoryFailureHistory([{ code, subjectSerial, occurredAt: hoursBefore(hoursAgo) }]);

    expect(disposeFailures(TABLE, history, [xid79()], 'RK-1', AT)[0]).toMatchObject({
      action: 'reseat',
      occurrence: 1,
    });
  });

  it('keeps the last action past the end of the ladder', () => {
    const history = new InMemoryFailureHistory(
      [1, 2, 3].map((hours) => ({ code: 'XID-79', subjectSerial: 'GPU-1', occurredAt: hoursBefore(hours) })),
    );

    expect(disposeFailures(TABLE, history, [xid79()], 'RK-1', AT)[0]).toMatchObject({
      action: 'replace_part',
      occurrence: 4,
    });
  });

  it('counts a failure without a part against the rack', () => {
    const history = new InMemoryFailureHistory([
      { code: 'XID-79', subjectSerial: 'RK-1', occurredAt: hoursBefore(1) },
    ]);

    expect(disposeFailures(TABLE, history, [{ code: 'XID-79' }], 'RK-1', AT)[0]).toMatchObject({
      subjectSerial: 'RK-1',
      componentSerial: null,
      action: 'replace_part',
    });
  });

  it('counts the same code twice in one event as two occurrences', () => {
    const actions = disposeFailures(TABLE, NO_FAILURE_HISTORY, [xid79(), xid79()], 'RK-1', AT).map(
      (d) => d.action,
    );

    expect(actions).toEqual(['reseat', 'replace_part']);
  });
});

describe('validateDispositionRules', () => {
  it('names every problem by its row', () => {
    const problems = validateDispositionRules([
      { pattern: 'xid-79', actions: ['reseat'], windowHours: 24, why: 'x' },
      { pattern: 'XID-79', actions: [], windowHours: 0, why: '' },
      { pattern: 'XID-79', actions: ['pray' as 'retest'], windowHours: 24, why: 'y' },
    ]);

    expect(problems).toEqual([
      'rules[0].pattern must be a code such as XID-79 or a prefix such as XID-* (upper case)',
      'rules[1].actions must list 1 to 5 actions',
      'rules[1].windowHours must be more than 0 and at most 2160',
      'rules[1].why must be 1-200 characters',
      'rules[2].pattern XID-79 repeats rules[1]',
      'rules[2].actions[0] must be one of: retest, reseat, fix_firmware, replace_part, engineering_hold',
    ]);
  });
});

// Failures on a handful of parts and codes, hours apart, so repeats and windows both happen.
const failureArbitrary = fc.record({
  code: fc.constantFrom('XID-79', 'XID-48', 'XID-13', 'LEAK-WARNING', 'DCGM-RESET', 'SITE-ODD'),
  componentSerial: fc.option(fc.constantFrom('GPU-1', 'GPU-2', 'PSU-1'), { nil: undefined }),
});
const eventArbitrary = fc.record({
  hoursLater: fc.integer({ min: 0, max: 200 }),
  rack: fc.constantFrom('RK-1', 'RK-2'),
  failures: fc.array(failureArbitrary, { minLength: 1, maxLength: 3 }),
});
// Events on a clock that only moves forward, hours apart.
const timedEvents = fc.array(eventArbitrary, { minLength: 1, maxLength: 30 }).map((drawn) => {
  let clock = AT.getTime();
  return drawn.map(({ hoursLater, rack, failures }) => {
    clock += hoursLater * HOUR;
    return { at: new Date(clock), rack, failures: failures as FailureReport[] };
  });
});

function replay(
  events: readonly { at: Date; rack: string; failures: FailureReport[] }[],
  table: DispositionTable,
) {
  const history = new FailureHistoryOverlay(NO_FAILURE_HISTORY);
  return events.map(({ at, rack, failures }) => {
    const decided = disposeFailures(table, history, failures, rack, at);
    history.record(decided, at);
    return decided;
  });
}

describe('a replay', () => {
  it('gives the same dispositions as the live line, which loaded its history from stored rows', () => {
    fc.assert(
      fc.property(timedEvents, (events) => {
        const firstRun = replay(events, DEFAULT_DISPOSITION_TABLE);
        // The live tracker sees the past as rows read back from the database, one chunk at a time.
        const stored: { code: string; subjectSerial: string; occurredAt: Date }[] = [];
        const live: FailureDisposition[][] = events.map(({ at, rack, failures }) => {
          const decided = disposeFailures(
            DEFAULT_DISPOSITION_TABLE,
            new InMemoryFailureHistory(stored),
            failures,
            rack,
            at,
          );
          stored.push(...decided.map(({ code, subjectSerial }) => ({ code, subjectSerial, occurredAt: at })));
          return decided;
        });
        expect(live).toEqual(firstRun);
        expect(replay(events, DEFAULT_DISPOSITION_TABLE)).toEqual(firstRun);
      }),
    );
  });

  it('counts as a repeat exactly the earlier failures of the code on the subject within the row’s window', () => {
    fc.assert(
      fc.property(timedEvents, (events) => {
        const decided = replay(events, DEFAULT_DISPOSITION_TABLE);
        // An independent account: every failure so far, as (code, subject, time), counted by brute force.
        const seen: { code: string; subject: string; at: number }[] = [];
        events.forEach(({ at, rack, failures }, index) => {
          failures.forEach((failure, position) => {
            const subject = failure.componentSerial ?? rack;
            const rule = ruleFor(DEFAULT_DISPOSITION_TABLE, failure.code);
            const windowMs = (rule?.windowHours ?? 0) * HOUR;
            const earlier = seen.filter(
              (entry) =>
                entry.code === failure.code &&
                entry.subject === subject &&
                entry.at >= at.getTime() - windowMs,
            ).length;
            const disposition = decided[index]![position]!;
            expect(disposition.occurrence).toBe(rule === undefined ? 1 : earlier + 1);
            const ladder = rule?.actions ?? ['engineering_hold'];
            expect(disposition.action).toBe(ladder[Math.min(disposition.occurrence, ladder.length) - 1]);
            // The same code twice in one event is two occurrences, in order.
            seen.push({ code: failure.code, subject, at: at.getTime() });
          });
        });
      }),
    );
  });
});
