import type { NewAuditEntry, Repositories } from '#persistence';
import { currentCorrelationId, type Principal } from '#platform';

export type AuditedChange = Pick<NewAuditEntry, 'action' | 'subjectType' | 'subjectId' | 'before' | 'after'>;

/** One configuration change's audit entry, as made through the api by `actor`. */
export function auditEntry(actor: Principal, change: AuditedChange): NewAuditEntry {
  return {
    actor: { id: actor.id, name: actor.name, role: actor.role },
    service: 'api',
    correlationId: currentCorrelationId() ?? null,
    ...change,
  };
}

/**
 * Appends a change's audit entry inside the `uow.write` that makes the change: either both are kept or
 * neither is, so the audit log can be trusted to list every change that took effect.
 */
export async function recordChange(
  repositories: Pick<Repositories, 'audit'>,
  actor: Principal,
  change: AuditedChange,
): Promise<void> {
  await repositories.audit.append(auditEntry(actor, change));
}
