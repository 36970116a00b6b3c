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
  // A hold reason is a sentence for the shift, not a report.
  maxReasonLength: 200,
  // Burn-in cell ids name a rack of positions on the floor ("BI-A1"); positions count from 1.
  cellPattern: /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/,
  maxPosition: 10_000,
  reasonCodePattern: /^[a-z][a-z0-9_]{0,31}$/,
  /**
   * The largest `station-events` value the tracker decodes. Ingest cannot produce one near it (an event at
   * every other limit is well under 128 KiB); anything bigger came from elsewhere and is refused as malformed.
   */
  maxMessageBytes: 256 * 1024,
} as const;
