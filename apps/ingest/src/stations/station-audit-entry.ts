import type { AuditActor, NewAuditEntry } from '#persistence';
import { currentCorrelationId } from '#platform';

/**
 * A station change's audit entry, as made through ingest by `actor`. Written in the change's own
 * transaction (`uow.write`), so the audit log lists exactly the changes that took effect; the admin API
 * and the station:add CLI alike.
 */
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
