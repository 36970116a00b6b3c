import type { NewAuditEntry } from '#persistence';
import { currentCorrelationId, type Principal } from '#platform';

/** An audit entry for a configuration change made through the alerts service by `actor`. */
export function alertsAuditEntry(
  actor: Principal,
  change: Pick<NewAuditEntry, 'action' | 'subjectType' | 'subjectId' | 'before' | 'after'>,
): NewAuditEntry {
  return {
    actor: { id: actor.id, name: actor.name, role: actor.role },
    service: 'alerts',
    correlationId: currentCorrelationId() ?? null,
    ...change,
  };
}
