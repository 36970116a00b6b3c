/** Size bounds that keep one terminal from flooding a partition or a transaction. */
export const STATION_EVENT_LIMITS = {
  identifierPattern: /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$/,
  maxComponents: 256,
  maxFailedComponents: 256,
  maxMeasurements: 200,
  maxDetailsBytes: 4096,
  maxDetailsDepth: 4,
  maxBatchEvents: 500,
  maxTextLength: 64,
} as const;
