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
