import { Inject, Injectable } from '@nestjs/common';
import { StationRepository } from '#persistence';
import { StationAuthenticator } from '../auth/station.authenticator.js';
import { IngestError } from '../common/ingest.error.js';

/**
 * Revokes a station's token. It stops working on this instance at once; other ingest instances notice within
 * STATION_CACHE_TTL_MS. Revoking twice is not an error.
 */
@Injectable()
export class RevokeStationUseCase {
  constructor(
    @Inject(StationRepository) private readonly stations: StationRepository,
    @Inject(StationAuthenticator) private readonly authenticator: StationAuthenticator,
  ) {}

  async execute(stationId: string): Promise<void> {
    const found = await this.stations.revoke(stationId);
    if (!found) throw new IngestError('station_not_found', `no station ${stationId}`);
    this.authenticator.forget(stationId);
  }
}
