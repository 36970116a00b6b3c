import { Inject, Injectable } from '@nestjs/common';
import type { StationRole } from '#domain';
import { StationRepository } from '#persistence';
import { issueStationToken } from '../auth/station-token.generator.js';
import { IngestError } from '../common/ingest.error.js';

export interface RegisterStationCommand {
  stationId: string;
  stage: string;
  siteId: string;
  lineId: string;
  role?: StationRole;
}

export interface RegisteredStation {
  stationId: string;
  stage: string;
  role: StationRole;
  siteId: string;
  lineId: string;
  /** Shown this once; only its hash is stored. */
  token: string;
}

/** Registers a station (or re-registers a revoked id) and issues its token. Used by the admin API and the CLI. */
@Injectable()
export class RegisterStationUseCase {
  constructor(@Inject(StationRepository) private readonly stations: StationRepository) {}

  async execute(command: RegisterStationCommand): Promise<RegisteredStation> {
    const role = command.role ?? 'station';
    const { token, tokenHash } = issueStationToken();
    const stored = await this.stations.insertUnlessActive({
      stationId: command.stationId,
      stage: command.stage,
      role,
      siteId: command.siteId,
      lineId: command.lineId,
      tokenHash,
    });
    if (!stored) {
      throw new IngestError(
        'station_exists',
        `station ${command.stationId} is already registered; revoke it first to issue a new token`,
      );
    }
    return {
      stationId: stored.stationId,
      stage: stored.stage,
      role,
      siteId: stored.siteId,
      lineId: stored.lineId,
      token,
    };
  }
}
