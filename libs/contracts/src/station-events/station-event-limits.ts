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
  /**
   * The largest `station-events` value the tracker decodes. Ingest cannot produce one near it (an event at
   * every other limit is well under 128 KiB); anything bigger came from elsewhere and is refused as malformed.
   */
  maxMessageBytes: 256 * 1024,
} as const;
