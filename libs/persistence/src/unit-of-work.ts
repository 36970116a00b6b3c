import type { DataSource, EntityManager } from 'typeorm';
import { AccessTokenRepository } from './repositories/access-token.repository.js';
import { AlertRepository } from './repositories/alert.repository.js';
import { AuditRepository } from './repositories/audit.repository.js';
import { BurnInCellRepository } from './repositories/burn-in-cell.repository.js';
import { CfxMessageRecordRepository } from './repositories/cfx-message-record.repository.js';
import { BurnInReadRepository } from './repositories/burn-in-read.repository.js';
import { ComponentFailureRepository } from './repositories/component-failure.repository.js';
import { ComponentInstallRepository } from './repositories/component-install.repository.js';
import { ConsumerOffsetRepository } from './repositories/consumer-offset.repository.js';
import { DispositionTableRepository } from './repositories/disposition-table.repository.js';
import { FailureDispositionRepository } from './repositories/failure-disposition.repository.js';
import { GenealogyReadRepository } from './repositories/genealogy-read.repository.js';
import { LineStatusRepository } from './repositories/line-status.repository.js';
import { OutboxRepository } from './repositories/outbox.repository.js';
import { QualityReadRepository } from './repositories/quality-read.repository.js';
import type { Queryable } from './repositories/queryable.js';
import { RackReadRepository } from './repositories/rack-read.repository.js';
import { RackPassportRepository } from './repositories/rack-passport.repository.js';
import { RackRouteRepository } from './repositories/rack-route.repository.js';
import { RackTransitionRelayRepository } from './repositories/rack-transition-relay.repository.js';
import { RackTransitionRepository } from './repositories/rack-transition.repository.js';
import { RackRepository } from './repositories/rack.repository.js';
import { RejectionReadRepository } from './repositories/rejection-read.repository.js';
import { RejectionRepository } from './repositories/rejection.repository.js';
import { SiteTargetRepository } from './repositories/site-target.repository.js';
import { SiteRepository } from './repositories/site.repository.js';
import { SourcingReadRepository } from './repositories/sourcing-read.repository.js';
import { StationEventLookupRepository } from './repositories/station-event-lookup.repository.js';
import { StationEventRepository } from './repositories/station-event.repository.js';
import { StationRepository } from './repositories/station.repository.js';
import { SupplierRepository } from './repositories/supplier.repository.js';
import { SupplierReturnRepository } from './repositories/supplier-return.repository.js';
import { TestMeasurementRepository } from './repositories/test-measurement.repository.js';
import { ThroughputRepository } from './repositories/throughput.repository.js';
import { WebhookDeliveryRepository } from './repositories/webhook-delivery.repository.js';
import { WebhookRepository } from './repositories/webhook.repository.js';

/** How isolated a write is; read snapshots are always REPEATABLE READ, READ ONLY. */
export type WriteIsolation = 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

type RepositoryClass<R> = new (db: Queryable) => R;

/**
 * Every repository, on one connection or transaction. Built on demand and kept for the life of the unit, so
 * that a use case names what it reads (`repositories.racks`) and never which connection it reads through.
 */
export class Repositories {
  private readonly made = new Map<RepositoryClass<unknown>, unknown>();

  constructor(
    /** The connection or transaction these repositories run on, for repositories that take it per call. */
    readonly db: Queryable,
  ) {}

