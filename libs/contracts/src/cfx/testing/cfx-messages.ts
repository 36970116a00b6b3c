import { randomUUID } from 'node:crypto';

// CFX 2.x messages written from the public specification's shapes (the IPC-CFX SDK's documented examples),
// for the mapping's table tests and the bridge's end-to-end suites alike.

export function cfxEnvelope(
  messageName: string,
  source: string,
  body: Record<string, unknown>,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    MessageName: messageName,
    Version: '2.0',
    // .NET's seven fractional digits and an offset, as the SDK writes them.
    TimeStamp: new Date(Date.now() - 1000).toISOString().replace('Z', '0000+00:00'),
    UniqueID: randomUUID(),
    Source: source,
    Target: null,
    RequestID: null,
    MessageBody: body,
    ...overrides,
  };
}

export function workStarted(unit: string): Record<string, unknown> {
  return {
    TransactionID: randomUUID(),
    Lane: 1,
    PrimaryIdentifier: unit,
    HermesIdentifier: null,
    UnitCount: 1,
    Units: [{ UnitIdentifier: unit, PositionNumber: 1, PositionName: 'RACK' }],
  };
}

export function unitsTested(
  unit: string,
  result: 'Passed' | 'Failed',
  measurement: {
    name: string;
    value: number;
    units: string;
    expectedUnits: string;
    min: number;
    max: number;
  },
): Record<string, unknown> {
  return {
    TransactionId: randomUUID(),
    TestMethod: 'Automated',
    Tester: { OperatorIdentifier: 'BADGE489499', ActorType: 'Human' },
    SamplingInformation: { SamplingMethod: 'NoSampling', LotSize: null, SampleSize: null },
    TestedUnits: [
      {
        UnitIdentifier: unit,
        UnitPositionNumber: 1,
        OverallResult: result,
        Tests: [
          {
            UniqueIdentifier: randomUUID(),
            TestName: 'PSU_RAIL_CHECK',
            Result: result,
            SymptomsFound:
              result === 'Failed'
                ? [
                    {
                      UniqueIdentifier: randomUUID(),
                      SymptomCode: 'RESFAIL2',
                      SymptomCategory: 'Electrical Tests',
                      Description: '12 V rail below tolerance',
                    },
                  ]
                : [],
            DefectsFound: [],
            Measurements: [
              {
                $type: 'CFX.Structures.NumericMeasurement, CFX',
                MeasuredValue: {
                  Value: measurement.value,
                  ValueUnits: measurement.units,
                  ExpectedValue: (measurement.min + measurement.max) / 2,
                  ExpectedValueUnits: measurement.expectedUnits,
                  MinimumAcceptableValue: measurement.min,
                  MaximumAcceptableValue: measurement.max,
                },
                UniqueIdentifier: randomUUID(),
                MeasurementName: measurement.name,
                TimeRecorded: null,
                Sequence: 0,
                Result: result,
                CRDs: 'PSU1',
              },
            ],
          },
        ],
      },
    ],
  };
}

export function materialsInstalled(
  unit: string,
  parts: readonly {
    serial: string;
    partNumber: string;
    designator: string;
    vendor?: string;
    batch?: string;
  }[],
): Record<string, unknown> {
  return {
    TransactionId: randomUUID(),
    InstalledMaterials: parts.map((part) => ({
      UnitIdentifier: unit,
      UnitPositionNumber: 1,
      QuantityInstalled: 1.0,
      Material: {
        $type: 'CFX.Structures.MaterialPackage, CFX',
        UniqueIdentifier: part.serial,
        InternalPartNumber: part.partNumber,
        Quantity: 1.0,
        ...(part.vendor === undefined ? {} : { Vendor: part.vendor }),
        ...(part.batch === undefined ? {} : { BatchId: part.batch }),
      },
      CarrierLocation: null,
      InstalledComponents: [
        { ReferenceDesignator: part.designator, InstallationTime: new Date().toISOString() },
      ],
    })),
  };
}

export function faultOccurred(unit?: string): Record<string, unknown> {
  return {
    Fault: {
      $type: 'CFX.Structures.Fault, CFX',
      Cause: 'MechanicalFailure',
      Severity: 'Error',
      FaultCode: 'CHILLER-TRIP',
      FaultOccurrenceId: randomUUID(),
      Lane: '1',
      Stage: null,
      Description: 'coolant loop 3 pressure lost',
      ...(unit === undefined ? {} : { UnitIdentifier: unit }),
    },
  };
}

export function validateUnitsRequest(unit: string): Record<string, unknown> {
  return {
    Validations: ['UnitRouteValidation', 'UnitStatusValidation'],
    PrimaryIdentifier: unit,
    Units: [{ UnitIdentifier: unit, PositionNumber: 1, PositionName: 'RACK' }],
  };
}
