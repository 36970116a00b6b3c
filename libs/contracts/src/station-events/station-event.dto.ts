import 'reflect-metadata';
import { Expose, Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
  registerDecorator,
  type ValidationArguments,
} from 'class-validator';
import {
  COMPONENT_KINDS,
  FAILURE_CODE_PATTERN,
  FAILURE_CODE_RULE,
  MAX_FAILURE_MESSAGE_LENGTH,
  MAX_FAILURES_PER_EVENT,
  STAGE_NAME_PATTERN,
  STATION_EVENT_TYPES,
  type ComponentKind,
  type StationEventType,
} from '#domain';
import { findUnstorableValues, unstorableTextReason } from '../storable-json.js';
import { controlCharacterReason, STATION_EVENT_LIMITS as LIMITS } from './station-event-limits.js';

const ID = LIMITS.identifierPattern;
const ID_MESSAGE =
  '$property must be 1-64 characters of letters, digits and . _ : / - (starting with a letter or digit)';

/** `details`: free-form, but bounded so one terminal cannot bloat a partition or a row. */
export function isBoundedJsonObject(
  value: unknown,
  maxBytes: number = LIMITS.maxDetailsBytes,
  maxDepth: number = LIMITS.maxDetailsDepth,
): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const depth = (node: unknown): number =>
    node !== null && typeof node === 'object' ? 1 + Math.max(0, ...Object.values(node).map(depth)) : 0;
  return Buffer.byteLength(JSON.stringify(value)) <= maxBytes && depth(value) <= maxDepth;
}

/** A rule on free text whose message is what `reasonOf` says is wrong with it (null when nothing is). */
function TextRule(name: string, reasonOf: (text: string) => string | null) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName,
      options: {
        message: (args: ValidationArguments) =>
          `${args.property} ${typeof args.value === 'string' ? reasonOf(args.value) : 'must be text'}`,
      },
      validator: { validate: (value: unknown) => typeof value !== 'string' || reasonOf(value) === null },
    });
}

/**
 * Free text PostgreSQL can store: no U+0000 and no lone UTF-16 surrogate. Identifiers need no such rule, their
 * pattern already allows neither.
 */
const StorableText = () => TextRule('storableText', unstorableTextReason);

/** One line of plain text for people to read: no control characters (see controlCharacterReason). */
export const PlainLine = () => TextRule('plainLine', controlCharacterReason);

/** `details` are stored as jsonb: every key and string in them storable, every number finite. */
function StorableJson() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'storableJson',
      target: target.constructor,
      propertyName,
      options: {
        message: (args: ValidationArguments) =>
          findUnstorableValues(args.value, 5)
            .map(
              ({ path, reason }) => `${path === '' ? args.property : `${args.property}.${path}`}: ${reason}`,
            )
            .join('; '),
      },
      validator: { validate: (value: unknown) => findUnstorableValues(value, 1).length === 0 },
    });
}

function BoundedJsonObject(maxBytes: number, maxDepth: number) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'boundedJsonObject',
      target: target.constructor,
      propertyName,
      options: {
        message: `$property must be a JSON object of at most ${maxBytes} bytes and ${maxDepth} levels`,
      },
      validator: { validate: (value: unknown) => isBoundedJsonObject(value, maxBytes, maxDepth) },
    });
}

/** Every field a station event may carry (docs/architecture.md); anything else is refused. */
export const STATION_EVENT_FIELDS = [
  'eventId',
  'rackSerial',
  'stationId',
  'stage',
  'type',
  'occurredAt',
  'operatorId',
  'rackModel',
  'details',
  'components',
  'failedComponents',
  'failures',
  'measurements',
  'location',
  'reason',
  'reasonCode',
] as const;

export const COMPONENT_EVENTS: readonly StationEventType[] = ['component_installed', 'component_removed'];
export const MEASURED_EVENTS: readonly StationEventType[] = ['passed', 'failed', 'completed'];
export const LOCATED_EVENTS: readonly StationEventType[] = ['started'];
export const REASONED_EVENTS: readonly StationEventType[] = ['hold', 'release'];
/** A time without a zone is ambiguous on a line that spans time zones. */
export const OCCURRED_AT_ZONE_PATTERN = /T.*(Z|[+-]\d{2}:\d{2})$/;

