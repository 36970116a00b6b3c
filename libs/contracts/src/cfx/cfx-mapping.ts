import { FAILURE_CODE_PATTERN, isComponentKind, type ComponentKind, type StationEventType } from '#domain';
import { STATION_EVENT_LIMITS } from '../station-events/station-event-limits.js';
import type { StationEventDto } from '../station-events/station-event.dto.js';
import { MalformedMessageError, validateStationEvent } from '../station-events/station-event.message.js';
import { acceptWellFormedStationEvent } from '../station-events/station-event.fast-path.js';
import { isStorableText } from '../storable-json.js';
import { cfxEventId, cfxField, cfxList, cfxText, type CfxEnvelope, type CfxObject } from './cfx-envelope.js';

/** The CFX messages the bridge maps, by MessageName. */
export const CFX_MESSAGES = {
  workStarted: 'CFX.Production.WorkStarted',
  workCompleted: 'CFX.Production.WorkCompleted',
  unitsTested: 'CFX.Production.TestAndInspection.UnitsTested',
  materialsInstalled: 'CFX.Production.Assembly.MaterialsInstalled',
  materialsUninstalled: 'CFX.Production.Assembly.MaterialsUninstalled',
  unitsRepaired: 'CFX.Production.ReworkAndRepair.UnitsRepaired',
  unitsDisqualified: 'CFX.Production.UnitsDisqualified',
  faultOccurred: 'CFX.ResourcePerformance.FaultOccurred',
  validateUnitsRequest: 'CFX.InformationSystem.UnitValidation.ValidateUnitsRequest',
  validateUnitsResponse: 'CFX.InformationSystem.UnitValidation.ValidateUnitsResponse',
} as const;

/** The station a message's Source resolved to: events carry its id and its stage. */
export interface CfxStation {
  readonly stationId: string;
  readonly stage: string;
}

/** A fault as recorded: what the equipment said, whether or not it put a rack on hold. */
export interface CfxFault {
  readonly cause: string | null;
  readonly severity: string | null;
  readonly faultCode: string | null;
  readonly description: string | null;
  readonly unit: string | null;
}

export type CfxMapping =
  /** Station events to publish, validated against the contract, in the order they happen. */
  | { readonly kind: 'events'; readonly events: StationEventDto[]; readonly fault?: CfxFault }
  /** Recorded, not published: a fault that names no unit. */
  | { readonly kind: 'fault'; readonly fault: CfxFault }
  /** Answered from the interlock: may these units start at the station? */
  | { readonly kind: 'validate_units'; readonly primaryIdentifier: string | null; readonly units: string[] }
  /** Recorded with the reason: nothing of ours corresponds, or the content does not fit the contract. */
  | { readonly kind: 'unmapped'; readonly reason: string };

const HOLD_REASON_CODE = 'equipment_fault';
const FAILURE_NAMESPACE = 'CFX';
const ISO_WITH_ZONE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/;

/** Reference designator prefixes (letters before the position number) to component kinds. */
export const CFX_DESIGNATOR_KINDS: Readonly<Record<string, ComponentKind>> = {
  CT: 'compute_tray',
  TRAY: 'compute_tray',
  SW: 'switch_tray',
  NVS: 'switch_tray',
  GPU: 'gpu',
  CPU: 'cpu',
  NIC: 'nic',
  PS: 'psu',
  PSU: 'psu',
  CC: 'cable_cartridge',
  CAB: 'cable_cartridge',
  CDU: 'cooling',
  COOL: 'cooling',
  FAN: 'cooling',
};

export function componentKindOfDesignator(designator: string | undefined): ComponentKind {
  const prefix = (designator ?? '').toUpperCase().match(/^[A-Z]+/)?.[0] ?? '';
  const kind = CFX_DESIGNATOR_KINDS[prefix] ?? prefix.toLowerCase();
  return isComponentKind(kind) ? kind : 'other';
}

/**
 * CFX allows any time-zone-qualified ISO-8601 time, with .NET's seven fractional digits; the contract takes
 * milliseconds. Undefined when the stamp has no zone (a local time means nothing across a site's clocks).
 */