  get accessTokens(): AccessTokenRepository {
    return this.of(AccessTokenRepository);
  }
  get alerts(): AlertRepository {
    return this.of(AlertRepository);
  }
  get audit(): AuditRepository {
    return this.of(AuditRepository);
  }
  get burnInReads(): BurnInReadRepository {
    return this.of(BurnInReadRepository);
  }
  get burnInCells(): BurnInCellRepository {
    return this.of(BurnInCellRepository);
  }
  get cfxMessageRecords(): CfxMessageRecordRepository {
    return this.of(CfxMessageRecordRepository);
  }
  get componentFailures(): ComponentFailureRepository {
    return this.of(ComponentFailureRepository);
  }
  get componentInstalls(): ComponentInstallRepository {
    return this.of(ComponentInstallRepository);
  }
  get consumerOffsets(): ConsumerOffsetRepository {
    return this.of(ConsumerOffsetRepository);
  }
  get dispositionTables(): DispositionTableRepository {
    return this.of(DispositionTableRepository);
  }
  get failureDispositions(): FailureDispositionRepository {
    return this.of(FailureDispositionRepository);
  }
  get supplierReturns(): SupplierReturnRepository {
    return this.of(SupplierReturnRepository);
  }
  get passports(): RackPassportRepository {
    return this.of(RackPassportRepository);
  }
  get deliveries(): WebhookDeliveryRepository {
    return this.of(WebhookDeliveryRepository);
  }
  get genealogy(): GenealogyReadRepository {
    return this.of(GenealogyReadRepository);
  }
  get lineStatus(): LineStatusRepository {
    return this.of(LineStatusRepository);
  }
  get measurements(): TestMeasurementRepository {
    return this.of(TestMeasurementRepository);
  }
  get quality(): QualityReadRepository {
    return this.of(QualityReadRepository);
  }
  get rackReads(): RackReadRepository {
    return this.of(RackReadRepository);
  }
  get racks(): RackRepository {
    return this.of(RackRepository);
  }
  get rejectionReads(): RejectionReadRepository {
    return this.of(RejectionReadRepository);
  }
  get rejections(): RejectionRepository {
    return this.of(RejectionRepository);
  }
  get routes(): RackRouteRepository {
    return this.of(RackRouteRepository);
  }
  get sites(): SiteRepository {
    return this.of(SiteRepository);
  }
  get siteTargets(): SiteTargetRepository {
    return this.of(SiteTargetRepository);
  }
  get sourcing(): SourcingReadRepository {
    return this.of(SourcingReadRepository);
  }
  get stationEvents(): StationEventRepository {
    return this.of(StationEventRepository);
  }
  get stations(): StationRepository {
    return this.of(StationRepository);
  }
  get suppliers(): SupplierRepository {
    return this.of(SupplierRepository);
  }
  get throughput(): ThroughputRepository {
    return this.of(ThroughputRepository);
  }
  get transitions(): RackTransitionRepository {
    return this.of(RackTransitionRepository);
  }
  get webhooks(): WebhookRepository {
    return this.of(WebhookRepository);
  }

  private of<R>(Repository: RepositoryClass<R>): R {
    let repository = this.made.get(Repository) as R | undefined;
    if (repository === undefined) {
      repository = new Repository(this.db);
      this.made.set(Repository, repository);
    }
    return repository;
  }
}

/**
 * The one way apps reach PostgreSQL. `read` runs several queries against one committed state (the tracker
 * commits a batch at a time, so two reads a moment apart could otherwise disagree); `write` makes several
 * changes stand or fall together (a change and its audit entry, an alert and its webhook outbox rows, a
 * tracker chunk and its consumer offset). Apps never see TypeORM: a transaction is a `Repositories`.
 */
export class UnitOfWork {
  /** Repositories on the shared pool: each statement commits on its own. */
  readonly pool: Repositories;
  /** The transactional outbox of dead letters (station-events.dlq), and its relay (own advisory lock). */
  readonly outbox: OutboxRepository;
  /** rack_transition read as the outbox of `rack-transitions` (its cursor row is its lock). */
  readonly transitionRelay: RackTransitionRelayRepository;
  /** Ingest's duplicate pre-check, on the pool. */
  readonly eventLookup: StationEventLookupRepository;

  constructor(private readonly dataSource: DataSource) {
    this.pool = new Repositories(dataSource);
    this.outbox = new OutboxRepository(dataSource);
    this.transitionRelay = new RackTransitionRelayRepository(dataSource);
    this.eventLookup = new StationEventLookupRepository(dataSource);
  }

  /** Several reads against one snapshot: REPEATABLE READ, READ ONLY. */
  read<T>(work: (repositories: Repositories) => Promise<T>): Promise<T> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await manager.query('SET TRANSACTION READ ONLY');
      return work(new Repositories(manager));
    });
  }

  /** Several writes that stand or fall together. */
  write<T>(
    work: (repositories: Repositories) => Promise<T>,
    isolation: WriteIsolation = 'READ COMMITTED',
  ): Promise<T> {
    const run = (manager: EntityManager) => work(new Repositories(manager));
    // Every connection starts at READ COMMITTED (createDataSource pins it), so that level needs no
    // `SET TRANSACTION`: a round trip saved on each of the tracker's chunks.
    if (isolation === 'READ COMMITTED') return this.dataSource.transaction(run);
    return this.dataSource.transaction(isolation, run);
  }

  /** A connection of its own, for a session-level lock that must outlive any one statement. */
  async dedicated(): Promise<{ repositories: Repositories; release: () => Promise<void> }> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    return { repositories: new Repositories(runner), release: () => runner.release() };
  }
}
