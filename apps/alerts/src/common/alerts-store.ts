import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AlertRepository,
  AuditRepository,
  QualityReadRepository,
  RackRouteRepository,
  SiteTargetRepository,
  ThroughputRepository,
  WebhookDeliveryRepository,
  WebhookRepository,
  type Queryable,
} from '#persistence';

/** The repositories of one unit of work, all running on the same connection or transaction. */
export interface AlertsRepositories {
  audit: AuditRepository;
  siteTargets: SiteTargetRepository;
  throughput: ThroughputRepository;
  quality: QualityReadRepository;
  routes: RackRouteRepository;
  alerts: AlertRepository;
  webhooks: WebhookRepository;
  deliveries: WebhookDeliveryRepository;
}

/**
 * How use cases reach the database: repositories on the shared pool, or on one transaction when several
 * writes must stand or fall together (an alert's new state, its history and its webhook outbox rows).
 */
@Injectable()
export class AlertsStore {
  constructor(private readonly dataSource: DataSource) {}

  repositories(db: Queryable = this.dataSource): AlertsRepositories {
    return {
      audit: new AuditRepository(db),
      siteTargets: new SiteTargetRepository(db),
      throughput: new ThroughputRepository(db),
      quality: new QualityReadRepository(db),
      routes: new RackRouteRepository(db),
      alerts: new AlertRepository(db),
      webhooks: new WebhookRepository(db),
      deliveries: new WebhookDeliveryRepository(db),
    };
  }

  transaction<T>(work: (repositories: AlertsRepositories) => Promise<T>): Promise<T> {
    return this.dataSource.transaction('READ COMMITTED', (manager) => work(this.repositories(manager)));
  }

  /** A connection of its own, for a session-level lock that must outlive any one query. */
  async dedicated(): Promise<{ repositories: AlertsRepositories; release: () => Promise<void> }> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    return { repositories: this.repositories(runner), release: () => runner.release() };
  }
}
