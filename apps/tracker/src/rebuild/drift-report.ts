import { compareRackStateHashes, differingFields, hasDrift, type FieldDifference } from '#domain';
import type { PartitionReplay } from '#messaging';
import { readRackStateHashes, readRackStates, UnitOfWork } from '#persistence';

// Projections are read again only for racks whose hashes differ, this many serials per query.
const DETAIL_CHUNK = 500;

export interface DriftReport {
  totals: { inBoth: number; agree: number; differ: number; onlyLive: number; onlyRebuilt: number };
  drift: boolean;
  /** Partitions whose log no longer starts at offset 0: their earliest events are past retention. */
  partitionsPastRetention: { partition: number; oldestKeptOffset: string }[];
  differing: { serial: string; fields: FieldDifference[] }[];
  onlyLive: string[];
  onlyRebuilt: string[];
}

/**
 * Compares every rack's state hash in the live and the rebuilt database (the same SQL on both, each read in
 * one snapshot), then reads the differing racks' projections on both sides to name what differs.
 */
export async function compareDatabases(
  live: UnitOfWork,
  rebuilt: UnitOfWork,
  partitions: readonly PartitionReplay[],
): Promise<DriftReport> {
  const [liveHashes, rebuiltHashes] = await Promise.all([
    live.read((repositories) => readRackStateHashes(repositories.db)),
    rebuilt.read((repositories) => readRackStateHashes(repositories.db)),
  ]);
  const drift = compareRackStateHashes(liveHashes, rebuiltHashes);
  const differing: DriftReport['differing'] = [];
  for (let start = 0; start < drift.differing.length; start += DETAIL_CHUNK) {
    const serials = drift.differing.slice(start, start + DETAIL_CHUNK);
    const [liveStates, rebuiltStates] = await Promise.all([
      live.read((repositories) => readRackStates(repositories.db, serials)),
      rebuilt.read((repositories) => readRackStates(repositories.db, serials)),
    ]);
    for (const serial of serials)
      differing.push({
        serial,
        fields: differingFields(liveStates.get(serial) ?? {}, rebuiltStates.get(serial) ?? {}),
      });
  }
  return {
    totals: drift.totals,
    drift: hasDrift(drift),
    partitionsPastRetention: partitions
      .filter((p) => p.low > 0n)
      .map((p) => ({ partition: p.partition, oldestKeptOffset: p.low.toString() })),
    differing,
    onlyLive: drift.onlyLive,
    onlyRebuilt: drift.onlyRebuilt,
  };
}

function shown(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The report as people read it: totals, then up to `limit` racks that differ and what differs. */
export function describeDrift(report: DriftReport, limit: number): string[] {
  const { inBoth, agree, differ, onlyLive, onlyRebuilt } = report.totals;
  const lines = [
    `drift: racks in both ${inBoth}, agree ${agree}, differ ${differ}, only-live ${onlyLive}, only-rebuilt ${onlyRebuilt}`,
  ];
  for (const { serial, fields } of report.differing.slice(0, limit))
    lines.push(
      `  differs ${serial}: ${fields.map((f) => `${f.field} live ${shown(f.live)} rebuilt ${shown(f.rebuilt)}`).join('; ')}`,
    );
  if (report.differing.length > limit)
    lines.push(`  … and ${report.differing.length - limit} more (see the report file)`);
  for (const serial of report.onlyRebuilt.slice(0, limit)) lines.push(`  only-rebuilt ${serial}`);
  for (const serial of report.onlyLive.slice(0, limit)) lines.push(`  only-live ${serial}`);
  if (onlyLive > 0) {
    const past = report.partitionsPastRetention;
    lines.push(
      `  only-live racks have no events left in station-events: ` +
        (past.length > 0
          ? `partitions ${past.map((p) => `${p.partition} (from offset ${p.oldestKeptOffset})`).join(', ')} no longer start at 0; their oldest events are past retention`
          : 'every partition still starts at offset 0, so these were written by something other than the replayed events'),
    );
  }
  lines.push(report.drift ? 'drift found' : 'no drift');
  return lines;
}
