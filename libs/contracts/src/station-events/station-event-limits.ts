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

// C0 and C1 controls: line breaks, tabs, escape sequences.
const CONTROL_CHARACTER = /\p{Cc}/u;

/**
 * Why a line of free text shown to people (a hold reason on the board, in chat, in a log line) is refused, or
 * null: a control character would break the line or smuggle an escape sequence into a terminal or a chat card.
 */
export function controlCharacterReason(text: string): string | null {
  const found = CONTROL_CHARACTER.exec(text);
  if (found === null) return null;
  const code = found[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
  return `contains the control character U+${code}; it must be one line of plain text`;
}
