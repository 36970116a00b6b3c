// The as-built tree and its install/removal timeline, derived from a rack's stays (one per component per
// time in the rack). Pure, so that "the tree at time t" can be checked against a replay of the events.

/** One component's time in a rack, as far as the tree needs it (a tree is one rack's, so no rack serial). */
export interface ComponentStay {
  componentSerial: string;
  partNumber: string;
  kind: string;
  supplierId: string;
  lot: string;
  parentSerial: string | null;
  installedEventId: string;
  installedAt: Date;
  removedEventId: string | null;
  removedAt: Date | null;
}

export interface ComponentTreeNode {
  stay: ComponentStay;
  children: ComponentTreeNode[];
}

export interface ComponentMovement {
  eventId: string;
  type: 'component_installed' | 'component_removed';
  occurredAt: Date;
  stays: ComponentStay[];
}

/**
 * In the rack at `at`: installed at or before it and not yet removed (a removal at exactly `at` has
 * happened). `null` means now, where only the removal matters, whatever the terminals' clocks said.
 */
export function isInstalledAt(stay: ComponentStay, at: Date | null): boolean {
  if (at === null) return stay.removedAt === null;
  return (
    stay.installedAt.getTime() <= at.getTime() &&
    (stay.removedAt === null || stay.removedAt.getTime() > at.getTime())
  );
}

/**
 * The components installed at `at`, nested under their parents, in the order given (install order). A child
 * whose parent is not in the tree at that moment is kept at the root rather than hidden: the tracker never
 * writes such a tree, so showing it is how a damaged one gets noticed.
 */
export function buildComponentTree(stays: readonly ComponentStay[], at: Date | null): ComponentTreeNode[] {
  const present = stays.filter((stay) => isInstalledAt(stay, at));
  const nodes = new Map<string, ComponentTreeNode>();
  for (const stay of present) nodes.set(stay.componentSerial, { stay, children: [] });
  const roots: ComponentTreeNode[] = [];
  for (const stay of present) {
    const node = nodes.get(stay.componentSerial)!;
    const parent = stay.parentSerial === null ? undefined : nodes.get(stay.parentSerial);
    if (parent !== undefined && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/** Installed components per kind at `at`, kinds with none left out (as the rack's slotCounts). */
export function countByKind(stays: readonly ComponentStay[], at: Date | null): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const stay of stays) {
    if (isInstalledAt(stay, at)) counts[stay.kind] = (counts[stay.kind] ?? 0) + 1;
  }
  return counts;
}

/**
 * Every install and removal, one entry per event, up to `at` when given. Ordered by `eventOrder` (the
 * events' Kafka order, the order of truth) where it knows the event, else by time.
 */
export function componentMovements(
  stays: readonly ComponentStay[],
  at: Date | null,
  eventOrder: ReadonlyMap<string, number> = new Map(),
): ComponentMovement[] {
  const byEvent = new Map<string, ComponentMovement>();
  const add = (eventId: string, type: ComponentMovement['type'], occurredAt: Date, stay: ComponentStay) => {
    if (at !== null && occurredAt.getTime() > at.getTime()) return;
    const key = `${type}:${eventId}`;
    const movement = byEvent.get(key) ?? { eventId, type, occurredAt, stays: [] };
    movement.stays.push(stay);
    byEvent.set(key, movement);
  };
  for (const stay of stays) {
    add(stay.installedEventId, 'component_installed', stay.installedAt, stay);
    if (stay.removedEventId !== null && stay.removedAt !== null)
      add(stay.removedEventId, 'component_removed', stay.removedAt, stay);
  }
  const rank = (movement: ComponentMovement): number =>
    eventOrder.get(movement.eventId) ?? Number.POSITIVE_INFINITY;
  return [...byEvent.values()].sort((left, right) => {
    const byOrder = rank(left) - rank(right);
    if (!Number.isNaN(byOrder) && byOrder !== 0) return byOrder;
    return left.occurredAt.getTime() - right.occurredAt.getTime();
  });
}
