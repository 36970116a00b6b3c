import { createHash } from 'node:crypto';
import * as CDX from '@cyclonedx/cyclonedx-library';
import canonicalize from 'canonicalize';
import type {
  BurnInRun,
  PassportFacts,
  PassportFailure,
  PassportMeasurement,
  PassportPart,
} from './passport-facts.js';

/** The media type a passport is served with. */
export const CYCLONEDX_JSON = 'application/vnd.cyclonedx+json';

/** Our property namespace; `cdx:device:*` are CycloneDX's own taxonomy. */
const NS = 'rack-passport';
/** Each component's digest of itself (children and this property left out), for naming what was altered. */
export const DIGEST_PROPERTY = `${NS}:digest`;

export type JsonObject = Record<string, unknown>;

const iso = (date: Date) => date.toISOString();

function hours(from: Date, to: Date | null): string {
  return to === null
    ? ''
    : (Math.round(((to.getTime() - from.getTime()) / 3_600_000) * 100) / 100).toString();
}

/** `name=value; …`: one property value a person can read and a program can split. */
function fields(entries: readonly [string, string | number | null | undefined][]): string {
  return entries
    .filter(([, value]) => value !== null && value !== undefined && value !== '')
    .map(([name, value]) => `${name}=${String(value)}`)
    .join('; ');
}

function property(name: string, value: string): CDX.Models.Property {
  return new CDX.Models.Property(name, value);
}

function describeRun(run: BurnInRun): string {
  return fields([
    ['stage', run.stage],
    ['station', run.stationId],
    ['location', run.cell === null ? null : `${run.cell}/${run.position}`],
    ['start', iso(run.startedAt)],
    ['end', run.endedAt === null ? null : iso(run.endedAt)],
    ['hours', hours(run.startedAt, run.endedAt)],
    ['result', run.result],
  ]);
}

function describeMeasurement(m: PassportMeasurement): string {
  const limits = m.low === null && m.high === null ? null : `${m.low ?? ''}..${m.high ?? ''}`;
  return fields([
    ['stage', m.stage],
    ['name', m.name],
    ['value', `${m.value} ${m.unit}`],
    ['limits', limits],
    ['result', m.passed ? 'pass' : 'fail'],
    ['at', iso(m.occurredAt)],
  ]);
}

function describeFailure(f: PassportFailure): string {
  return fields([
    ['stage', f.stage],
    ['code', f.code],
    ['message', f.message],
    ['disposition', f.action],
    ['occurrence', f.occurrence],
    ['dispositionTable', f.tableVersion],
    ['at', iso(f.occurredAt)],
  ]);
}

function partComponent(part: PassportPart, failures: readonly PassportFailure[]): CDX.Models.Component {
  const supplier = new CDX.Models.OrganizationalEntity({ name: part.supplierName ?? part.supplierId });
  const component = new CDX.Models.Component(CDX.Enums.ComponentType.Device, part.partNumber, {
    bomRef: `part:${part.serial}`,
    supplier,
    description: part.kind.replaceAll('_', ' '),
  });
  component.properties.add(property('cdx:device:serialNumber', part.serial));
  component.properties.add(property('cdx:device:lotNumber', part.lot));
  component.properties.add(property(`${NS}:kind`, part.kind));
  component.properties.add(property(`${NS}:supplier:id`, part.supplierId));
  if (part.supplierCountry !== null)
    component.properties.add(property(`${NS}:supplier:country`, part.supplierCountry));
  component.properties.add(property(`${NS}:installedAt`, iso(part.installedAt)));
  for (const failure of failures)
    component.properties.add(property(`${NS}:failure`, describeFailure(failure)));
  return component;
}

/**
 * The rack's CycloneDX 1.6 passport, unsigned: the rack as the metadata component (`type: device`), its parts as
 * nested device components with their supplier, serial, lot and country, and as properties the burn-in runs,
 * measurements and failures with their dispositions (on the part they concern, else on the rack) and the rework
 * (parts taken out before shipping). Every component carries a digest of itself, so a verifier can name the part
 * that was altered. Built with @cyclonedx/cyclonedx-library, which also orders lists deterministically.
 */
