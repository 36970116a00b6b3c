import { IsNotEmpty, IsString } from 'class-validator';
import { IntRange } from './int-range.js';
import { ServiceConfig } from './service-config.js';

/** The variables of whoever watches the tracker's progress: the tracker itself, and the alerts service. */
export interface TrackerProgressSettings {
  /** The tracker's consumer group: whose applied offsets (consumer_offset) are watched. */
  TRACKER_CONSUMER_GROUP: string;
  /** A station-events partition with messages waiting and no progress for this long counts as stalled. */
  TRACKER_STALL_SECONDS: number;
  /** How often the watcher compares the applied offsets with Kafka's high watermarks. */
  TRACKER_PROGRESS_POLL_MS: number;
}

/**
 * Adds the tracker-progress variables to a service's config class, with one set of defaults and limits.
 * The tracker reports a stall on readiness and /metrics; alerts raises `tracker_stalled` from the same numbers,
 * so the two must not drift apart.
 */
export function withTrackerProgress<Base extends typeof ServiceConfig>(base: Base) {
  // A class cannot extend a type parameter that lacks an any[] constructor; config classes take no arguments.
  const plain: typeof ServiceConfig = base;
  class TrackerProgressConfig extends plain implements TrackerProgressSettings {
    @IsString()
    @IsNotEmpty()
    TRACKER_CONSUMER_GROUP: string = 'rack-tracker';

    @IntRange(1, 86400)
    TRACKER_STALL_SECONDS: number = 60;

    @IntRange(100, 60000)
    TRACKER_PROGRESS_POLL_MS: number = 5000;
  }
  return TrackerProgressConfig as unknown as new () => InstanceType<Base> & TrackerProgressSettings;
}
