export {
  RACK_TRANSITION_SCHEMA_VERSION,
  type RackTransitionMessage,
} from './rack-transitions/rack-transition.message.js';
export { type DeadLetterMessage } from './station-events-dlq/dead-letter.message.js';
export { toIsoInstant } from './iso-instant.js';
export { STATION_EVENT_LIMITS } from './station-events/station-event-limits.js';
export {
  ComponentDto,
  FailureDto,
  MeasurementDto,
  PlainLine,
  STATION_EVENT_FIELDS,
  StationEventBatchDto,
  StationEventDto,
} from './station-events/station-event.dto.js';
export { acceptWellFormedStationEvent } from './station-events/station-event.fast-path.js';
export {
  decodeStationEventMessage,
  describeValidationErrors,
  encodeStationEventMessage,
  MalformedMessageError,
  STATION_EVENT_SCHEMA_VERSION,
  stationEventContentHash,
  type DecodedStationEvent,
  type StationEventMessage,
  type StationStamp,
  validateStationEvent,
} from './station-events/station-event.message.js';
export * from './cfx/index.js';
export {
  findUnstorableValues,
  isStorableJson,
  isStorableText,
  printableKey,
  unstorableNumberReason,
  unstorableTextReason,
  type UnstorableValue,
} from './storable-json.js';
export { MESSAGE_HEADERS, TOPICS } from './topics.js';
export * from './alerts/index.js';
export * from './passport/index.js';
