import { applyDecorators } from '@nestjs/common';
import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { AdminTokenConfig } from '#config';
import { STATION_EVENT_LIMITS } from '#contracts';
import { DEFAULT_ALERT_ESCALATION_MINUTES } from '#domain';

/** A whole-number setting within [min, max]. */
const IntSetting = (min: number, max: number) => applyDecorators(IsInt(), Min(min), Max(max));

/** The read API's settings. ADMIN_TOKEN bootstraps an admin, who can then issue manager and admin tokens. */
export class ApiConfig extends AdminTokenConfig {
  override PORT = 3001;

  /** A dashboard polls and reloads; this lets a wall screen and a few laptops share an address comfortably. */
  override RATE_LIMIT_BURST = 300;
  override RATE_LIMIT_PER_SECOND = 30;

  /**
   * How long a token lookup is trusted without asking PostgreSQL again; a revocation made through another api
   * instance takes effect here within this time (one made through this instance, at once).
   */
  @IntSetting(0, 300000)
  ACCESS_CACHE_TTL_MS: number = 5000;

  /** Events the live stream keeps for clients that reconnect with Last-Event-ID; older gaps mean a reload. */
  @IntSetting(10, 1000000)
  LIVE_REPLAY_EVENTS: number = 2000;

  /**
   * How often the stream recomputes progress and WIP for the sites someone watches, even without transitions:
   * "expected by now" moves with the clock, and racks become stuck by waiting.
   */
  @IntSetting(500, 600000)
  LIVE_REFRESH_MS: number = 15000;

  /** How often the stream looks for alerts that started or stopped firing (the alerts service writes them). */
  @IntSetting(200, 600000)
  LIVE_ALERTS_POLL_MS: number = 2000;

  /** Open streams at most; more get 503, so a reconnect storm cannot exhaust the process. */
  @IntSetting(1, 100000)
  LIVE_MAX_CLIENTS: number = 500;

  /**
   * Open streams per token at most; more get 429. A wall screen needs one, a few laptops a handful: this keeps
   * one leaked or looping token from taking every slot of LIVE_MAX_CLIENTS.
   */
  @IntSetting(1, 100000)
  LIVE_MAX_CLIENTS_PER_TOKEN: number = 20;

  /**
   * How often an idle stream sends a `keepalive` event. Proxies keep the connection open, and the dashboard,
   * told the interval in `hello`, shows itself stale when two go missing.
   */
  @IntSetting(200, 120000)
  LIVE_KEEPALIVE_MS: number = 15000;

  /**
   * Each api instance reads rack-transitions in a consumer group of its own (this prefix plus an instance tag),
   * so every instance sees every transition.
   */
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,100}$/, { message: 'must be 1-100 letters, digits, . _ -' })
  LIVE_CONSUMER_GROUP_PREFIX: string = 'api-live';

  /**
   * The site a dashboard opens on when its address names none (a fresh kiosk). Empty: the unarchived site with
   * the most activity over the last 7 days. A site that does not exist or is archived is logged at start and
   * passed over in favour of that choice.
   */
  @IsString()
  @Matches(new RegExp(`^$|${STATION_EVENT_LIMITS.identifierPattern.source}`), {
    message: 'must be empty or a site id (1-64 letters, digits and . _ : / -)',
  })
  DASHBOARD_DEFAULT_SITE: string = '';

  /**
   * Minutes a firing alert may go unacknowledged before it is escalated (`escalatesAt`); must match the alerts
   * service's ALERT_ESCALATION_MINUTES, which re-notifies chat at that time.
   */
  @IntSetting(1, 1440)
  ALERT_ESCALATION_MINUTES: number = DEFAULT_ALERT_ESCALATION_MINUTES;

  /** The built dashboard (`npm run build` puts it in dist/web); empty means next to the built service. */
  @IsString()
  DASHBOARD_DIR: string = '';
}

/** DI token for the validated config. */
export const API_CONFIG = Symbol('API_CONFIG');
