import { Inject, Injectable } from '@nestjs/common';
import { UnitOfWork, type AuditActor } from '#persistence';
import { StationAuthenticator } from '../auth/station.authenticator.js';
import { IngestError } from '../common/ingest.error.js';
import { stationAuditEntry } from './station-audit-entry.js';
import { toStationView } from './station.view.js';

/**
 * Revokes a station's token. It stops working on this instance at once; other ingest instances notice within
 * STATION_CACHE_TTL_MS. Revoking twice is not an error, and only the first revocation is audited.
 */
@Injectable()
export class RevokeStationUseCase {
  constructor(
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(StationAuthenticator) private readonly authenticator: StationAuthenticator,
  ) {}

  async execute(stationId: string, actor: AuditActor): Promise<void> {
    await this.uow.write(async ({ stations, audit }) => {
      await audit.lockSubject('station', stationId);
      const before = await stations.findById(stationId);
      if (before === null || !(await stations.revoke(stationId))) {
        throw new IngestError('station_not_found', `no station ${stationId}`);
      }
      if (before.revokedAt !== null) return;
      const after = await stations.findById(stationId);
      await audit.append(
        stationAuditEntry(actor, {
          action: 'station.revoke',
          subjectId: stationId,
          before: toStationView(before),
          after: after === null ? null : toStationView(after),
        }),
      );
    });
    this.authenticator.forget(stationId);
  }
}