export function buildRackPassport(
  facts: PassportFacts,
  version: number,
  sealedAt: Date,
  serialNumber: string,
): JsonObject {
  const failuresOf = new Map<string, PassportFailure[]>();
  const rackFailures: PassportFailure[] = [];
  const installed = new Set(facts.parts.map((part) => part.serial));
  for (const failure of facts.failures) {
    if (failure.componentSerial !== null && installed.has(failure.componentSerial))
      failuresOf.set(failure.componentSerial, [...(failuresOf.get(failure.componentSerial) ?? []), failure]);
    else rackFailures.push(failure);
  }

  const bom = new CDX.Models.Bom({ version, serialNumber });
  const { rack } = facts;
  const rackComponent = new CDX.Models.Component(CDX.Enums.ComponentType.Device, rack.model, {
    bomRef: `rack:${rack.serial}`,
    description: `AI rack ${rack.serial}, built at ${rack.siteId}/${rack.lineId}`,
  });
  const rackProperties: [string, string][] = [
    ['cdx:device:serialNumber', rack.serial],
    [`${NS}:site`, rack.siteId],
    [`${NS}:line`, rack.lineId],
    [`${NS}:startedAt`, iso(rack.startedAt)],
    [`${NS}:shippedAt`, iso(rack.shippedAt)],
    [`${NS}:shipEvent`, rack.shipEventId],
    [`${NS}:reworkCount`, String(rack.reworkCount)],
    [`${NS}:failureCount`, String(rack.failureCount)],
    ...facts.burnInRuns.map((run): [string, string] => [`${NS}:burnIn`, describeRun(run)]),
    ...facts.measurements.map((m): [string, string] => [`${NS}:measurement`, describeMeasurement(m)]),
    ...rackFailures.map((f): [string, string] => [`${NS}:failure`, describeFailure(f)]),
    ...facts.replaced.map((part): [string, string] => [
      `${NS}:rework`,
      fields([
        ['removed', part.serial],
        ['partNumber', part.partNumber],
        ['kind', part.kind],
        ['supplier', part.supplierId],
        ['lot', part.lot],
        ['installedAt', iso(part.installedAt)],
        ['removedAt', iso(part.removedAt)],
        [
          'failures',
          facts.failures
            .filter((f) => f.componentSerial === part.serial)
            .map((f) => `${f.code}→${f.action}`)
            .join(','),
        ],
      ]),
    ]),
  ];
  for (const [name, value] of rackProperties) rackComponent.properties.add(property(name, value));
  bom.metadata.component = rackComponent;
  bom.metadata.timestamp = sealedAt;

  const components = new Map<string, CDX.Models.Component>();
  for (const part of facts.parts) {
    const component = partComponent(part, failuresOf.get(part.serial) ?? []);
    components.set(part.serial, component);
    const parent = part.parentSerial === null ? undefined : components.get(part.parentSerial);
    (parent?.components ?? bom.components).add(component);
  }

  const serializer = new CDX.Serialize.JsonSerializer(
    new CDX.Serialize.JSON.Normalize.Factory(CDX.Spec.Spec1dot6),
  );
  const document = JSON.parse(serializer.serialize(bom, { sortLists: true })) as JsonObject;
  addDigests(document);
  return document;
}

/** SHA-256 of a component's canonical JSON, its children and its digest property left out. */
export function componentDigest(component: JsonObject): string {
  const { components: _children, ...own } = component;
  const properties = (own.properties as { name: string; value: string }[] | undefined)?.filter(
    (entry) => entry.name !== DIGEST_PROPERTY,
  );
  const subject = properties === undefined ? own : { ...own, properties };
  return createHash('sha256')
    .update(canonicalize(subject) ?? '')
    .digest('hex');
}

/** Every component of the document, the rack first, each with a readable path (`components[2].components[0]`). */
export function eachComponent(document: JsonObject): { path: string; component: JsonObject }[] {
  const found: { path: string; component: JsonObject }[] = [];
  const metadata = document.metadata as JsonObject | undefined;
  if (metadata?.component !== undefined)
    found.push({ path: 'metadata.component', component: metadata.component as JsonObject });
  const walk = (list: unknown, path: string) => {
    if (!Array.isArray(list)) return;
    list.forEach((component: JsonObject, index) => {
      const here = `${path}[${index}]`;
      found.push({ path: here, component });
      walk(component.components, `${here}.components`);
    });
  };
  walk(document.components, 'components');
  return found;
}

function addDigests(document: JsonObject): void {
  for (const { component } of eachComponent(document)) {
    const properties = (component.properties as { name: string; value: string }[] | undefined) ?? [];
    component.properties = [...properties, { name: DIGEST_PROPERTY, value: componentDigest(component) }];
  }
}
