import { Inject, Injectable } from '@nestjs/common';
import type { StationRole } from '#domain';
import { UnitOfWork, type AuditActor } from '#persistence';
import { issueStationToken } from '../auth/station-token.generator.js';
import { IngestError } from '../common/ingest.error.js';
import { stationAuditEntry } from './station-audit-entry.js';
import { toStationView } from './station.view.js';

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

/**
 * Registers a station (or re-registers a revoked id) and issues its token; audited with the station before
 * (a revoked one, or none) and after, never the token. Used by the admin API and the CLI.
 */
@Injectable()
export class RegisterStationUseCase {
  constructor(@Inject(UnitOfWork) private readonly uow: UnitOfWork) {}

  async execute(command: RegisterStationCommand, actor: AuditActor): Promise<RegisteredStation> {
    const role = command.role ?? 'station';
    const { token, tokenHash } = issueStationToken();
    const stored = await this.uow.write(async ({ stations, audit }) => {
      await audit.lockSubject('station', command.stationId);
      const before = await stations.findById(command.stationId);
      const inserted = await stations.insertUnlessActive({
        stationId: command.stationId,
        stage: command.stage,
        role,
        siteId: command.siteId,
        lineId: command.lineId,
        tokenHash,
      });
      if (!inserted) {
        throw new IngestError(
          'station_exists',
          `station ${command.stationId} is already registered; revoke it first to issue a new token`,
        );
      }
      await audit.append(
        stationAuditEntry(actor, {
          action: 'station.register',
          subjectId: inserted.stationId,
          before: before === null ? null : toStationView(before),
          after: toStationView(inserted),
        }),
      );
      return inserted;
    });
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
