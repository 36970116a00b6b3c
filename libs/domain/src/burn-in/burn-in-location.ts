/** A numbered position in a burn-in cell: where a rack soaks. */
export interface BurnInLocation {
  readonly cell: string;
  readonly position: number;
}

/** A site's burn-in cell as registered by an admin. */
export interface BurnInCell {
  readonly siteId: string;
  readonly cellId: string;
  readonly positions: number;
  readonly kwPerPosition: number;
}

/**
 * What the state machine may ask about the burn-in positions of the site an event comes from. The tracker
 * answers from the database as the chunk's earlier events left it; the database's unique index has the last
 * word when two partitions race for one position.
 */
export interface BurnInPositions {
  cell(cellId: string): BurnInCell | undefined;
  // The serial of the rack holding the position, or undefined when it is free.
  occupant(location: BurnInLocation): string | undefined;
}

export const NO_BURN_IN_POSITIONS: BurnInPositions = Object.freeze({
  cell: () => undefined,
  occupant: () => undefined,
});

export function formatLocation(location: BurnInLocation): string {
  return `${location.cell}/${location.position}`;
}

export function sameLocation(left: BurnInLocation | null, right: BurnInLocation | null): boolean {
  return left?.cell === right?.cell && left?.position === right?.position;
}

function keyOf(location: BurnInLocation): string {
  return `${location.cell}\u0000${location.position}`;
}

/**
 * Positions as a run of decisions leaves them: the base answers until a decision in the run takes or frees a
 * position, so a later event of the same chunk (or replay) sees the earlier ones applied.
 */
export class BurnInOccupancy implements BurnInPositions {
  // serial, or null when a rack of this run freed a position the base still shows as taken.
  private readonly changed = new Map<string, string | null>();

  constructor(private readonly base: BurnInPositions) {}

  cell(cellId: string): BurnInCell | undefined {
    return this.base.cell(cellId);
  }

  occupant(location: BurnInLocation): string | undefined {
    const key = keyOf(location);
    if (this.changed.has(key)) return this.changed.get(key) ?? undefined;
    return this.base.occupant(location);
  }

  move(serial: string, from: BurnInLocation | null, to: BurnInLocation | null): void {
    if (sameLocation(from, to)) return;
    if (from !== null && this.occupant(from) === serial) this.changed.set(keyOf(from), null);
    if (to !== null) this.changed.set(keyOf(to), serial);
  }
}
