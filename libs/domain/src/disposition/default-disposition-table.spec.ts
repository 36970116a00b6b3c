import { describe, expect, it } from '@jest/globals';

import { DEFAULT_DISPOSITION_TABLE } from './default-disposition-table.js';
import { ruleFor, validateDispositionRules, type DispositionAction } from './disposition-table.js';
import { disposeFailures, NO_FAILURE_HISTORY, type FailureHistory } from './failure-disposition.js';

const RACK = 'RK-1';
const AT = new Date('2026-12-01T10:00:00Z');

/** What the shipped table answers for a code on its first occurrence and on a repeat a day later. */
function ladderOf(code: string): [DispositionAction, DispositionAction] {
  const first = disposeFailures(
    DEFAULT_DISPOSITION_TABLE,
    NO_FAILURE_HISTORY,
    [{ code, componentSerial: 'P-1' }],
    RACK,
    AT,
  );
  const seenYesterday: FailureHistory = { occurrences: () => [new Date(AT.getTime() - 86_400_000)] };
  const repeat = disposeFailures(
    DEFAULT_DISPOSITION_TABLE,
    seenYesterday,
    [{ code, componentSerial: 'P-1' }],
    RACK,
    AT,
  );
  return [first[0]!.action, repeat[0]!.action];
}

describe('the shipped disposition table', () => {
  it('is a table an admin could have saved', () => {
    expect(validateDispositionRules(DEFAULT_DISPOSITION_TABLE.rules)).toEqual([]);
  });

  // One line per row, so a changed row fails here by name: [a code the row covers, first action, on a repeat].
  it.each<[string, DispositionAction, DispositionAction]>([
    // Xid catalog RESTART_APP
    ['XID-8', 'retest', 'retest'],
    ['XID-11', 'retest', 'retest'],
    ['XID-13', 'retest', 'retest'],
    ['XID-31', 'retest', 'retest'],
    ['XID-43', 'retest', 'retest'],
    ['XID-45', 'retest', 'retest'],
    ['XID-94', 'retest', 'retest'],
    // Xid catalog RESET_GPU
    ['XID-48', 'retest', 'replace_part'],
    ['XID-63', 'retest', 'replace_part'],
    ['XID-64', 'retest', 'replace_part'],
    ['XID-92', 'retest', 'replace_part'],
    ['XID-95', 'retest', 'replace_part'],
    ['XID-119', 'retest', 'replace_part'],
    ['XID-120', 'retest', 'replace_part'],
    ['XID-140', 'retest', 'replace_part'],
    // fallen off the bus
    ['XID-79', 'reseat', 'replace_part'],
    // NVLink
    ['XID-74', 'reseat', 'replace_part'],
    ['XID-144', 'reseat', 'replace_part'],
    ['XID-145', 'reseat', 'replace_part'],
    ['XID-146', 'reseat', 'replace_part'],
    ['XID-147', 'reseat', 'replace_part'],
    ['XID-148', 'reseat', 'replace_part'],
    ['XID-149', 'reseat', 'replace_part'],
    ['XID-150', 'reseat', 'replace_part'],
    // firmware
    ['XID-122', 'fix_firmware', 'engineering_hold'],
    ['XID-123', 'fix_firmware', 'engineering_hold'],
    ['XID-124', 'fix_firmware', 'engineering_hold'],
    // any other Xid (XID-*)
    ['XID-62', 'engineering_hold', 'engineering_hold'],
    ['SXID-NONFATAL', 'retest', 'reseat'],
    ['SXID-22013', 'reseat', 'replace_part'],
    ['DCGM-ISOLATE', 'replace_part', 'replace_part'],
    ['DCGM-RESET', 'retest', 'replace_part'],
    ['DCGM-TRIAGE', 'engineering_hold', 'engineering_hold'],
    ['DCGM-CONFIG', 'fix_firmware', 'engineering_hold'],
    ['DCGM-PCIE_REPLAY', 'retest', 'engineering_hold'],
    ['LEAK-CRITICAL', 'engineering_hold', 'engineering_hold'],
    ['LEAK-WARNING', 'reseat', 'engineering_hold'],
    ['COOLANT-LOW_FLOW', 'reseat', 'replace_part'],
    ['PSU-OVERVOLTAGE', 'replace_part', 'engineering_hold'],
    ['VISUAL-BENT_PIN', 'reseat', 'engineering_hold'],
    ['FUNC-BOOT', 'retest', 'engineering_hold'],
  ])('%s: %s, then %s on a repeat', (code, first, repeat) => {
    expect(ladderOf(code)).toEqual([first, repeat]);
  });

  it('covers every row by the table above', () => {
    // Each row's pattern, turned into a code it covers, must appear in the table test (no untested row).
    const tested = new Set(
      [
        'XID-8',
        'XID-11',
        'XID-13',
        'XID-31',
        'XID-43',
        'XID-45',
        'XID-94',
        'XID-48',
        'XID-63',
        'XID-64',
        'XID-92',
        'XID-95',
        'XID-119',
        'XID-120',
        'XID-140',
        'XID-79',
        'XID-74',
        'XID-144',
        'XID-145',
        'XID-146',
        'XID-147',
        'XID-148',
        'XID-149',
        'XID-150',
        'XID-122',
        'XID-123',
        'XID-124',
        'XID-62',
        'SXID-NONFATAL',
        'SXID-22013',
        'DCGM-ISOLATE',
        'DCGM-RESET',
        'DCGM-TRIAGE',
        'DCGM-CONFIG',
        'DCGM-PCIE_REPLAY',
        'LEAK-CRITICAL',
        'LEAK-WARNING',
        'COOLANT-LOW_FLOW',
        'PSU-OVERVOLTAGE',
        'VISUAL-BENT_PIN',
        'FUNC-BOOT',
      ].map((code) => ruleFor(DEFAULT_DISPOSITION_TABLE, code)?.pattern),
    );
    expect(DEFAULT_DISPOSITION_TABLE.rules.map((rule) => rule.pattern).filter((p) => !tested.has(p))).toEqual(
      [],
    );
  });

  it('sends a code in a namespace nobody wrote a row for to engineering hold, saying so', () => {
    const [disposition] = disposeFailures(
      DEFAULT_DISPOSITION_TABLE,
      NO_FAILURE_HISTORY,
      [{ code: 'FAB_A-TORQUE' }],
      RACK,
      AT,
    );

    expect(disposition).toMatchObject({ action: 'engineering_hold', pattern: null, subjectSerial: RACK });
    expect(disposition!.why).toContain('no row of disposition table v0 covers FAB_A-TORQUE');
  });
});
