import type { DispositionRule, DispositionTable } from './disposition-table.js';

// Repeats count within a week: a rack's burn-in, rework and retest all fit in one.
const WEEK = 168;

function rows(patterns: readonly string[], rule: Omit<DispositionRule, 'pattern'>): DispositionRule[] {
  return patterns.map((pattern) => ({ pattern, ...rule }));
}

/**
 * The table the project ships (version 0), in force until an admin saves one. Written by us from public facts,
 * mapped to what a rack line can do (docs/dispositions.md gives the reasoning row by row):
 * - NVIDIA's Xid catalog gives each Xid an immediate-action resolution bucket. RESTART_APP codes are usually the
 *   workload's doing: retest. RESET_GPU codes clear with a reset, so the first is a retest and a repeat on the
 *   same GPU replaces it. Xid 79 (fallen off the bus) is a seating or power fault first: reseat, then replace.
 *   NVLink codes (WORKFLOW_NVLINK_ERR): reseat the link (cable cartridge, tray), then replace. UPDATE_SW codes:
 *   firmware. CONTACT_SUPPORT codes: engineering hold.
 * - SXid (NVSwitch): non-fatal ones retest, fatal ones reseat the switch tray then replace it.
 * - DCGM diagnostics name a severity per error: ISOLATE (take the GPU out: replace), RESET (retest after a
 *   reset, replace on repeat), TRIAGE (a person looks: engineering hold), CONFIG (fix the configuration or
 *   firmware).
 * - Redfish leak detectors report OK, Warning or Critical: Critical is an engineering hold at once (liquid in a
 *   rack is never retested blind), Warning reseats the quick-disconnect first.
 * - Coolant, PSU, visual and functional codes follow the same logic: mechanical faults reseat then escalate,
 *   electrical ones replace.
 * Anything no row covers goes to engineering hold (failure-disposition.ts).
 */
export const DEFAULT_DISPOSITION_RULES: readonly DispositionRule[] = Object.freeze([
  // Xid catalog, RESTART_APP: graphics/compute exceptions, page faults, stopped processing, preemptive cleanup,
  // contained ECC.
  ...rows(['XID-8', 'XID-11', 'XID-13', 'XID-31', 'XID-43', 'XID-45', 'XID-94'], {
    actions: ['retest', 'retest', 'engineering_hold'],
    windowHours: WEEK,
    why: 'Xid catalog: RESTART_APP (usually the test workload); retest',
  }),
  // Xid catalog, RESET_GPU: double-bit ECC, row remapping, uncontained ECC, GSP errors, unrecovered ECC.
  ...rows(['XID-48', 'XID-63', 'XID-64', 'XID-92', 'XID-95', 'XID-119', 'XID-120', 'XID-140'], {
    actions: ['retest', 'replace_part'],
    windowHours: WEEK,
    why: 'Xid catalog: RESET_GPU; a reset and retest clears it once, a repeat on the same GPU replaces it',
  }),
  {
    pattern: 'XID-79',
    actions: ['reseat', 'replace_part'],
    windowHours: WEEK,
    why: 'Xid 79, GPU fallen off the bus: seating or power first, the GPU on a repeat',
  },
  // Xid catalog, WORKFLOW_NVLINK_ERR: NVLink errors on Ampere/Hopper (74) and the Blackwell NVLink5 codes.
  ...rows(['XID-74', 'XID-144', 'XID-145', 'XID-146', 'XID-147', 'XID-148', 'XID-149', 'XID-150'], {
    actions: ['reseat', 'replace_part'],
    windowHours: WEEK,
    why: 'Xid catalog: NVLink error; reseat the link (tray, cable cartridge), then replace',
  }),
  ...rows(['XID-122', 'XID-123', 'XID-124'], {
    actions: ['fix_firmware', 'engineering_hold'],
    windowHours: WEEK,
    why: 'Xid catalog: SPI/firmware errors (UPDATE_SW); reflash, then engineering',
  }),
  {
    pattern: 'XID-*',
    actions: ['engineering_hold'],
    windowHours: WEEK,
    why: 'Xid catalog: CONTACT_SUPPORT or a code without a line action; engineering decides',
  },
  // NVSwitch SXids: non-fatal ones are logged and cleared, fatal ones take the switch tray down.
  {
    pattern: 'SXID-NONFATAL',
    actions: ['retest', 'reseat', 'replace_part'],
    windowHours: WEEK,
    why: 'NVSwitch non-fatal SXid: retest, reseat the switch tray on a repeat, then replace',
  },
  {
    pattern: 'SXID-*',
    actions: ['reseat', 'replace_part'],
    windowHours: WEEK,
    why: 'NVSwitch fatal SXid: reseat the switch tray, then replace it',
  },
  // DCGM diagnostic error severities.
  {
    pattern: 'DCGM-ISOLATE',
    actions: ['replace_part'],
    windowHours: WEEK,
    why: 'DCGM severity ISOLATE: the GPU must be taken out of service',
  },
  {
    pattern: 'DCGM-RESET',
    actions: ['retest', 'replace_part'],
    windowHours: WEEK,
    why: 'DCGM severity RESET: a reset and retest, replace on a repeat',
  },
  {
    pattern: 'DCGM-TRIAGE',
    actions: ['engineering_hold'],
    windowHours: WEEK,
    why: 'DCGM severity TRIAGE: needs a person to look',
  },
  {
    pattern: 'DCGM-CONFIG',
    actions: ['fix_firmware', 'engineering_hold'],
    windowHours: WEEK,
    why: 'DCGM severity CONFIG: fix the configuration or firmware',
  },
  {
    pattern: 'DCGM-*',
    actions: ['retest', 'engineering_hold'],
    windowHours: WEEK,
    why: 'DCGM diagnostic failure without a severity: retest once, then engineering',
  },
  // Redfish LeakDetector DetectorState.
  {
    pattern: 'LEAK-CRITICAL',
    actions: ['engineering_hold'],
    windowHours: WEEK,
    why: 'Redfish leak detector Critical: liquid in the rack, engineering hold',
  },
  {
    pattern: 'LEAK-WARNING',
    actions: ['reseat', 'engineering_hold'],
    windowHours: WEEK,
    why: 'Redfish leak detector Warning: reseat the quick-disconnect, engineering on a repeat',
  },
  {
    pattern: 'COOLANT-*',
    actions: ['reseat', 'replace_part', 'engineering_hold'],
    windowHours: WEEK,
    why: 'Coolant flow or pressure out of range: reseat the manifold connection, then replace the manifold',
  },
  {
    pattern: 'PSU-*',
    actions: ['replace_part', 'engineering_hold'],
    windowHours: WEEK,
    why: 'Power supply fault: replace the PSU, engineering if the new one fails too',
  },
  {
    pattern: 'VISUAL-*',
    actions: ['reseat', 'engineering_hold'],
    windowHours: WEEK,
    why: 'Visual inspection finding: rework the fitting or cable, engineering on a repeat',
  },
  {
    pattern: 'FUNC-*',
    actions: ['retest', 'engineering_hold'],
    windowHours: WEEK,
    why: 'Functional test failure: retest once, then engineering',
  },
]);

export const DEFAULT_DISPOSITION_TABLE: DispositionTable = Object.freeze({
  version: 0,
  rules: DEFAULT_DISPOSITION_RULES,
});
