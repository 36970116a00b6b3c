import type { ComponentKind } from './rack-vocabulary.js';
import type { StationEvent } from './station-event.js';

export interface InstalledComponent {
  readonly serial: string;
  readonly rackSerial: string;
  readonly partNumber: string;
  readonly kind: ComponentKind;
  readonly supplierId: string;
  readonly lot: string;
  readonly parentSerial: string | null;
}

// The current installs across ALL racks: a serial may sit in only one rack, so the machine must
// see the other racks too. Synchronous on purpose: the caller loads what a batch needs beforehand.
export interface ComponentLocator {
  find(serial: string): InstalledComponent | undefined;
  childrenOf(serial: string): readonly string[];
}

// The genealogy part of an accepted decision; applying it keeps a locator in step within one batch.
export interface ComponentChanges {
  readonly installed: readonly InstalledComponent[];
  readonly removed: readonly InstalledComponent[];
}

function label(component: InstalledComponent): string {
  return `${component.serial} (rack ${component.rackSerial})`;
}

// Applying changes the machine did not derive from this same view is a caller bug; failing loudly
// beats silently forking the genealogy.
function assertApplicable(locator: ComponentLocator, changes: ComponentChanges): void {
  for (const component of changes.removed) {
    const current = locator.find(component.serial);
    if (current?.rackSerial !== component.rackSerial) {
      throw new Error(`cannot remove ${label(component)}: it is not installed there`);
    }
  }
  const removedSerials = new Set(changes.removed.map((component) => component.serial));
  for (const component of changes.installed) {
    if (locator.find(component.serial) !== undefined && !removedSerials.has(component.serial)) {
      throw new Error(`cannot install ${label(component)}: it is already installed`);
    }
  }
}

export class InMemoryComponentLocator implements ComponentLocator {
  private readonly bySerial = new Map<string, InstalledComponent>();
  private readonly childrenByParent = new Map<string, Set<string>>();

  constructor(components: Iterable<InstalledComponent> = []) {
    for (const component of components) {
      if (this.bySerial.has(component.serial)) {
        throw new Error(`component ${component.serial} is listed twice`);
      }
      this.add(component);
    }
  }

  find(serial: string): InstalledComponent | undefined {
    return this.bySerial.get(serial);
  }

  childrenOf(serial: string): readonly string[] {
    return [...(this.childrenByParent.get(serial) ?? [])];
  }

  componentsOf(rackSerial: string): InstalledComponent[] {
    return [...this.bySerial.values()].filter((component) => component.rackSerial === rackSerial);
  }

  all(): InstalledComponent[] {
    return [...this.bySerial.values()];
  }

  apply(changes: ComponentChanges): void {
    assertApplicable(this, changes);
    for (const component of changes.removed) {
      this.delete(component.serial);
    }
    for (const component of changes.installed) {
      this.add(component);
    }
  }

  private add(component: InstalledComponent): void {
    // Copied so that a caller mutating its own object cannot rewrite the genealogy behind our back.
    this.bySerial.set(component.serial, Object.freeze({ ...component }));
    if (component.parentSerial !== null) {
      const siblings = this.childrenByParent.get(component.parentSerial) ?? new Set<string>();
      siblings.add(component.serial);
      this.childrenByParent.set(component.parentSerial, siblings);
    }
  }

  private delete(serial: string): void {
    const component = this.bySerial.get(serial);
    if (component === undefined) {
      return;
    }
    this.bySerial.delete(serial);
    if (component.parentSerial !== null) {
      const siblings = this.childrenByParent.get(component.parentSerial);
      siblings?.delete(serial);
      if (siblings?.size === 0) {
        this.childrenByParent.delete(component.parentSerial);
      }
    }
  }
}

// Layers the decisions of a batch (or a replay) over a view the caller owns, without mutating that view.
export class ComponentLocatorOverlay implements ComponentLocator {
  private readonly installed = new Map<string, InstalledComponent>();
  private readonly removed = new Set<string>();

  constructor(private readonly base: ComponentLocator) {}

  find(serial: string): InstalledComponent | undefined {
    const installed = this.installed.get(serial);
    if (installed !== undefined) {
      return installed;
    }
    return this.removed.has(serial) ? undefined : this.base.find(serial);
  }

  childrenOf(serial: string): readonly string[] {
    const candidates = new Set<string>(this.base.childrenOf(serial));
    for (const component of this.installed.values()) {
      if (component.parentSerial === serial) {
        candidates.add(component.serial);
      }
    }
    // A base child may have been removed, or removed and reinstalled under another parent.
    return [...candidates].filter((child) => this.find(child)?.parentSerial === serial);
  }

  apply(changes: ComponentChanges): void {
    assertApplicable(this, changes);
    for (const component of changes.removed) {
      this.installed.delete(component.serial);
      this.removed.add(component.serial);
    }
    for (const component of changes.installed) {
      this.installed.set(component.serial, Object.freeze({ ...component }));
    }
  }
}

export interface ComponentLookups {
  // Serials whose current install (if any) the locator must know: listed, parents, failed, named by a failure.
  readonly serials: string[];
  // Serials whose children the locator must know, because the batch removes them.
  readonly parents: string[];
}

// What a batch needs preloaded into an InMemoryComponentLocator so that decide() never misses a row.
export function componentLookupsFor(events: readonly StationEvent[]): ComponentLookups {
  const serials = new Set<string>();
  const parents = new Set<string>();
  for (const event of events) {
    for (const ref of event.components ?? []) {
      serials.add(ref.serial);
      if (ref.parentSerial !== undefined) {
        serials.add(ref.parentSerial);
      }
      if (event.type === 'component_removed') {
        parents.add(ref.serial);
      }
    }
    for (const serial of event.failedComponents ?? []) {
      serials.add(serial);
    }
    for (const failure of event.failures ?? []) {
      if (failure.componentSerial !== undefined) serials.add(failure.componentSerial);
    }
  }
  return { serials: [...serials], parents: [...parents] };
}
