import { Inject, Injectable, Logger } from '@nestjs/common';
import type { StationStamp } from '#contracts';
import { isStationRole } from '#domain';
import { StationRepository, type StationRecord } from '#persistence';
import { IngestConfig } from '../ingest.config.js';
import { IngestMetrics } from '../common/ingest.metrics.js';
import { LruCache } from '../common/lru.cache.js';
import { IngestError } from '../common/ingest.error.js';
import { Clock } from '#platform';
import { bearerToken } from './bearer-credentials.parser.js';
import { stationFields } from '../stations/station.view.js';
import { hashStationToken, looksLikeStationToken } from './station-token.generator.js';

// Enough for every terminal of a large site many times over; unknown tokens are cached too, so a client
// hammering with a bad token costs one query per TTL, not one per request.
const MAX_CACHED_TOKENS = 10000;

/**
 * Resolves a bearer token to the station as registered. Results (including "no such token") are cached for
 * STATION_CACHE_TTL_MS, which bounds how long a revocation made elsewhere takes to bite here.
 */
@Injectable()
export class StationAuthenticator {
  private readonly logger = new Logger(StationAuthenticator.name);
  private readonly cache: LruCache<string, StationStamp | null>;

  constructor(
    @Inject(StationRepository) private readonly stations: StationRepository,
    @Inject(IngestConfig) config: IngestConfig,
    @Inject(Clock) clock: Clock,
    @Inject(IngestMetrics) private readonly metrics: IngestMetrics,
  ) {
    this.cache = new LruCache({
      maxEntries: MAX_CACHED_TOKENS,
      ttlMs: config.STATION_CACHE_TTL_MS,
      now: () => clock.now().getTime(),
    });
  }

  async authenticate(authorization: string | undefined): Promise<StationStamp> {
    const token = bearerToken(authorization);
    if (token === undefined)
      throw new IngestError(
        'unauthenticated',
        'missing bearer token (Authorization: Bearer <station token>)',
      );
    if (!looksLikeStationToken(token))
      throw new IngestError('unauthenticated', 'unknown or revoked station token');
    const tokenHash = hashStationToken(token);
    let station = this.cache.get(tokenHash);
    if (station === undefined) {
      station = await this.lookUp(tokenHash);
      this.cache.set(tokenHash, station);
    }
    if (station === null) throw new IngestError('unauthenticated', 'unknown or revoked station token');
    return station;
  }

  /** Called after a revocation through this instance, so it takes effect here at once rather than after the TTL. */
  forget(stationId: string): void {
    this.cache.deleteWhere((station) => station?.stationId === stationId);
  }

  private async lookUp(tokenHash: string): Promise<StationStamp | null> {
    let record: StationRecord | null;
    this.metrics.countStationTokenLookup();
    try {
      record = await this.stations.findActiveByTokenHash(tokenHash);
    } catch (error) {
      throw new IngestError(
        'station_directory_unavailable',
        'cannot verify the station token: PostgreSQL is unavailable',
        [],
        { cause: error },
      );
    }
    if (!record) return null;
    if (!isStationRole(record.role)) {
      this.logger.error({
        msg: 'station has an unknown role; refusing its token',
        stationId: record.stationId,
        role: record.role,
      });
      return null;
    }
    return stationFields(record, record.role);
  }
}
