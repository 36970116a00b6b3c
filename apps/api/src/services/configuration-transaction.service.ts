import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AccessTokenRepository,
  AuditRepository,
  RackRouteRepository,
  type NewAuditEntry,
} from '#persistence';
import { currentCorrelationId, type Principal } from '#platform';

export interface ConfigurationRepositories {
  routes: RackRouteRepository;
  tokens: AccessTokenRepository;
  audit: AuditRepository;
}

/** One configuration change's audit entry, as made through this service by `actor`. */
export function auditEntry(
  actor: Principal,
  change: Pick<NewAuditEntry, 'action' | 'subjectType' | 'subjectId' | 'before' | 'after'>,
): NewAuditEntry {
  return {
    actor: { id: actor.id, name: actor.name, role: actor.role },
    service: 'api',
    correlationId: currentCorrelationId() ?? null,
    ...change,
  };
}

/**
 * Runs a configuration change and its audit entry in one transaction: either both are kept or neither is,
 * so the audit log can be trusted to list every change that took effect.
 */
@Injectable()
export class ConfigurationTransaction {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (repositories: ConfigurationRepositories) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) =>
      work({
        routes: new RackRouteRepository(manager),
        tokens: new AccessTokenRepository(manager),
        audit: new AuditRepository(manager),
      }),
    );
  }
}
