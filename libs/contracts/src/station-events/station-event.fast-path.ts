import { isISO8601, isUUID } from 'class-validator';
import {
  COMPONENT_KINDS,
  FAILURE_CODE_PATTERN,
  MAX_FAILURE_MESSAGE_LENGTH,
  MAX_FAILURES_PER_EVENT,
  STAGE_NAME_PATTERN,
  STATION_EVENT_TYPES,
} from '#domain';
import {
  COMPONENT_EVENTS,
  isBoundedJsonObject,
  LOCATED_EVENTS,
  MEASURED_EVENTS,
  REASONED_EVENTS,
  OCCURRED_AT_ZONE_PATTERN,
  STATION_EVENT_FIELDS,
  type ComponentDto,
  type MeasurementDto,
  type StationEventDto,
} from './station-event.dto.js';
import { isStorableJson, isStorableText } from '../storable-json.js';
import { controlCharacterReason, STATION_EVENT_LIMITS as LIMITS } from './station-event-limits.js';

/*
 * class-validator walks decorator metadata for every property of every event, which costs more CPU than
 * everything else the tracker does with an event. Nearly every event on the line is well formed, so this
 * checks the common shape directly and hands anything it is not sure of to the full validator, which then
 * accepts or explains. It only has to be sound (never accept what the DTO refuses, never change what it
 * would produce); it does not have to be complete. The property test beside it holds it to that.
 */

const EVENT_KEYS: ReadonlySet<string> = new Set(STATION_EVENT_FIELDS);
const COMPONENT_KEYS = new Set(['serial', 'partNumber', 'kind', 'supplierId', 'lot', 'parentSerial']);
const MEASUREMENT_KEYS = new Set(['name', 'value', 'unit', 'low', 'high']);
const LOCATION_KEYS = new Set(['cell', 'position']);
const FAILURE_KEYS = new Set(['code', 'componentSerial', 'message']);
const EVENT_TYPES: ReadonlySet<unknown> = new Set(STATION_EVENT_TYPES);
const KINDS: ReadonlySet<unknown> = new Set(COMPONENT_KINDS);
const ISO_OPTIONS = { strict: true, strictSeparator: true } as const;
const ID = LIMITS.identifierPattern;

type JsonObject = Record<string, unknown>;

function isPlainObject(value: unknown): value is JsonObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Every key known and no value null (the DTO treats null as absent; the full path decides those). */
function hasOnlyKnownKeys(object: JsonObject, known: ReadonlySet<string>): boolean {
  for (const key in object) {
    if (!Object.hasOwn(object, key) || !known.has(key) || object[key] === null) return false;
  }
  return true;
}

function isIdentifier(value: unknown): value is string {
  return typeof value === 'string' && ID.test(value);
}

function isOptionalIdentifier(value: unknown): boolean {
  return value === undefined || isIdentifier(value);
}

// What toISOString writes, and so what nearly every terminal sends: UTC, milliseconds, a four-digit year.
const TO_ISO_STRING_SHAPE = /^[1-9]\d{3}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digitsAt(text: string, from: number, to: number): number {
  let value = 0;
  for (let index = from; index < to; index += 1) value = value * 10 + text.charCodeAt(index) - 48;
  return value;
}

function daysIn(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
}

/**
 * The DTO's date rule (strict ISO-8601, a real calendar date). In toISOString's shape, a real Gregorian date
 * and time of day is accepted by the rule; anything else is left to the rule itself, whose check (a long
 * regular expression and a Date built from the text) cost a tenth of decoding a message.
 */
