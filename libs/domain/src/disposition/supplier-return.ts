import type { InstalledComponent } from '../rack/component-locator.js';

/** A `replace_part` disposition of a part still installed in the rack it failed in: a return waiting to open. */
export interface PendingReplacement {
  readonly failureEventId: string;
  readonly componentSerial: string;
  readonly rackSerial: string;
  readonly code: string;
  readonly occurredAt: Date;
}

/** A supplier return (RMA) case to open: the part as installed, and the failures that condemned it. */
export interface SupplierReturnOpening {
  readonly component: InstalledComponent;
  // The latest failure that dispositioned it replace_part; the case links to it.
  readonly failureEventId: string;
  readonly codes: readonly string[];
}

/**
 * Returns to open when rework takes parts out: one per removed part that has at least one pending replace_part
 * disposition in this rack. A part removed without one (a reseat, a wrong pick) opens nothing.
 */
export function supplierReturnsFor(
  removed: readonly InstalledComponent[],
  pendingOf: (componentSerial: string) => readonly PendingReplacement[],
): SupplierReturnOpening[] {
  const openings: SupplierReturnOpening[] = [];
  for (const component of removed) {
    const pending = pendingOf(component.serial).filter((entry) => entry.rackSerial === component.rackSerial);
    if (pending.length === 0) continue;
    const latest = pending.reduce((a, b) => (b.occurredAt.getTime() >= a.occurredAt.getTime() ? b : a));
    openings.push({
      component,
      failureEventId: latest.failureEventId,
      codes: [...new Set(pending.map((entry) => entry.code))].sort(),
    });
  }
  return openings;
}

/** Failures per 1,000 installed, to one decimal; null when nothing was installed. */
export function failuresPerThousand(failures: number, installed: number): number | null {
  if (installed <= 0) return null;
  return Math.round((failures / installed) * 10_000) / 10;
}

export interface LotEscapePolicy {
  // A lot is judged only once this many of its parts were installed in the window.
  readonly minInstalls: number;
  // …and this many of them failed: two failures are bad luck, not an escape.
  readonly minFailures: number;
  // It escapes when its failure rate exceeds factor × its part number's baseline.
  readonly factor: number;
  // A baseline of zero would make any failure an escape; it is never taken below this (per 1,000 installed).
  readonly baselineFloorPerThousand: number;
}

/** Installs and failed parts of one lot in the window. */
export interface LotRecord {
  readonly supplierId: string;
  readonly lot: string;
  readonly partNumber: string;
  readonly installed: number;
  readonly failed: number;
}

export interface LotJudgement extends LotRecord {
  readonly failuresPerThousand: number;
  // The part number's rate over its other lots (per 1,000), floored: what the lot is compared with.
  readonly baselinePerThousand: number;
  readonly factor: number;
  // Its rate ÷ (factor × baseline): above 1 the lot has escaped.
  readonly ratio: number;
}

/**
 * Every lot with enough installs and failures to judge, against the rest of its part number. The baseline is
 * the part number's other lots, so that one bad lot that dominates installs cannot hide itself by dragging its
 * own baseline up; a part number with a single lot has only the floor to compare with. Worst first.
 */
export function judgeLots(lots: readonly LotRecord[], policy: LotEscapePolicy): LotJudgement[] {
  const byPart = new Map<string, { installed: number; failed: number }>();
  for (const lot of lots) {
    const total = byPart.get(lot.partNumber) ?? { installed: 0, failed: 0 };
    byPart.set(lot.partNumber, {
      installed: total.installed + lot.installed,
      failed: total.failed + lot.failed,
    });
  }
  const judged: LotJudgement[] = [];
  for (const lot of lots) {
    if (lot.installed < policy.minInstalls || lot.failed < policy.minFailures) continue;
    const part = byPart.get(lot.partNumber)!;
    const otherInstalled = part.installed - lot.installed;
    const otherRate = otherInstalled > 0 ? ((part.failed - lot.failed) / otherInstalled) * 1000 : 0;
    const baseline = Math.max(otherRate, policy.baselineFloorPerThousand);
    const rate = (lot.failed / lot.installed) * 1000;
    judged.push({
      ...lot,
      failuresPerThousand: Math.round(rate * 10) / 10,
      baselinePerThousand: Math.round(baseline * 10) / 10,
      factor: policy.factor,
      ratio: rate / (policy.factor * baseline),
    });
  }
  return judged.sort(
    (a, b) => b.ratio - a.ratio || a.supplierId.localeCompare(b.supplierId) || a.lot.localeCompare(b.lot),
  );
}
