import { describe, expect, it } from '@jest/globals';
import { mapCfxMessage, parseCfxEnvelope } from '#contracts';
import type { PostedEvent } from '../factory/factory-model.js';
import { cfxEnvelopeFor, cfxMessageFor } from './cfx-message.js';

const base: PostedEvent = {
  eventId: '0193d5b0-6f1e-7c2a-9a51-1f0c2b7e9d10',
  rackSerial: 'RK-SIM-000001',
  stationId: 'FAB-A-L1-BI-01',
  stage: 'burn_in',
  type: 'started',
  occurredAt: '2026-12-01T10:00:00.000Z',
  operatorId: 'op-1',
};

/** What the bridge makes of the message the simulator sends for `event`. */
function throughTheBridge(event: PostedEvent) {
  const message = cfxMessageFor(event);
  if (message === null) return null;
  const parsed = parseCfxEnvelope(Buffer.from(JSON.stringify(cfxEnvelopeFor(event, message))));
  if (!parsed.ok) throw new Error(parsed.reason);
  const mapping = mapCfxMessage(parsed.envelope, { stationId: event.stationId, stage: event.stage });
  if (mapping.kind !== 'events') throw new Error(JSON.stringify(mapping));
  return mapping.events;
}

describe('the simulator speaking CFX', () => {
  const rows: [string, Partial<PostedEvent>][] = [
    ['a start', {}],
    ['a completion', { type: 'completed' }],
    [
      'a pass with measurements',
      { type: 'passed', measurements: [{ name: 'inlet', value: 31.5, unit: 'C', low: 18, high: 35 }] },
    ],
    [
      'a failure with codes',
      { type: 'failed', failures: [{ code: 'XID-79', message: 'GPU has fallen off the bus' }] },
    ],
    [
      'an install',
      {
        type: 'component_installed',
        stage: 'assembly',
        components: [
          { serial: 'GPU-1', partNumber: 'GPU-B200', kind: 'gpu', supplierId: 'sup-tw-02', lot: 'W47-A' },
        ],
      },
    ],
    ['a removal', { type: 'component_removed', components: [{ serial: 'GPU-1' }] }],
    ['a scrap', { type: 'scrap' }],
  ];
  it.each(rows)('comes back from the bridge as the same event: %s', (_, overrides) => {
    const event = { ...base, ...overrides } as PostedEvent;
    const [mapped] = throughTheBridge(event) ?? [];
    const { operatorId: _operator, ...expected } = event;
    expect(mapped).toMatchObject({ ...expected, eventId: expect.any(String) });
  });

  it.each([
    ['a start at a burn-in position', { location: { cell: 'BI-A1', position: 3 } }],
    ['the start that picks the rack model', { rackModel: 'gb200-nvl72' }],
    [
      'an install under a parent part',
      { type: 'component_installed', components: [{ serial: 'G', kind: 'gpu', parentSerial: 'T' }] },
    ],
    ['a hold', { type: 'hold', reason: 'chiller' }],
    ['rework', { type: 'rework_started' }],
  ] as [string, Partial<PostedEvent>][])('leaves %s to HTTP: CFX cannot say all of it', (_, overrides) => {
    expect(cfxMessageFor({ ...base, ...overrides } as PostedEvent)).toBeNull();
  });
});