function isIsoDateTime(value: string): boolean {
  if (TO_ISO_STRING_SHAPE.test(value)) {
    const year = digitsAt(value, 0, 4);
    const month = digitsAt(value, 5, 7);
    const day = digitsAt(value, 8, 10);
    if (
      month >= 1 &&
      month <= 12 &&
      day >= 1 &&
      day <= daysIn(year, month) &&
      digitsAt(value, 11, 13) <= 23 &&
      digitsAt(value, 14, 16) <= 59 &&
      digitsAt(value, 17, 19) <= 59
    )
      return true;
  }
  return isISO8601(value, ISO_OPTIONS);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

// `.length` counts UTF-16 units and is never below the code points the DTO's Length rule counts, so a
// string within these bounds by `.length` is within them by the rule too. Storable as the DTO's rule says.
function isShortText(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length >= 1 && value.length <= max && isStorableText(value);
}

function isWellFormedComponent(value: unknown, forInstall: boolean): value is ComponentDto {
  if (!isPlainObject(value) || !hasOnlyKnownKeys(value, COMPONENT_KEYS)) return false;
  if (!isIdentifier(value.serial)) return false;
  if (
    forInstall &&
    (value.partNumber === undefined ||
      value.kind === undefined ||
      value.supplierId === undefined ||
      value.lot === undefined)
  )
    return false;
  return (
    isOptionalIdentifier(value.partNumber) &&
    (value.kind === undefined || KINDS.has(value.kind)) &&
    isOptionalIdentifier(value.supplierId) &&
    isOptionalIdentifier(value.lot) &&
    isOptionalIdentifier(value.parentSerial)
  );
}

function isWellFormedMeasurement(value: unknown): value is MeasurementDto {
  return (
    isPlainObject(value) &&
    hasOnlyKnownKeys(value, MEASUREMENT_KEYS) &&
    isShortText(value.name, LIMITS.maxTextLength) &&
    isFiniteNumber(value.value) &&
    isShortText(value.unit, 16) &&
    (value.low === undefined || isFiniteNumber(value.low)) &&
    (value.high === undefined || isFiniteNumber(value.high))
  );
}

function isWellFormedFailure(value: unknown): value is Record<string, unknown> {
  return (
    isPlainObject(value) &&
    hasOnlyKnownKeys(value, FAILURE_KEYS) &&
    typeof value.code === 'string' &&
    FAILURE_CODE_PATTERN.test(value.code) &&
    isOptionalIdentifier(value.componentSerial) &&
    (value.message === undefined ||
      (isShortText(value.message, MAX_FAILURE_MESSAGE_LENGTH) &&
        controlCharacterReason(value.message) === null))
  );
}

function isWellFormedLocation(value: unknown): boolean {
  return (
    isPlainObject(value) &&
    hasOnlyKnownKeys(value, LOCATION_KEYS) &&
    typeof value.cell === 'string' &&
    LIMITS.cellPattern.test(value.cell) &&
    Number.isInteger(value.position) &&
    (value.position as number) >= 1 &&
    (value.position as number) <= LIMITS.maxPosition
  );
}

function everyElement<T>(
  value: unknown,
  max: number,
  check: (element: unknown) => element is T,
): value is T[] {
  if (!Array.isArray(value) || value.length > max) return false;
  for (const element of value) if (!check(element)) return false;
  return true;
}

/**
 * The event as the DTO would produce it when `value` is certainly well formed (the same object, its
 * eventId in canonical lower case); `null` when the full validator must decide and say why.
 */
export function acceptWellFormedStationEvent(value: unknown): StationEventDto | null {
  if (!isPlainObject(value) || !hasOnlyKnownKeys(value, EVENT_KEYS)) return null;
  const { eventId, type, occurredAt, components, failedComponents, failures, measurements } = value;
  if (typeof eventId !== 'string') return null;
  const canonicalId = eventId.toLowerCase();
  if (!isUUID(canonicalId, 'all')) return null;
  if (!isIdentifier(value.rackSerial) || !isIdentifier(value.stationId)) return null;
  if (typeof value.stage !== 'string' || !STAGE_NAME_PATTERN.test(value.stage)) return null;
  if (!EVENT_TYPES.has(type)) return null;
  if (
    typeof occurredAt !== 'string' ||
    !isIsoDateTime(occurredAt) ||
    !OCCURRED_AT_ZONE_PATTERN.test(occurredAt)
  )
    return null;
  if (!isOptionalIdentifier(value.operatorId) || !isOptionalIdentifier(value.rackModel)) return null;
  if (value.details !== undefined && !(isBoundedJsonObject(value.details) && isStorableJson(value.details)))
    return null;

  const eventType = type as StationEventDto['type'];
  if (COMPONENT_EVENTS.includes(eventType)) {
    const forInstall = eventType === 'component_installed';
    if (!Array.isArray(components) || components.length === 0) return null;
    if (
      !everyElement(components, LIMITS.maxComponents, (element) => isWellFormedComponent(element, forInstall))
    )
      return null;
  } else if (components !== undefined) return null;
  if (failedComponents !== undefined) {
    if (eventType !== 'failed' || !everyElement(failedComponents, LIMITS.maxFailedComponents, isIdentifier))
      return null;
  }
  if (failures !== undefined) {
    if (
      eventType !== 'failed' ||
      !Array.isArray(failures) ||
      failures.length === 0 ||
      !everyElement(failures, MAX_FAILURES_PER_EVENT, isWellFormedFailure)
    )
      return null;
  }
  if (measurements !== undefined) {
    if (
      !MEASURED_EVENTS.includes(eventType) ||
      !everyElement(measurements, LIMITS.maxMeasurements, isWellFormedMeasurement)
    )
      return null;
  }
  if (value.location !== undefined) {
    if (!LOCATED_EVENTS.includes(eventType) || !isWellFormedLocation(value.location)) return null;
  }
  if (value.reason !== undefined || value.reasonCode !== undefined) {
    if (!REASONED_EVENTS.includes(eventType)) return null;
    if (
      value.reason !== undefined &&
      !(isShortText(value.reason, LIMITS.maxReasonLength) && controlCharacterReason(value.reason) === null)
    )
      return null;
    if (
      value.reasonCode !== undefined &&
      !(typeof value.reasonCode === 'string' && LIMITS.reasonCodePattern.test(value.reasonCode))
    )
      return null;
  }
  value.eventId = canonicalId;
  return value as unknown as StationEventDto;
}
