// Failure Pareto and retest distribution from the counts the repository aggregates (first-pass yield is the domain's firstPassYield).
// Pure: the figures a quality engineer acts on are computed (and unit-tested) here, not in SQL.
import { compareStages, type FirstOutcomeGroup } from '../throughput/first-pass-yield.js';

/** Failures of one group (a part number, supplier, lot or measurement) in the window, as counted in storage. */
export interface FailureGroup {
  key: string;
  failures: number;
  racks: number;
  /**
   * partNumber: the part's kind; supplier: its registered name; lot: the supplier of the lot; code: the action
   * its failures were most often dispositioned to.
   */
  label: string | null;
  /** supplier: its registered country. */
  country: string | null;
  /** lot: the part number(s) of the lot. */
  partNumbers: string[] | null;
}

export interface ParetoEntry {
  key: string;
  label: string | null;
  country: string | null;
  partNumbers: string[] | null;
  failures: number;
  racks: number;
  /** Of all failures in the window, 0..1. */
  share: number;
  /** This entry and every larger one, 0..1: where the curve crosses 0.8 is the vital few. */
  cumulativeShare: number;
}

export interface Pareto {
  totalFailures: number;
  entries: ParetoEntry[];
  /** Failures of the groups beyond `limit`, so the entries plus this always add up to the total. */
  otherFailures: number;
  otherGroups: number;
}

export interface RetestBucket {
  retests: number;
  racks: number;
}

export interface StageRetests {
  stage: string;
  racks: number;
  meanRetests: number;
  distribution: RetestBucket[];
}

function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

/** Largest first (ties by key, so the order is stable), cut at `limit` with the rest summed. */
export function pareto(groups: readonly FailureGroup[], limit: number): Pareto {
  const sorted = [...groups].sort(
    (left, right) =>
      right.failures - left.failures || (left.key < right.key ? -1 : left.key > right.key ? 1 : 0),
  );
  const totalFailures = sorted.reduce((sum, group) => sum + group.failures, 0);
  let running = 0;
  const entries = sorted.slice(0, limit).map((group): ParetoEntry => {
    running += group.failures;
    return {
      key: group.key,
      label: group.label,
      country: group.country,
      partNumbers: group.partNumbers,
      failures: group.failures,
      racks: group.racks,
      share: ratio(group.failures, totalFailures) ?? 0,
      cumulativeShare: ratio(running, totalFailures) ?? 0,
    };
  });
  return {
    totalFailures,
    entries,
    otherFailures: totalFailures - running,
    otherGroups: Math.max(0, sorted.length - limit),
  };
}

/** Per stage, how many racks needed 0, 1, 2, … retests (outcomes after the first). */
export function retestDistribution(rows: readonly FirstOutcomeGroup[]): StageRetests[] {
  const stages = new Map<string, Map<number, number>>();
  for (const row of rows) {
    const buckets = stages.get(row.stage) ?? new Map<number, number>();
    const retests = Math.max(0, row.attempts - 1);
    buckets.set(retests, (buckets.get(retests) ?? 0) + row.racks);
    stages.set(row.stage, buckets);
  }
  return [...stages.entries()]
    .sort(([left], [right]) => compareStages(left, right))
    .map(([stage, buckets]) => {
      const distribution = [...buckets.entries()]
        .map(([retests, racks]) => ({ retests, racks }))
        .sort((left, right) => left.retests - right.retests);
      const racks = distribution.reduce((sum, bucket) => sum + bucket.racks, 0);
      const retests = distribution.reduce((sum, bucket) => sum + bucket.retests * bucket.racks, 0);
      return { stage, racks, meanRetests: ratio(retests, racks) ?? 0, distribution };
    });
}