export function cfxTimeToIso(stamp: string | undefined): string | undefined {
  const match = stamp === undefined ? null : ISO_WITH_ZONE.exec(stamp.trim());
  if (match === null) return undefined;
  const millis = (match[2] ?? '').padEnd(3, '0').slice(0, 3);
  const date = new Date(`${match[1]}.${millis}${match[3]}`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

const SI_PREFIXES: Readonly<Record<string, number>> = {
  p: 1e-12,
  n: 1e-9,
  u: 1e-6,
  µ: 1e-6,
  μ: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
};
const SI_BASES = ['Ohm', 'ohm', 'Ω', 'V', 'A', 'W', 'Hz', 'F', 'H', 's', 'g', 'Pa', 'J', 'm', 'l', 'L'];

function scaleOf(unit: string): { base: string; factor: number } {
  if (SI_BASES.includes(unit)) return { base: unit.toLowerCase(), factor: 1 };
  const factor = SI_PREFIXES[unit.slice(0, 1)];
  const base = unit.slice(1);
  if (factor !== undefined && SI_BASES.includes(base)) return { base: base.toLowerCase(), factor };
  return { base: unit, factor: 1 };
}

/**
 * `value` in `from` expressed in `to`, when both are the same SI quantity with different prefixes (28300 Ohm
 * in kOhm is 28.3); undefined when they are not comparable.
 */
export function convertUnit(value: number, from: string, to: string): number | undefined {
  if (from === to) return value;
  const source = scaleOf(from);
  const target = scaleOf(to);
  if (source.base !== target.base) return undefined;
  return Number(((value * source.factor) / target.factor).toPrecision(12));
}

function numberOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

type MeasurementDraft = { name: string; value: number; unit: string; low?: number; high?: number };

/**
 * A CFX NumericMeasurement as ours. Its limits are in ExpectedValueUnits (the SDK's example reads 28300 Ohm
 * against 28.0-28.4 kOhm), so the value is converted into those units; limits whose units cannot be compared
 * with the value's are left out rather than compared wrongly. Non-numeric measurements have no value of ours.
 */
function measurementOf(measurement: unknown): MeasurementDraft | undefined {
  const measured = cfxField(measurement, 'MeasuredValue');
  const value = numberOf(cfxField(measured, 'Value'));
  const name = cfxText(measurement, 'MeasurementName');
  if (value === undefined || name === undefined) return undefined;
  const valueUnit = cfxText(measured, 'ValueUnits') ?? '1';
  const limitUnit = cfxText(measured, 'ExpectedValueUnits') ?? valueUnit;
  const low = numberOf(cfxField(measured, 'MinimumAcceptableValue'));
  const high = numberOf(cfxField(measured, 'MaximumAcceptableValue'));
  const converted = convertUnit(value, valueUnit, limitUnit);
  if (converted === undefined || (low === undefined && high === undefined))
    return { name, value, unit: valueUnit };
  return {
    name,
    value: converted,
    unit: limitUnit,
    ...(low === undefined ? {} : { low }),
    ...(high === undefined ? {} : { high }),
  };
}

/**
 * A symptom or defect code as ours: kept when it already has our NAMESPACE-CODE shape (equipment that reports
 * `XID-79` gets the disposition rules for it), else `CFX-<code>` in upper case, other characters as `_`.
 */
export function cfxFailureCode(code: string): string {
  if (FAILURE_CODE_PATTERN.test(code)) return code;
  const cleaned = code
    .toUpperCase()
    .replace(/[^A-Z0-9_.-]/g, '_')
    .slice(0, 48);
  return `${FAILURE_NAMESPACE}-${/^[A-Z0-9]/.test(cleaned) ? cleaned : `0${cleaned}`.slice(0, 48)}`;
}

function plainText(text: string | undefined, max: number): string | undefined {
  if (text === undefined) return undefined;
  const line = text
    .replace(/\p{Cc}+/gu, ' ')
    .trim()
    .slice(0, max)
    .trim();
  return line === '' || !isStorableText(line) ? undefined : line;
}

function failuresOf(tests: readonly unknown[]): { code: string; message?: string }[] {
  const failures: { code: string; message?: string }[] = [];
  for (const test of tests) {
    if (cfxText(test, 'Result') !== 'Failed') continue;
    const findings = [...cfxList(test, 'SymptomsFound'), ...cfxList(test, 'DefectsFound')];
    const coded = findings.flatMap((finding) => {
      const code = cfxText(finding, 'SymptomCode', 'DefectCode');
      if (code === undefined) return [];
      const message = plainText(cfxText(finding, 'Description', 'Comments'), 200);
      return [{ code: cfxFailureCode(code), ...(message === undefined ? {} : { message }) }];
    });
    if (coded.length > 0) failures.push(...coded);
    else failures.push({ code: cfxFailureCode(cfxText(test, 'TestName') ?? 'TEST_FAILED') });
  }
  return failures.slice(0, 64);
}

/** The units a message is about: each Units[].UnitIdentifier, else its PrimaryIdentifier. */
function unitsOf(body: CfxObject): string[] {
  const units = cfxList(body, 'Units')
    .map((unit) => cfxText(unit, 'UnitIdentifier'))
    .filter((unit): unit is string => unit !== undefined);
  const primary = cfxText(body, 'PrimaryIdentifier');
  return [...new Set(units.length > 0 ? units : primary === undefined ? [] : [primary])];
}

function operatorOf(body: CfxObject, ...names: string[]): string | undefined {
  const operator = cfxText(cfxField(body, ...names), 'OperatorIdentifier');
  return operator !== undefined && STATION_EVENT_LIMITS.identifierPattern.test(operator)
    ? operator
    : undefined;
}

type Draft = Record<string, unknown> & { rackSerial: string; type: StationEventType };

/**
 * Maps one CFX message from a registered station to what the tracker should hear. Pure: the same envelope
 * and station give the same events with the same ids (UUIDv5 of the UniqueID, and of `UniqueID#n` for the
 * n-th event after the first), so a redelivered message is a duplicate, never a second event.
 */
export function mapCfxMessage(envelope: CfxEnvelope, station: CfxStation): CfxMapping {
  const { body } = envelope;
  const unmapped = (reason: string): CfxMapping => ({ kind: 'unmapped', reason });
  const drafts: Draft[] = [];
  let fault: CfxFault | undefined;

  switch (envelope.messageName) {
    case CFX_MESSAGES.validateUnitsRequest: {
      const units = unitsOf(body);
      if (units.length === 0)
        return unmapped('ValidateUnitsRequest names no unit (Units or PrimaryIdentifier)');
      return { kind: 'validate_units', primaryIdentifier: cfxText(body, 'PrimaryIdentifier') ?? null, units };
    }
    case CFX_MESSAGES.workStarted:
      for (const unit of unitsOf(body)) drafts.push({ rackSerial: unit, type: 'started' });
      break;
    case CFX_MESSAGES.workCompleted: {
      const result = cfxText(body, 'Result') ?? 'Completed';
      const type = result === 'Completed' ? 'completed' : result === 'Failed' ? 'failed' : undefined;
      if (type === undefined) return unmapped(`WorkCompleted with Result ${result} has no station event`);
      for (const unit of unitsOf(body)) drafts.push({ rackSerial: unit, type });
      break;
    }
    case CFX_MESSAGES.unitsTested: {
      const operatorId = operatorOf(body, 'Tester');
      for (const tested of cfxList(body, 'TestedUnits')) {
        const unit = cfxText(tested, 'UnitIdentifier');
        const result = cfxText(tested, 'OverallResult');
        if (unit === undefined) return unmapped('TestedUnits lists a unit without UnitIdentifier');
        if (result !== 'Passed' && result !== 'Failed')
          return unmapped(
            `TestedUnits ${unit} has OverallResult ${result ?? '(none)'}; only Passed and Failed map`,
          );
        const tests = cfxList(tested, 'Tests');
        const measurements = tests
          .flatMap((test) => cfxList(test, 'Measurements'))
          .map(measurementOf)
          .filter((measurement) => measurement !== undefined);
        const failures = result === 'Failed' ? failuresOf(tests) : [];
        drafts.push({
          rackSerial: unit,
          type: result === 'Passed' ? 'passed' : 'failed',
          ...(operatorId === undefined ? {} : { operatorId }),
          ...(measurements.length === 0 ? {} : { measurements }),
          ...(failures.length === 0 ? {} : { failures }),
        });
      }
      break;
    }
    case CFX_MESSAGES.materialsInstalled:
    case CFX_MESSAGES.materialsUninstalled: {
      const installing = envelope.messageName === CFX_MESSAGES.materialsInstalled;
      const byUnit = new Map<string, Record<string, unknown>[]>();
      const materials = cfxList(body, installing ? 'InstalledMaterials' : 'UninstalledMaterials');
      for (const installed of materials) {
        const unit = cfxText(installed, 'UnitIdentifier');
        const material = cfxField(installed, 'Material');
        const packageId = cfxText(material, 'UniqueIdentifier');
        if (unit === undefined || packageId === undefined)
          return unmapped('a material lists no UnitIdentifier or no Material.UniqueIdentifier');
        const designators = cfxList(
          installed,
          installing ? 'InstalledComponents' : 'UninstalledComponents',
        ).map((component) => cfxText(component, 'ReferenceDesignator'));
        const slots = designators.length === 0 ? [undefined] : designators;
        for (const designator of slots) {
          // One part per package (a serialised GPU, a tray) is the package; several parts from one package
          // (a reel) are told apart by where they went.
          const serial =
            slots.length === 1 || designator === undefined ? packageId : `${packageId}/${designator}`;
          const component = installing
            ? {
                serial,
                partNumber: cfxText(material, 'InternalPartNumber'),
                kind: componentKindOfDesignator(designator),
                supplierId: cfxText(material, 'Vendor', 'Manufacturer') ?? 'unspecified',
                lot: cfxText(material, 'BatchId', 'ManufacturerLotCode', 'LotCode') ?? packageId,
              }
            : { serial };
          byUnit.set(unit, [...(byUnit.get(unit) ?? []), component]);
        }
      }
      if (byUnit.size === 0) return unmapped(`${envelope.messageName} lists no materials`);
      for (const [unit, components] of byUnit)
        drafts.push({
          rackSerial: unit,
          type: installing ? 'component_installed' : 'component_removed',
          components,
        });
      break;
    }
    case CFX_MESSAGES.unitsRepaired: {
      const operatorId = operatorOf(body, 'RepairOperator');
      for (const repaired of cfxList(body, 'RepairedUnits')) {
        const unit = cfxText(repaired, 'UnitIdentifier');
        if (unit === undefined) return unmapped('RepairedUnits lists a unit without UnitIdentifier');
        const result = cfxText(repaired, 'OverallResult') ?? 'Repaired';
        const operator = operatorId === undefined ? {} : { operatorId };
        // A repair report is a rework that began and, when it worked, ended: the retest follows.
        drafts.push({ rackSerial: unit, type: 'rework_started', ...operator });
        if (result === 'Repaired') drafts.push({ rackSerial: unit, type: 'rework_completed', ...operator });
      }
      break;
    }
    case CFX_MESSAGES.unitsDisqualified: {
      const why = [cfxText(body, 'Reason'), cfxText(body, 'Comments')].filter(Boolean).join(': ');
      for (const unit of cfxList(body, 'DisqualifiedUnits', 'Units')) {
        const serial = cfxText(unit, 'UnitIdentifier');
        if (serial === undefined) return unmapped('DisqualifiedUnits lists a unit without UnitIdentifier');
        drafts.push({
          rackSerial: serial,
          type: 'scrap',
          ...(why === '' ? {} : { cfxReason: plainText(why, 200) }),
        });
      }
      break;
    }
    case CFX_MESSAGES.faultOccurred: {
      const detail = cfxField(body, 'Fault');
      // CFX's Fault names no unit; equipment that knows which rack it faulted on says so in a
      // UnitIdentifier (or PrimaryIdentifier) on the fault or the body, and only then is a rack held.
      const unit =
        cfxText(detail, 'UnitIdentifier', 'PrimaryIdentifier') ??
        cfxText(body, 'UnitIdentifier', 'PrimaryIdentifier') ??
        null;
      fault = {
        cause: plainText(cfxText(detail, 'Cause'), 64) ?? null,
        severity: plainText(cfxText(detail, 'Severity'), 64) ?? null,
        faultCode: plainText(cfxText(detail, 'FaultCode'), 64) ?? null,
        description: plainText(cfxText(detail, 'Description'), 200) ?? null,
        unit: unit !== null && isStorableText(unit) ? unit : null,
      };
      if (unit === null) return { kind: 'fault', fault };
      const reason = plainText(
        [
          `equipment fault ${[fault.cause, fault.faultCode].filter(Boolean).join(' ')}`.trim(),
          fault.description,
        ]
          .filter(Boolean)
          .join(': '),
        STATION_EVENT_LIMITS.maxReasonLength,
      );
      drafts.push({
        rackSerial: unit,
        type: 'hold',
        reasonCode: HOLD_REASON_CODE,
        ...(reason === undefined ? {} : { reason }),
      });
      break;
    }
    default:
      return unmapped(`no mapping for ${envelope.messageName}`);
  }

  if (drafts.length === 0) return unmapped(`${envelope.messageName} names no unit`);
  const occurredAt = cfxTimeToIso(envelope.timeStamp);
  if (occurredAt === undefined)
    return unmapped(`TimeStamp ${envelope.timeStamp} is not an ISO-8601 time with a time zone`);
  const transactionId = cfxText(body, 'TransactionID', 'TransactionId');
  const events: StationEventDto[] = [];
  const problems: string[] = [];
  drafts.forEach(({ cfxReason, ...draft }, index) => {
    const candidate = {
      eventId: cfxEventId(index === 0 ? envelope.uniqueId : `${envelope.uniqueId}#${index}`),
      stationId: station.stationId,
      stage: station.stage,
      occurredAt,
      ...draft,
      details: {
        cfx: {
          messageName: envelope.messageName,
          uniqueId: envelope.uniqueId,
          ...(transactionId === undefined ? {} : { transactionId }),
          ...(typeof cfxReason === 'string' ? { reason: cfxReason } : {}),
        },
      },
    };
    const fast = acceptWellFormedStationEvent(candidate);
    if (fast !== null) return events.push(fast);
    try {
      events.push(validateStationEvent(candidate));
    } catch (error) {
      if (!(error instanceof MalformedMessageError)) throw error;
      problems.push(`${draft.type} for ${draft.rackSerial}: ${error.detail}`);
    }
  });
  // All or nothing: half a message published would look like a message fully applied.
  if (problems.length > 0) return unmapped(`does not fit the station event contract: ${problems.join('; ')}`);
  return fault === undefined ? { kind: 'events', events } : { kind: 'events', events, fault };
}

/** One unit's interlock verdict, as the bridge hands it to the response. */
export interface CfxUnitVerdict {
  readonly unit: string;
  readonly cleared: boolean;
  readonly message: string;
}

/**
 * ValidateUnitsResponse to a request: Passed for a unit the tracker would start at the station, Failed with
 * the reason otherwise. FailureCode is 0 for passed and 1 for failed; the reason is in Message.
 */
export function buildValidateUnitsResponse(
  request: CfxEnvelope,
  primaryIdentifier: string | null,
  verdicts: readonly CfxUnitVerdict[],
  bridgeHandle: string,
  now: Date,
): Record<string, unknown> {
  const result = (verdict: CfxUnitVerdict, position: number) => ({
    UniqueIdentifier: verdict.unit,
    PositionNumber: position,
    Result: verdict.cleared ? 'Passed' : 'Failed',
    FailureCode: verdict.cleared ? 0 : 1,
    Message: verdict.message,
  });
  const refused = verdicts.filter((verdict) => !verdict.cleared);
  return {
    MessageName: CFX_MESSAGES.validateUnitsResponse,
    Version: '2.0',
    TimeStamp: now.toISOString(),
    UniqueID: cfxEventId(`${request.uniqueId}#response`),
    Source: bridgeHandle,
    Target: request.source,
    RequestID: request.uniqueId,
    MessageBody: {
      Result: { Result: 'Success', ResultCode: 0, Message: null },
      PrimaryResult: result(
        {
          unit: primaryIdentifier ?? verdicts[0]?.unit ?? '',
          cleared: refused.length === 0,
          message:
            refused.length === 0
              ? 'OK'
              : refused.map((verdict) => `${verdict.unit}: ${verdict.message}`).join('; '),
        },
        0,
      ),
      Results: verdicts.map((verdict, index) => result(verdict, index + 1)),
    },
  };
}
