import { ApiProperty } from '@nestjs/swagger';
import {
  COMPONENT_KINDS,
  RACK_STATUSES,
  type ComponentMovement,
  type ComponentStay,
  type ComponentTreeNode,
} from '#domain';
import type {
  ComponentFailureReadRecord,
  GenealogyEventRecord,
  MeasurementRecord,
  TracePartRecord,
  TraceRackRecord,
  TraceSummaryRecord,
  WhereUsedRecord,
} from '#persistence';
import { ApiDateTime, ApiDateTimeOrNull } from '../common/date-time.view.js';

const COUNTS = {
  type: 'object',
  additionalProperties: { type: 'integer' },
  example: { compute_tray: 18, gpu: 72 },
} as const;

/** A part as the install event named it. */
export class ComponentPartView {
  @ApiProperty({ example: 'GPU-5512' })
  serial: string;

  @ApiProperty({ example: 'GPU-B200' })
  partNumber: string;

  @ApiProperty({ enum: COMPONENT_KINDS })
  kind: string;

  @ApiProperty({ example: 'sup-tw-02' })
  supplierId: string;

  @ApiProperty({ example: 'W47-A' })
  lot: string;

  @ApiProperty({ type: String, nullable: true, example: 'CT-88123' })
  parentSerial: string | null;
}

export class ComponentNodeView extends ComponentPartView {
  @ApiDateTime()
  installedAt: string;

  @ApiProperty({ format: 'uuid' })
  installedEventId: string;

  @ApiProperty({ type: () => [ComponentNodeView], description: 'Components seated in this one' })
  children: ComponentNodeView[];
}

/** The station event behind a genealogy change; station fields are null when its log row is gone. */
export class GenealogyEventView {
  @ApiProperty({ format: 'uuid' })
  eventId: string;

  @ApiDateTime("The terminal's clock")
  occurredAt: string;

  @ApiProperty({ type: String, nullable: true })
  stage: string | null;

  @ApiProperty({ type: String, nullable: true })
  stationId: string | null;

  @ApiProperty({ type: String, nullable: true })
  operatorId: string | null;
}

export class ComponentMovementView extends GenealogyEventView {
  @ApiProperty({ enum: ['component_installed', 'component_removed'] })
  type: 'component_installed' | 'component_removed';

  @ApiProperty({ type: [ComponentPartView] })
  components: ComponentPartView[];
}

export class RackComponentsView {
  @ApiProperty()
  rackSerial: string;

  @ApiDateTimeOrNull('The `at` asked for; null for now')
  at: string | null;

  @ApiProperty({ ...COUNTS, description: 'Installed components per kind' })
  counts: Record<string, number>;

  @ApiProperty({
    type: [ComponentNodeView],
    description: 'Top-level components, each with what is seated in it',
  })
  tree: ComponentNodeView[];

  @ApiProperty({
    type: [ComponentMovementView],
    description: 'Every install and removal (up to `at`), one entry per event, in Kafka order',
  })
  events: ComponentMovementView[];
}

export class RackStateSummaryView {
  @ApiProperty()
  model: string;

  @ApiProperty()
  stage: string;

  @ApiProperty({ enum: RACK_STATUSES })
  status: string;

  @ApiProperty()
  shipped: boolean;

  @ApiDateTimeOrNull()
  completedAt: string | null;
}

/** One stay of the component in a rack. */
export class WhereUsedView {
  @ApiProperty()
  rackSerial: string;

  @ApiProperty({ type: RackStateSummaryView, description: 'The rack as it stands now' })
  rack: RackStateSummaryView;

  @ApiProperty()
  partNumber: string;

  @ApiProperty({ enum: COMPONENT_KINDS })
  kind: string;

  @ApiProperty()
  supplierId: string;

  @ApiProperty()
  lot: string;

  @ApiProperty({ type: String, nullable: true })
  parentSerial: string | null;

  @ApiProperty({ type: GenealogyEventView })
  installed: GenealogyEventView;

  @ApiProperty({ type: GenealogyEventView, nullable: true, description: 'null while it is still there' })
  removed: GenealogyEventView | null;
}

export class MeasurementView {
  @ApiProperty({ example: 'gpu_temp_max' })
  name: string;

  @ApiProperty({ example: 97.5 })
  value: number;

  @ApiProperty({ example: 'C' })
  unit: string;

  @ApiProperty({ type: Number, nullable: true })
  low: number | null;

  @ApiProperty({ type: Number, nullable: true })
  high: number | null;

