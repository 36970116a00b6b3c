/**
 * Drift between two databases that should hold the same racks: the live one, and one rebuilt from the
 * station-events log. Each side is reduced to one hash per rack (computed by the same SQL on both sides), so
 * comparing a year of racks is comparing two maps; only the racks that differ are read again in full, to say
 * what differs.
 */
export interface RackStateDrift {
  totals: {
    inBoth: number;
    agree: number;
    differ: number;
    onlyLive: number;
    onlyRebuilt: number;
  };
  /** Serials in both databases whose state hashes differ, sorted. */
  differing: string[];
  /** Serials only the live database has (e.g. their events are no longer kept by Kafka), sorted. */
  onlyLive: string[];
  /** Serials only the rebuilt database has, sorted. */
  onlyRebuilt: string[];
}

/** One field of a rack's state projection that differs between the two databases. */
export interface FieldDifference {
  field: string;
  live: unknown;
  rebuilt: unknown;
}

export function compareRackStateHashes(
  live: ReadonlyMap<string, string>,
  rebuilt: ReadonlyMap<string, string>,
): RackStateDrift {
  const differing: string[] = [];
  const onlyLive: string[] = [];
  let agree = 0;
  for (const [serial, hash] of live) {
    const other = rebuilt.get(serial);
    if (other === undefined) onlyLive.push(serial);
    else if (other === hash) agree += 1;
    else differing.push(serial);
  }
  const onlyRebuilt = [...rebuilt.keys()].filter((serial) => !live.has(serial));
  const bySerial = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    totals: {
      inBoth: agree + differing.length,
      agree,
      differ: differing.length,
      onlyLive: onlyLive.length,
      onlyRebuilt: onlyRebuilt.length,
    },
    differing: differing.sort(bySerial),
    onlyLive: onlyLive.sort(bySerial),
    onlyRebuilt: onlyRebuilt.sort(bySerial),
  };
}

export function hasDrift(drift: RackStateDrift): boolean {
  const { differ, onlyLive, onlyRebuilt } = drift.totals;
  return differ + onlyLive + onlyRebuilt > 0;
}

/**
 * The top-level fields of two projections of one rack that differ, in field order. Values are compared by
 * their JSON text: the projections come from jsonb, whose text form is canonical (sorted keys).
 */
export function differingFields(
  live: Readonly<Record<string, unknown>>,
  rebuilt: Readonly<Record<string, unknown>>,
): FieldDifference[] {
  const fields = [...new Set([...Object.keys(live), ...Object.keys(rebuilt)])].sort();
  return fields
    .filter((field) => JSON.stringify(live[field] ?? null) !== JSON.stringify(rebuilt[field] ?? null))
    .map((field) => ({ field, live: live[field] ?? null, rebuilt: rebuilt[field] ?? null }));
}
