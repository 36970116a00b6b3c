import { AdminTokenConfig, IntRange } from '#config';

export class IngestConfig extends AdminTokenConfig {
  override PORT = 3000;

  /** How long a terminal waits for acks=all before it is told to retry (503). */
  @IntRange(100, 60000)
  KAFKA_SEND_TIMEOUT_MS: number = 5000;

  /**
   * How long an authenticated token is trusted without asking PostgreSQL again. A revocation made through
   * another ingest instance (or in the database) takes effect here within this time; one made through this
   * instance takes effect at once.
   */
  @IntRange(0, 300000)
  STATION_CACHE_TTL_MS: number = 5000;

  /** Recently produced event ids remembered for the duplicate check before asking PostgreSQL. */
  @IntRange(0, 10000000)
  RECENT_EVENT_CACHE_SIZE: number = 100000;

  /**
   * How far in the past an event's occurredAt may be when it arrives; older ones are refused with a 400, as
   * the tracker would refuse them (stale_event) with the same variable. Raise both for a back-fill.
   */
  @IntRange(1, 3650)
  MAX_EVENT_AGE_DAYS: number = 30;
}
