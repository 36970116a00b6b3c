export { createDataSource, type DataSourceSettings } from './data-source.js';
export { MIGRATIONS } from './migrations/index.js';
export { Repositories, UnitOfWork, type WriteIsolation } from './unit-of-work.js';
export { schemaCatalogue } from './schema-catalogue.js';
export {
  ComponentInstallRepository,
  type ComponentMovement,
} from './repositories/component-install.repository.js';
export {
  ConsumerOffsetRepository,
  type AppliedPosition,
  type OffsetMove,
  type PartitionKey,
} from './repositories/consumer-offset.repository.js';
export { OutboxRepository, type OutboxRecord } from './repositories/outbox.repository.js';
export { isUniqueViolation, type Queryable } from './repositories/queryable.js';
export {
  asArrayLiteral,
  combineStatements,
  runAsOneStatement,
  type SqlStatement,
} from './repositories/sql-statement.js';
export {
  classifyDatabaseFailure,
  describeDatabaseFailure,
  sqlStateOf,
  type DatabaseFailureKind,
} from './database-failure.js';
export {
  RackTransitionRepository,
  type RackTransitionRecord,
  type RecordedEvent,
} from './repositories/rack-transition.repository.js';
export {
  RackTransitionRelayRepository,
  type OpenTransaction,
  type RelayedTransitionRow,
  type TransitionRelayPass,
} from './repositories/rack-transition-relay.repository.js';
export { RackRepository, type StoredRack } from './repositories/rack.repository.js';
export { RejectionRepository, type RejectionRecord } from './repositories/rejection.repository.js';
export { StationEventRepository, type StationEventRecord } from './repositories/station-event.repository.js';
export {
  TestMeasurementRepository,
  type TestMeasurementRecord,
} from './repositories/test-measurement.repository.js';
export {
  likeContaining,
  RackReadRepository,
  type RackFailureCodeRecord,
  type RackFailureRecord,
  type RackHistoryRecord,
  type RackListFilter,
  type RackMeasurementRecord,
  type RackRecord,
} from './repositories/rack-read.repository.js';
export { RackRouteRepository, type StoredRackRoute } from './repositories/rack-route.repository.js';
export { BurnInCellRepository, type StoredBurnInCell } from './repositories/burn-in-cell.repository.js';
export {
  CfxMessageRecordRepository,
  type CfxRecordKind,
  type NewCfxMessageRecord,
  type StoredCfxMessageRecord,
} from './repositories/cfx-message-record.repository.js';
export {
  BurnInReadRepository,
  type BurnInMeasures,
  type BurnInQueue,
} from './repositories/burn-in-read.repository.js';
export {
  RejectionReadRepository,
  type RecordedRejection,
  type RejectionListFilter,
} from './repositories/rejection-read.repository.js';
export { StationEventLookupRepository } from './repositories/station-event-lookup.repository.js';
export {
  StationRepository,
  type NewStationRow,
  type StationRecord,
} from './repositories/station.repository.js';
export {
  AccessTokenRepository,
  type AccessTokenRecord,
  type NewAccessTokenRow,
} from './repositories/access-token.repository.js';
export {
  AuditRepository,
  type AuditActor,
  type AuditListFilter,
  type AuditListPage,
  type AuditRecord,
  type NewAuditEntry,
} from './repositories/audit.repository.js';
export {
  RackPassportRepository,
  type NewPassport,
  type ShipmentCursor,
  type ShipmentFilter,
  type StoredPassport,
} from './repositories/rack-passport.repository.js';
export {
  DispositionTableRepository,
  type StoredDispositionTable,
} from './repositories/disposition-table.repository.js';
export {
  FailureDispositionRepository,
  type FailureDispositionRecord,
  type FailureOccurrence,
  type StoredFailureDisposition,
} from './repositories/failure-disposition.repository.js';
export {
  SUPPLIER_RETURN_STATUSES,
  SupplierReturnRepository,
  type StoredSupplierReturn,
  type SupplierReturnFilter,
  type SupplierReturnRecord,
  type SupplierReturnStatus,
} from './repositories/supplier-return.repository.js';
export {
  ComponentFailureRepository,
  type ComponentFailureRecord,
} from './repositories/component-failure.repository.js';
export {
  GenealogyReadRepository,
  type ComponentFailureReadRecord,
  type ComponentStayRecord,
  type GenealogyEventRecord,
  type MeasurementRecord,
  type TraceFilter,
  type TracePartRecord,
  type TraceRackRecord,
  type TraceSummaryRecord,
  type WhereUsedRecord,
} from './repositories/genealogy-read.repository.js';
export {
  QualityReadRepository,
  type ComponentFailureGrouping,
  type FailureGroupRecord,
  type FirstOutcomeRecord,
  type FirstOutcomeScope,
  type LotFailureRecord,
  type LotHolderRecord,
  type SupplierQualityRecord,
  type TimeWindow,
} from './repositories/quality-read.repository.js';
export {
  SourcingReadRepository,
  type SourcingCountRecord,
  type SourcingWindow,
} from './repositories/sourcing-read.repository.js';
export { SupplierRepository, type SupplierRecord } from './repositories/supplier.repository.js';
export {
  AlertRepository,
  type AlertListFilter,
  type AlertListPage,
  type AlertStateRow,
  type NewAlertEventRow,
  type NewAlertRow,
  type StoredAlert,
  type StoredAlertEvent,
} from './repositories/alert.repository.js';
export {
  SiteTargetRepository,
  type SiteTargetRow,
  type StoredRuleOverrides,
  type StoredSiteTarget,
  type StoredTargetRevision,
} from './repositories/site-target.repository.js';
export {
  SiteRepository,
  type StoredHandoverCounts,
  type StoredSite,
  type StoredSiteArchive,
  type StoredSiteTransition,
} from './repositories/site.repository.js';
export {
  ThroughputRepository,
  type CompletionCounts,
  type StageOutputRow,
  type StuckRackRow,
} from './repositories/throughput.repository.js';
export {
  WebhookDeliveryRepository,
  type AttemptRecord,
  type ClaimedDelivery,
  type NewDeliveryRow,
  type StoredDelivery,
} from './repositories/webhook-delivery.repository.js';
export {
  WebhookRepository,
  type NewWebhookRow,
  type StoredWebhook,
} from './repositories/webhook.repository.js';
export {
  LineStatusRepository,
  type CycleTimeRow,
  type OldestAtStageRow,
  type ReasonCountRow,
  type StageCountRow,
  type WipCountRow,
} from './repositories/line-status.repository.js';
export {
  SiteThroughputReader,
  type SiteSettings,
  type SiteThroughput,
  type SiteThroughputRepositories,
} from './readers/site-throughput.reader.js';
export {
  readClearanceFacts,
  type ClearanceFactsQuestion,
  type ClearanceFactsRead,
} from './readers/clearance-facts.reader.js';
export { readRackStateHashes, readRackStates } from './readers/rack-state-digest.reader.js';
export { readChunkState, type ChunkState } from './readers/chunk-state.reader.js';
export { REBUILD_TABLES, tablesWithRole, type RebuildRole } from './rebuild/rebuild-tables.js';
export {
  copySupplierReturnVerdicts,
  copyTables,
  countRacks,
  emptyAllTables,
  ensureDatabaseExists,
  publicTables,
  silenceReplayedHistory,
  unclassifiedTables,
} from './rebuild/rebuild-database.js';