/** Cross-field rules: which optional blocks each event type may or must carry. */
function FitsEventType(rule: (value: unknown, event: StationEventDto) => string | null) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'fitsEventType',
      target: target.constructor,
      propertyName,
      options: {
        message: (args: ValidationArguments) => rule(args.value, args.object as StationEventDto) ?? '',
      },
      validator: {
        validate: (value: unknown, args: ValidationArguments) =>
          rule(value, args.object as StationEventDto) === null,
      },
    });
}

export class ComponentDto {
  @Matches(ID, { message: ID_MESSAGE })
  serial: string;

  @IsOptional()
  @Matches(ID, { message: ID_MESSAGE })
  partNumber?: string;

  @IsOptional()
  @IsIn(COMPONENT_KINDS)
  kind?: ComponentKind;

  @IsOptional()
  @Matches(ID, { message: ID_MESSAGE })
  supplierId?: string;

  @IsOptional()
  @Matches(ID, { message: ID_MESSAGE })
  lot?: string;

  @IsOptional()
  @Matches(ID, { message: ID_MESSAGE })
  parentSerial?: string;
}

export class MeasurementDto {
  @IsString()
  @Length(1, LIMITS.maxTextLength)
  @StorableText()
  name: string;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  value: number;

  @IsString()
  @Length(1, 16)
  @StorableText()
  unit: string;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  low?: number;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  high?: number;
}

/** One thing a failed test says went wrong (docs/architecture.md, failure codes). */
export class FailureDto {
  @Matches(FAILURE_CODE_PATTERN, { message: `code must be ${FAILURE_CODE_RULE}` })
  code: string;

  @IsOptional()
  @Matches(ID, { message: ID_MESSAGE })
  componentSerial?: string;

  @IsOptional()
  @IsString({ message: 'message must be text' })
  @Length(1, MAX_FAILURE_MESSAGE_LENGTH, {
    message: `message must be 1-${MAX_FAILURE_MESSAGE_LENGTH} characters`,
  })
  @StorableText()
  @PlainLine()
  message?: string;
}

/** Where a rack soaks: a burn-in cell of the station's site and a position in it. */
export class BurnInLocationDto {
  @Matches(LIMITS.cellPattern, {
    message: 'cell must be 1-32 characters of letters, digits and . _ - (starting with a letter or digit)',
  })
  cell: string;

  @IsInt({ message: 'position must be a whole number' })
  @Min(1, { message: 'position must be at least 1' })
  @Max(LIMITS.maxPosition, { message: `position must be at most ${LIMITS.maxPosition}` })
  position: number;
}

