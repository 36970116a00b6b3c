import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditRepository, StationRepository, type AuditActor, type NewAuditEntry } from '#persistence';
import { currentCorrelationId } from '#platform';

export interface StationChangeRepositories {
  stations: StationRepository;
  audit: AuditRepository;
}

/** A station change's audit entry, as made through ingest by `actor`. */
export function stationAuditEntry(
  actor: AuditActor,
  change: Pick<NewAuditEntry, 'action' | 'subjectId' | 'before' | 'after'>,
): NewAuditEntry {
  return {
    actor: { id: actor.id, name: actor.name, role: actor.role },
    service: 'ingest',
    subjectType: 'station',
    correlationId: currentCorrelationId() ?? null,
    ...change,
  };
}

/**
 * Runs a station change and its audit entry in one transaction, so the audit log lists exactly the changes
 * that took effect. Used by the admin API and the station:add CLI alike.
 */
@Injectable()
export class StationChanges {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  run<T>(work: (repositories: StationChangeRepositories) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) =>
      work({ stations: new StationRepository(manager), audit: new AuditRepository(manager) }),
    );
  }
}