  @ApiProperty({ description: 'Within its limits (inclusive)' })
  passed: boolean;
}

export class ComponentFailureView {
  @ApiProperty({ format: 'uuid', description: 'The `failed` event that named the component' })
  eventId: string;

  @ApiProperty()
  rackSerial: string;

  @ApiProperty({ example: 'burn_in' })
  stage: string;

  @ApiProperty()
  stationId: string;

  @ApiDateTime()
  occurredAt: string;

  @ApiProperty()
  partNumber: string;

  @ApiProperty()
  supplierId: string;

  @ApiProperty()
  lot: string;

  @ApiProperty({ type: [MeasurementView], description: 'What the failing test measured' })
  measurements: MeasurementView[];
}

export class ComponentView {
  @ApiProperty()
  serial: string;

  @ApiProperty({ type: String, nullable: true, description: 'The rack it is installed in now, if any' })
  installedIn: string | null;

  @ApiProperty({ type: [WhereUsedView], description: 'Every stay in a rack, oldest first' })
  whereUsed: WhereUsedView[];

  @ApiProperty({ type: [ComponentFailureView], description: 'Failed tests that named it, oldest first' })
  failures: ComponentFailureView[];
}

/** Lean on purpose: a trace page can carry thousands; the events behind a part are on /v1/components/:serial. */
export class TracePartView extends ComponentPartView {
  @ApiProperty({ description: 'Still installed in this rack' })
  installed: boolean;

  @ApiDateTime()
  installedAt: string;

  @ApiDateTimeOrNull()
  removedAt: string | null;
}

export class TraceRackView {
  @ApiProperty()
  rackSerial: string;

  @ApiProperty()
  model: string;

  @ApiProperty()
  siteId: string;

  @ApiProperty()
  lineId: string;

  @ApiProperty()
  stage: string;

  @ApiProperty({ enum: RACK_STATUSES })
  status: string;

  @ApiProperty({ description: 'The rack has left the building' })
  shipped: boolean;

  @ApiDateTimeOrNull()
  completedAt: string | null;

  @ApiProperty({ description: 'At least one matching part is still installed (false: it only held them)' })
  holdsMatchingParts: boolean;

  @ApiProperty({ type: [TracePartView], description: 'Every matching part the rack holds or held' })
  parts: TracePartView[];
}

export class TraceSummaryView {
  @ApiProperty({ description: 'Racks that hold or held a matching part (every page together)' })
  racks: number;

  @ApiProperty({
    description:
      'Matching parts still installed in the rack they are listed under; installedNow + removed = parts listed',
  })
  installedNow: number;

  @ApiProperty({
    description: 'Matching parts taken out of the rack they are listed under (swapped or returned)',
  })
  removed: number;

  @ApiProperty()
  shipped: number;

  @ApiProperty()
  scrapped: number;

  @ApiProperty({ description: 'Racks with at least one matching part installed now (shipped ones included)' })
  holding: number;

  @ApiProperty({ description: 'Matching installs (a part swapped between racks counts once per rack)' })
  parts: number;

  @ApiProperty({
    description: 'Matching parts still installed (the same as installedNow; kept for older clients)',
  })
  partsInstalled: number;
}

export class TracePageView {
  @ApiProperty({ type: [TraceRackView], description: 'Racks in serial order' })
  items: TraceRackView[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last page',
  })
  nextCursor: string | null;

  @ApiProperty({
    type: TraceSummaryView,
    nullable: true,
    description:
      'Totals over every match, with `summary=true` only: it visits every match, the page does not',
  })
  summary: TraceSummaryView | null;
}

function iso(value: Date | string | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}

// Plain field sets (not the view classes) so that composing views by spreading keeps them plain objects.
type PartFields = { [K in keyof ComponentPartView]: ComponentPartView[K] };
type EventFields = { [K in keyof GenealogyEventView]: GenealogyEventView[K] };

export function toComponentPartView(stay: ComponentStay): PartFields {
  return {
    serial: stay.componentSerial,
    partNumber: stay.partNumber,
    kind: stay.kind,
    supplierId: stay.supplierId,
    lot: stay.lot,
    parentSerial: stay.parentSerial,
  };
}

export function toComponentNodeView(node: ComponentTreeNode): ComponentNodeView {
  return {
    ...toComponentPartView(node.stay),
    installedAt: node.stay.installedAt.toISOString(),
    installedEventId: node.stay.installedEventId,
    children: node.children.map(toComponentNodeView),
  };
}

