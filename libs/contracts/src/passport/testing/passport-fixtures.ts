import type { PassportFacts, PassportPart } from '../passport-facts.js';

// Builders for passport specs and the passport benchmark. Not exported from the library.

export const AT = new Date('2026-12-01T10:00:00Z');
export const hoursAfter = (hours: number) => new Date(AT.getTime() + hours * 3_600_000);

function part(serial: string, kind: string, parentSerial: string | null = null): PassportPart {
  return {
    serial,
    partNumber: `PN-${kind}`,
    kind,
    supplierId: 'sup-tw-02',
    supplierName: 'Hsinchu Silicon',
    supplierCountry: 'TW',
    lot: 'W47-A',
    parentSerial,
    installedAt: AT,
  };
}

/** A GB200-class rack: 18 trays with 4 GPUs, 2 CPUs and 4 NICs each, 9 switch trays, 24 PSUs, 4 cartridges, 2 manifolds. */
export function fullRackFacts(serial = 'RK-PASS-1'): PassportFacts {
  const parts: PassportPart[] = [];
  for (let tray = 1; tray <= 18; tray += 1) {
    const traySerial = `CT-${tray}`;
    parts.push(part(traySerial, 'compute_tray'));
    for (let gpu = 1; gpu <= 4; gpu += 1) parts.push(part(`GPU-${tray}-${gpu}`, 'gpu', traySerial));
    for (let cpu = 1; cpu <= 2; cpu += 1) parts.push(part(`CPU-${tray}-${cpu}`, 'cpu', traySerial));
    for (let nic = 1; nic <= 4; nic += 1) parts.push(part(`NIC-${tray}-${nic}`, 'nic', traySerial));
  }
  for (let index = 1; index <= 9; index += 1) parts.push(part(`SW-${index}`, 'switch_tray'));
  for (let index = 1; index <= 24; index += 1) parts.push(part(`PSU-${index}`, 'psu'));
  for (let index = 1; index <= 4; index += 1) parts.push(part(`CBL-${index}`, 'cable_cartridge'));
  for (let index = 1; index <= 2; index += 1) parts.push(part(`MAN-${index}`, 'cooling'));
  return {
    rack: {
      serial,
      model: 'gb200-nvl72',
      siteId: 'fab-a',
      lineId: 'a1',
      startedAt: AT,
      shippedAt: hoursAfter(100),
      shipEventId: '0193d5b0-6f1e-7c2a-9a51-1f0c2b7e9d10',
      reworkCount: 1,
      failureCount: 1,
    },
    parts,
    replaced: [{ ...part('GPU-OLD', 'gpu', 'CT-1'), removedAt: hoursAfter(50) }],
    burnInRuns: [
      {
        stage: 'burn_in',
        stationId: 'BURNIN-07',
        cell: 'BI-A1',
        position: 12,
        startedAt: hoursAfter(2),
        endedAt: hoursAfter(48),
        result: 'failed',
      },
      {
        stage: 'burn_in',
        stationId: 'BURNIN-07',
        cell: 'BI-A1',
        position: 12,
        startedAt: hoursAfter(52),
        endedAt: hoursAfter(76.5),
        result: 'passed',
      },
    ],
    measurements: [
      {
        stage: 'burn_in',
        name: 'gpu_max_temp',
        value: 97,
        unit: 'C',
        low: null,
        high: 90,
        passed: false,
        occurredAt: hoursAfter(48),
      },
    ],
    failures: [
      {
        stage: 'burn_in',
        code: 'XID-79',
        componentSerial: 'GPU-OLD',
        message: 'GPU has fallen off the bus',
        action: 'replace_part',
        occurrence: 2,
        tableVersion: 0,
        occurredAt: hoursAfter(48),
      },
      {
        stage: 'burn_in',
        code: 'COOLANT-LOW_FLOW',
        componentSerial: 'MAN-1',
        message: null,
        action: 'reseat',
        occurrence: 1,
        tableVersion: 0,
        occurredAt: hoursAfter(20),
      },
    ],
  };
}
