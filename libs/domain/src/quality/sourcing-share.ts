// The domestic-sourcing share: installed parts by supplier country, overall, per kind and per rack. Pure.

/** Parts of one kind from one supplier country installed in one rack, as counted in storage. */
export interface SourcingCount {
  rackSerial: string;
  siteId: string;
  kind: string;
  country: string | null;
  parts: number;
}

export interface CountryShare {
  /** ISO 3166-1 alpha-2; null for parts from suppliers not registered with a country. */
  country: string | null;
  parts: number;
  /** Of the parts in the same scope, 0..1. */
  share: number;
}

export interface KindSourcing {
  kind: string;
  parts: number;
  byCountry: CountryShare[];
}

export interface RackSourcing {
  rackSerial: string;
  siteId: string;
  parts: number;
  byCountry: CountryShare[];
}

export interface Sourcing {
  parts: number;
  byCountry: CountryShare[];
  byKind: KindSourcing[];
  racks: RackSourcing[];
}

type Tally = Map<string | null, number>;

function add(tally: Tally, country: string | null, parts: number): void {
  tally.set(country, (tally.get(country) ?? 0) + parts);
}

// Largest share first; unknown countries last, so the registered ones read first.
function shares(tally: Tally): { parts: number; byCountry: CountryShare[] } {
  const parts = [...tally.values()].reduce((sum, count) => sum + count, 0);
  const byCountry = [...tally.entries()]
    .map(([country, count]) => ({ country, parts: count, share: parts === 0 ? 0 : count / parts }))
    .sort((left, right) => {
      if ((left.country === null) !== (right.country === null)) return left.country === null ? 1 : -1;
      return right.parts - left.parts || ((left.country ?? '') < (right.country ?? '') ? -1 : 1);
    });
  return { parts, byCountry };
}

function sortedKeys<V>(map: Map<string, V>): string[] {
  return [...map.keys()].sort();
}

export function sourcingShares(rows: readonly SourcingCount[]): Sourcing {
  const total: Tally = new Map();
  const kinds = new Map<string, Tally>();
  const racks = new Map<string, { siteId: string; tally: Tally }>();
  for (const row of rows) {
    add(total, row.country, row.parts);
    const kind = kinds.get(row.kind) ?? new Map();
    add(kind, row.country, row.parts);
    kinds.set(row.kind, kind);
    const rack = racks.get(row.rackSerial) ?? { siteId: row.siteId, tally: new Map() };
    add(rack.tally, row.country, row.parts);
    racks.set(row.rackSerial, rack);
  }
  return {
    ...shares(total),
    byKind: sortedKeys(kinds).map((kind) => ({ kind, ...shares(kinds.get(kind)!) })),
    racks: sortedKeys(racks).map((rackSerial) => {
      const rack = racks.get(rackSerial)!;
      return { rackSerial, siteId: rack.siteId, ...shares(rack.tally) };
    }),
  };
}