/** One station event as a terminal posts it (docs/architecture.md). */
export class StationEventDto {
  // One canonical spelling: PostgreSQL's uuid type ignores case, so the idempotency key and the content
  // hash must too, or an upper-case re-post would look like a different event.
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.toLowerCase() : value))
  @IsUUID('all', { message: 'eventId must be a UUID' })
  eventId: string;

  @Matches(ID, { message: ID_MESSAGE })
  rackSerial: string;

  @Matches(ID, { message: ID_MESSAGE })
  stationId: string;

  @Matches(STAGE_NAME_PATTERN, { message: 'stage must be lower_snake_case, at most 40 characters' })
  stage: string;

  @IsIn(STATION_EVENT_TYPES, { message: `type must be one of: ${STATION_EVENT_TYPES.join(', ')}` })
  type: StationEventType;

  @IsISO8601({ strict: true, strictSeparator: true }, { message: 'occurredAt must be an ISO-8601 date-time' })
  @Matches(OCCURRED_AT_ZONE_PATTERN, { message: 'occurredAt must carry a time zone (Z or ±hh:mm)' })
  occurredAt: string;

  @IsOptional()
  @Matches(ID, { message: ID_MESSAGE })
  operatorId?: string;

  /** Only read when the rack starts; picks the route it follows. */
  @IsOptional()
  @Matches(ID, { message: ID_MESSAGE })
  rackModel?: string;

  @IsOptional()
  @BoundedJsonObject(LIMITS.maxDetailsBytes, LIMITS.maxDetailsDepth)
  @StorableJson()
  details?: Record<string, unknown>;

  @FitsEventType((value, event) => {
    if (COMPONENT_EVENTS.includes(event.type)) {
      if (!Array.isArray(value) || value.length === 0) return `components are required for ${event.type}`;
      if (event.type === 'component_installed') {
        const incomplete = value.findIndex(
          (component: Partial<ComponentDto>) =>
            !component?.partNumber || !component.kind || !component.supplierId || !component.lot,
        );
        if (incomplete >= 0)
          return `components.${incomplete} needs partNumber, kind, supplierId and lot to be installed`;
      }
      return null;
    }
    return value === undefined ? null : `components are only allowed on ${COMPONENT_EVENTS.join(' and ')}`;
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(LIMITS.maxComponents)
  @ValidateNested({ each: true })
  @Type(() => ComponentDto)
  // class-validator skips every rule of an absent optional property; a component event that leaves the
  // list out therefore gets an empty one, which the rules above refuse with a message that says why.
  @Expose()
  @Transform(({ value, obj }: { value: unknown; obj: { type?: unknown } }) =>
    value === undefined && (COMPONENT_EVENTS as readonly unknown[]).includes(obj.type) ? [] : value,
  )
  components?: ComponentDto[] = undefined;

  @FitsEventType((value, event) =>
    value === undefined || event.type === 'failed' ? null : 'failedComponents are only allowed on failed',
  )
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.maxFailedComponents)
  @Matches(ID, { each: true, message: ID_MESSAGE })
  failedComponents?: string[];

  @FitsEventType((value, event) =>
    value === undefined || event.type === 'failed' ? null : 'failures are only allowed on failed',
  )
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_FAILURES_PER_EVENT)
  @ValidateNested({ each: true })
  @Type(() => FailureDto)
  failures?: FailureDto[];

  @FitsEventType((value, event) =>
    value === undefined || MEASURED_EVENTS.includes(event.type)
      ? null
      : `measurements are only allowed on ${MEASURED_EVENTS.join(', ')}`,
  )
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.maxMeasurements)
  @ValidateNested({ each: true })
  @Type(() => MeasurementDto)
  measurements?: MeasurementDto[];

  /** Required by the tracker for a start at a stage with a dwell; ignored at other stages. */
  @FitsEventType((value, event) =>
    value === undefined || LOCATED_EVENTS.includes(event.type) ? null : 'location is only allowed on started',
  )
  @IsOptional()
  @ValidateNested()
  @Type(() => BurnInLocationDto)
  location?: BurnInLocationDto;

  @FitsEventType((value, event) =>
    value === undefined || REASONED_EVENTS.includes(event.type)
      ? null
      : `reason is only allowed on ${REASONED_EVENTS.join(' and ')}`,
  )
  @IsOptional()
  @IsString({ message: 'reason must be text' })
  @Length(1, LIMITS.maxReasonLength, { message: `reason must be 1-${LIMITS.maxReasonLength} characters` })
  @StorableText()
  @PlainLine()
  reason?: string;

  @FitsEventType((value, event) =>
    value === undefined || REASONED_EVENTS.includes(event.type)
      ? null
      : `reasonCode is only allowed on ${REASONED_EVENTS.join(' and ')}`,
  )
  @IsOptional()
  @Matches(LIMITS.reasonCodePattern, {
    message:
      'reasonCode must be lower_snake_case, at most 32 characters (e.g. mrb, material, facility, quality)',
  })
  reasonCode?: string;
}

export class StationEventBatchDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(LIMITS.maxBatchEvents)
  @ValidateNested({ each: true })
  @Type(() => StationEventDto)
  events: StationEventDto[];
}
