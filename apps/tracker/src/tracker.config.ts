import { IsString, MinLength } from 'class-validator';
import { IntRange, ServiceConfig, withTrackerProgress } from '#config';

/** The tracker's settings; TRACKER_STALL_SECONDS makes readiness `degraded` for a partition that stalls. */
export class TrackerConfig extends withTrackerProgress(ServiceConfig) {
  override PORT = 3002;

  /** How far into the future (relative to ingest's clock) an event's occurredAt may be before it is refused. */
  @IntRange(0, 86400)
  MAX_CLOCK_SKEW_SECONDS: number = 120;

  /**
   * How far in the past (relative to ingest's receipt) an event's occurredAt may be before it is refused as
   * stale_event. Ingest refuses the same events at the door with the same variable; raise both for a back-fill.
   */
  @IntRange(1, 3650)
  MAX_EVENT_AGE_DAYS: number = 30;

  /**
   * Partitions applied at once. kafkajs hands a fetch's batches to this many workers and fetches again only
   * when all are done, so at 3 a lone event waited behind up to three rounds of other partitions' commits; at 6
   * the benchmark's 202→SSE p99 fell from 107 to 18 ms at 50 events/s and from 395 to 105 ms at 200/s, with bulk
   * throughput unchanged (12 cost a seventh of it in lock and commit contention).
   */
  @IntRange(1, 12)
  TRACKER_PARTITIONS_CONCURRENTLY: number = 6;

  /**
   * Messages per transaction (and a kilobyte each of a partition's fetch): large enough to amortise round
   * trips, small enough to keep locks short. Catching up, 1,000 with 1 MB fetches (two transactions a fetch)
   * cost 57 + 44 ms of CPU per 1,000 events (tracker + PostgreSQL), 2,000 with 1 MB 51 + 39, and 3,000 with
   * 3 MB ran 3–7 % faster again, PostgreSQL's part a tenth lower (docs/operations.md, "Scale trackers").
   */
  @IntRange(1, 5000)
  TRACKER_CHUNK_SIZE: number = 3000;

  /** How soon a crashed tracker's partitions move to a live one (kill -9 leaves no goodbye). */
  @IntRange(6000, 300000)
  TRACKER_SESSION_TIMEOUT_MS: number = 10000;

  /**
   * How often an idle relay (rack-transitions from rack_transition, dead letters from the outbox) looks for
   * rows another process wrote; this tracker's own commits wake it at once.
   */
  @IntRange(10, 10000)
  OUTBOX_IDLE_POLL_MS: number = 200;

  /** How long committed transitions may wait behind an open transaction before the tracker names it in a warning. */
  @IntRange(1, 3600)
  TRANSITION_RELAY_HOLD_WARN_SECONDS: number = 30;

  /** Longest wait between two tries of a chunk while PostgreSQL is away (the backoff doubles up to this). */
  @IntRange(1000, 300000)
  TRACKER_RETRY_MAX_MS: number = 30000;

  /**
   * The PKCS#8 PEM file of the Ed25519 key rack passports are signed with (`npm run passport:keygen` makes one;
   * `npm run system` keeps one in .stack/). Read at start-up: a missing or non-Ed25519 key stops the tracker.
   * Rotating it keeps earlier keys' public halves in GET /v1/passport-keys, so older passports still verify.
   */
  @IsString()
  @MinLength(1, { message: 'must name the PEM file of the Ed25519 key passports are signed with' })
  PASSPORT_SIGNING_KEY_FILE: string = '.stack/passport-signing-key.pem';

  /** The group that seals passports from rack-transitions; empty: TRACKER_CONSUMER_GROUP plus `.passports`. */
  @IsString()
  PASSPORT_CONSUMER_GROUP: string = '';

  get passportConsumerGroup(): string {
    return this.PASSPORT_CONSUMER_GROUP === ''
      ? `${this.TRACKER_CONSUMER_GROUP}.passports`
      : this.PASSPORT_CONSUMER_GROUP;
  }
}
