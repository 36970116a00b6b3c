import { Inject, Injectable } from '@nestjs/common';
import type { StationStamp } from '#contracts';
import { isStationRole } from '#domain';
import { UnitOfWork } from '#persistence';
import { Clock } from '#platform';
import { CfxBridgeConfig } from '../cfx-bridge.config.js';

/**
 * A CFX Source (the equipment's handle, e.g. `CFX.LINE1.ICT01`) is a registered station of the same id, as a
 * terminal's token is at ingest: its stage, site and line stamp every event it causes. Answers (including
 * "none") are cached for CFX_STATION_CACHE_TTL_MS, which bounds how long a revocation takes to bite.
 */
@Injectable()
export class CfxStationDirectory {
  private readonly cache = new Map<string, { station: StationStamp | null; until: number }>();
  private readonly ttlMs: number;

  constructor(
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(CfxBridgeConfig) config: CfxBridgeConfig,
  ) {
    this.ttlMs = config.CFX_STATION_CACHE_TTL_MS;
  }

  async find(source: string): Promise<StationStamp | null> {
    const now = this.clock.now().getTime();
    const cached = this.cache.get(source);
    if (cached !== undefined && cached.until > now) return cached.station;
    const record = await this.uow.pool.stations.findById(source);
    const station =
      record === null || record.revokedAt !== null || !isStationRole(record.role)
        ? null
        : {
            stationId: record.stationId,
            stage: record.stage,
            role: record.role,
            siteId: record.siteId,
            lineId: record.lineId,
          };
    // Bounded by the line's equipment count; cleared wholesale if something floods it with sources.
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(source, { station, until: now + this.ttlMs });
    return station;
  }
}