export function toGenealogyEventView(
  eventId: string,
  occurredAt: Date,
  event: GenealogyEventRecord | undefined,
): EventFields {
  return {
    eventId,
    occurredAt: occurredAt.toISOString(),
    stage: event?.stage ?? null,
    stationId: event?.stationId ?? null,
    operatorId: event?.operatorId ?? null,
  };
}

export function toComponentMovementView(
  movement: ComponentMovement,
  event: GenealogyEventRecord | undefined,
): ComponentMovementView {
  return {
    ...toGenealogyEventView(movement.eventId, movement.occurredAt, event),
    type: movement.type,
    components: movement.stays.map(toComponentPartView),
  };
}

export function toWhereUsedView(
  stay: WhereUsedRecord,
  events: ReadonlyMap<string, GenealogyEventRecord>,
): WhereUsedView {
  return {
    rackSerial: stay.rackSerial,
    rack: {
      model: stay.rackModel,
      stage: stay.rackStage,
      status: stay.rackStatus,
      shipped: stay.rackStatus === 'shipped',
      completedAt: iso(stay.rackCompletedAt),
    },
    partNumber: stay.partNumber,
    kind: stay.kind,
    supplierId: stay.supplierId,
    lot: stay.lot,
    parentSerial: stay.parentSerial,
    installed: toGenealogyEventView(
      stay.installedEventId,
      stay.installedAt,
      events.get(stay.installedEventId),
    ),
    removed:
      stay.removedEventId !== null && stay.removedAt !== null
        ? toGenealogyEventView(stay.removedEventId, stay.removedAt, events.get(stay.removedEventId))
        : null,
  };
}

export function toMeasurementView(measurement: MeasurementRecord): MeasurementView {
  return {
    name: measurement.name,
    value: measurement.value,
    unit: measurement.unit,
    low: measurement.low,
    high: measurement.high,
    passed: measurement.passed,
  };
}

export function toComponentFailureView(
  failure: ComponentFailureReadRecord,
  measurements: readonly MeasurementRecord[],
): ComponentFailureView {
  return {
    eventId: failure.eventId,
    rackSerial: failure.rackSerial,
    stage: failure.stage,
    stationId: failure.stationId,
    occurredAt: failure.occurredAt.toISOString(),
    partNumber: failure.partNumber,
    supplierId: failure.supplierId,
    lot: failure.lot,
    measurements: measurements
      .filter((measurement) => measurement.eventId === failure.eventId)
      .map(toMeasurementView),
  };
}

function toTracePartView(part: TracePartRecord): TracePartView {
  return {
    serial: part.componentSerial,
    partNumber: part.partNumber,
    kind: part.kind,
    supplierId: part.supplierId,
    lot: part.lot,
    parentSerial: part.parentSerial,
    installed: part.removedAt === null,
    installedAt: iso(part.installedAt)!,
    removedAt: iso(part.removedAt),
  };
}

export function toTraceRackView(rack: TraceRackRecord): TraceRackView {
  const parts = rack.parts.map(toTracePartView);
  return {
    rackSerial: rack.rackSerial,
    model: rack.model,
    siteId: rack.siteId,
    lineId: rack.lineId,
    stage: rack.stage,
    status: rack.status,
    shipped: rack.status === 'shipped',
    completedAt: iso(rack.completedAt),
    holdsMatchingParts: parts.some((part) => part.installed),
    parts,
  };
}

export function toTraceSummaryView(summary: TraceSummaryRecord): TraceSummaryView {
  return { ...summary };
}

export const TRACE_CSV_COLUMNS = [
  'rackSerial',
  'siteId',
  'lineId',
  'model',
  'stage',
  'status',
  'shipped',
  'completedAt',
  'componentSerial',
  'partNumber',
  'kind',
  'supplierId',
  'lot',
  'parentSerial',
  'installedNow',
  'installedAt',
  'removedAt',
] as const;

/** One CSV row per matching part, its rack's columns repeated. */
export function toTraceCsvRows(rack: TraceRackView): (string | boolean | null)[][] {
  return rack.parts.map((part) => [
    rack.rackSerial,
    rack.siteId,
    rack.lineId,
    rack.model,
    rack.stage,
    rack.status,
    rack.shipped,
    rack.completedAt,
    part.serial,
    part.partNumber,
    part.kind,
    part.supplierId,
    part.lot,
    part.parentSerial,
    part.installed,
    part.installedAt,
    part.removedAt,
  ]);
}
