import { CFX_MESSAGES } from '#contracts';
import type { ComponentKind } from '#domain';
import type { PostedEvent } from '../factory/factory-model.js';

/** Reference designator prefixes the bridge reads back as the same kind (CFX_DESIGNATOR_KINDS). */
const DESIGNATOR_PREFIX: Readonly<Record<ComponentKind, string>> = {
  compute_tray: 'CT',
  switch_tray: 'SW',
  gpu: 'GPU',
  cpu: 'CPU',
  nic: 'NIC',
  psu: 'PSU',
  cable_cartridge: 'CC',
  cooling: 'CDU',
  other: 'X',
};

type Body = Record<string, unknown>;

function unit(serial: string): Body[] {
  return [{ UnitIdentifier: serial, PositionNumber: 1, PositionName: 'RACK' }];
}

/**
 * The CFX message a piece of equipment would send for this event, or null when CFX cannot say all of it (a
 * burn-in position, a rack model, a parent part, the parts a failure names, a hold's reason, rework): such an
 * event stays on the terminal's HTTP post. The UniqueID is the event id, so a re-sent event is a redelivery.
 */
export function cfxMessageFor(event: PostedEvent): { messageName: string; body: Body } | null {
  const work = {
    TransactionID: event.eventId,
    PrimaryIdentifier: event.rackSerial,
    Units: unit(event.rackSerial),
  };
  switch (event.type) {
    case 'started':
      if (event.location !== undefined || event.rackModel !== undefined) return null;
      return { messageName: CFX_MESSAGES.workStarted, body: work };
    case 'completed':
      if (event.measurements !== undefined) return null;
      return { messageName: CFX_MESSAGES.workCompleted, body: { ...work, Result: 'Completed' } };
    case 'passed':
    case 'failed': {
      const failures = event.failures ?? [];
      if (event.failedComponents !== undefined) return null;
      if (event.type === 'failed' && failures.length === 0) return null;
      if (failures.some((failure) => failure.componentSerial !== undefined)) return null;
      const result = event.type === 'passed' ? 'Passed' : 'Failed';
      return {
        messageName: CFX_MESSAGES.unitsTested,
        body: {
          TransactionId: event.eventId,
          TestMethod: 'Automated',
          Tester: { OperatorIdentifier: event.operatorId, ActorType: 'Human' },
          TestedUnits: [
            {
              UnitIdentifier: event.rackSerial,
              UnitPositionNumber: 1,
              OverallResult: result,
              Tests: [
                {
                  TestName: `${event.stage.toUpperCase()}_TEST`,
                  Result: result,
                  SymptomsFound: failures.map((failure) => ({
                    SymptomCode: failure.code,
                    ...(failure.message === undefined ? {} : { Description: failure.message }),
                  })),
                  Measurements: (event.measurements ?? []).map((measurement) => ({
                    $type: 'CFX.Structures.NumericMeasurement, CFX',
                    MeasurementName: measurement.name,
                    MeasuredValue: {
                      Value: measurement.value,
                      ValueUnits: measurement.unit,
                      ExpectedValueUnits: measurement.unit,
                      ...(measurement.low === undefined ? {} : { MinimumAcceptableValue: measurement.low }),
                      ...(measurement.high === undefined ? {} : { MaximumAcceptableValue: measurement.high }),
                    },
                  })),
                },
              ],
            },
          ],
        },
      };
    }
    case 'component_installed': {
      const components = event.components ?? [];
      if (
        components.length === 0 ||
        components.some((part) => part.parentSerial !== undefined || part.kind === undefined)
      )
        return null;
      return {
        messageName: CFX_MESSAGES.materialsInstalled,
        body: {
          TransactionId: event.eventId,
          InstalledMaterials: components.map((part, index) => ({
            UnitIdentifier: event.rackSerial,
            UnitPositionNumber: 1,
            QuantityInstalled: 1,
            Material: {
              UniqueIdentifier: part.serial,
              InternalPartNumber: part.partNumber,
              Vendor: part.supplierId,
              BatchId: part.lot,
            },
            InstalledComponents: [{ ReferenceDesignator: `${DESIGNATOR_PREFIX[part.kind!]}${index + 1}` }],
          })),
        },
      };
    }
    case 'component_removed':
      if ((event.components ?? []).length === 0) return null;
      return {
        messageName: CFX_MESSAGES.materialsUninstalled,
        body: {
          TransactionId: event.eventId,
          UninstalledMaterials: (event.components ?? []).map((part) => ({
            UnitIdentifier: event.rackSerial,
            Material: { UniqueIdentifier: part.serial },
            UninstalledComponents: [],
          })),
        },
      };
    case 'scrap':
      if (event.reason !== undefined) return null;
      return {
        messageName: CFX_MESSAGES.unitsDisqualified,
        body: { TransactionId: event.eventId, DisqualifiedUnits: [{ UnitIdentifier: event.rackSerial }] },
      };
    default:
      return null;
  }
}

/** The CFX 2.0 envelope around a message, from the station as Source, stamped at the event's time. */
export function cfxEnvelopeFor(event: PostedEvent, message: { messageName: string; body: Body }): Body {
  return {
    MessageName: message.messageName,
    Version: '2.0',
    TimeStamp: event.occurredAt,
    UniqueID: event.eventId,
    Source: event.stationId,
    Target: null,
    RequestID: null,
    MessageBody: message.body,
  };
}
