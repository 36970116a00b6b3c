import { AccessTokenEntity } from './access-token.entity.js';
import { AuditEntryEntity } from './audit-entry.entity.js';
import { AlertEventEntity } from './alert-event.entity.js';
import { AlertEntity } from './alert.entity.js';
import { SiteAlertRulesEntity } from './site-alert-rules.entity.js';
import { SiteTargetRevisionEntity } from './site-target-revision.entity.js';
import { SiteTargetEntity } from './site-target.entity.js';
import { WebhookDeliveryEntity } from './webhook-delivery.entity.js';
import { WebhookEntity } from './webhook.entity.js';
import { ComponentFailureEntity } from './component-failure.entity.js';
import { ComponentInstallEntity } from './component-install.entity.js';
import { ConsumerOffsetEntity } from './consumer-offset.entity.js';
import { OutboxMessageEntity } from './outbox-message.entity.js';
import { RackRouteEntity } from './rack-route.entity.js';
import { RackTransitionEntity } from './rack-transition.entity.js';
import { RackEntity } from './rack.entity.js';
import { RejectionEntity } from './rejection.entity.js';
import { StationEventEntity } from './station-event.entity.js';
import { StationEntity } from './station.entity.js';
import { SupplierEntity } from './supplier.entity.js';
import { TestMeasurementEntity } from './test-measurement.entity.js';

export {
  AccessTokenEntity,
  AuditEntryEntity,
  AlertEntity,
  AlertEventEntity,
  SiteAlertRulesEntity,
  SiteTargetEntity,
  SiteTargetRevisionEntity,
  WebhookDeliveryEntity,
  WebhookEntity,
  ComponentFailureEntity,
  ComponentInstallEntity,
  ConsumerOffsetEntity,
  OutboxMessageEntity,
  RackEntity,
  RackRouteEntity,
  RackTransitionEntity,
  RejectionEntity,
  StationEntity,
  StationEventEntity,
  SupplierEntity,
  TestMeasurementEntity,
};

export const ENTITIES = [
  AccessTokenEntity,
  AuditEntryEntity,
  AlertEntity,
  AlertEventEntity,
  SiteAlertRulesEntity,
  SiteTargetEntity,
  SiteTargetRevisionEntity,
  WebhookDeliveryEntity,
  WebhookEntity,
  ComponentFailureEntity,
  ComponentInstallEntity,
  ConsumerOffsetEntity,
  OutboxMessageEntity,
  RackEntity,
  RackRouteEntity,
  RackTransitionEntity,
  RejectionEntity,
  StationEntity,
  StationEventEntity,
  SupplierEntity,
  TestMeasurementEntity,
];
