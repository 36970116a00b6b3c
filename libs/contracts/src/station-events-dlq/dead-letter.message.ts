/** Value of a `station-events.dlq` message: the refused input, why, and where it came from. */
export interface DeadLetterMessage {
  schemaVersion: 1;
  reason: string;
  detail: string;
  eventId: string | null;
  rackSerial: string | null;
  source: { topic: string; partition: number; offset: string };
  /** The consumed value, parsed when it was JSON, else as text; null when only `originalBase64` can carry it. */
  original: unknown;
  /** The consumed bytes, base64, when no text or JSON can hold them exactly (reason `unstorable`). */
  originalBase64?: string;
  /** Size of the consumed value; when above 256 KiB, `originalBase64` holds only its first 256 KiB. */
  originalBytes?: number;
}
