import { describe, expect, it } from '@jest/globals';
import {
  buildComponentTree,
  componentMovements,
  countByKind,
  isInstalledAt,
  type ComponentStay,
} from './component-tree.js';

const T = (minute: number) => new Date(Date.UTC(2026, 10, 24, 8, minute));

function stay(serial: string, overrides: Partial<ComponentStay> = {}): ComponentStay {
  return {
    componentSerial: serial,
    partNumber: serial.startsWith('CT') ? 'CT-GB-1U' : 'GPU-B200',
    kind: serial.startsWith('CT') ? 'compute_tray' : 'gpu',
    supplierId: 'sup-1',
    lot: 'L1',
    parentSerial: null,
    installedEventId: 'ev-install',
    installedAt: T(0),
    removedEventId: null,
    removedAt: null,
    ...overrides,
  };
}

const serials = (nodes: ReturnType<typeof buildComponentTree>): unknown =>
  nodes.map((node) =>
    node.children.length === 0
      ? node.stay.componentSerial
      : { [node.stay.componentSerial]: serials(node.children) },
  );

describe('isInstalledAt', () => {
  const swapped = stay('GPU-1', { installedAt: T(10), removedAt: T(20), removedEventId: 'ev-remove' });

  it('is installed from its install, inclusive, until its removal, exclusive', () => {
    expect(isInstalledAt(swapped, T(9))).toBe(false);
    expect(isInstalledAt(swapped, T(10))).toBe(true);
    expect(isInstalledAt(swapped, T(19))).toBe(true);
    expect(isInstalledAt(swapped, T(20))).toBe(false);
  });

  it('now means not removed, whatever the clocks said', () => {
    expect(isInstalledAt(swapped, null)).toBe(false);
    expect(isInstalledAt(stay('GPU-2', { installedAt: new Date('2099-01-01T00:00:00Z') }), null)).toBe(true);
  });
});

describe('buildComponentTree', () => {
  const stays = [
    stay('CT-1'),
    stay('GPU-1', { parentSerial: 'CT-1', removedAt: T(30), removedEventId: 'ev-swap-out' }),
    stay('GPU-2', { parentSerial: 'CT-1' }),
    stay('CT-2'),
    stay('GPU-3', { parentSerial: 'CT-1', installedAt: T(31), installedEventId: 'ev-swap-in' }),
  ];

  it('nests components under their parents in install order', () => {
    expect(serials(buildComponentTree(stays, null))).toEqual([{ 'CT-1': ['GPU-2', 'GPU-3'] }, 'CT-2']);
  });

  it('shows the tree as it stood before a swap', () => {
    expect(serials(buildComponentTree(stays, T(29)))).toEqual([{ 'CT-1': ['GPU-1', 'GPU-2'] }, 'CT-2']);
    expect(serials(buildComponentTree(stays, T(30)))).toEqual([{ 'CT-1': ['GPU-2'] }, 'CT-2']);
  });

  it('keeps a child whose parent is not in the tree at the root instead of hiding it', () => {
    expect(serials(buildComponentTree([stay('GPU-9', { parentSerial: 'CT-GONE' })], null))).toEqual([
      'GPU-9',
    ]);
  });

  it('counts installed components per kind, leaving out kinds with none', () => {
    expect(countByKind(stays, null)).toEqual({ compute_tray: 2, gpu: 2 });
    expect(countByKind(stays, T(-1))).toEqual({});
  });
});

describe('componentMovements', () => {
  const stays = [
    stay('CT-1', { installedEventId: 'ev-a', installedAt: T(0) }),
    stay('GPU-1', {
      parentSerial: 'CT-1',
      installedEventId: 'ev-a',
      installedAt: T(0),
      removedEventId: 'ev-c',
      removedAt: T(20),
    }),
    stay('GPU-2', { parentSerial: 'CT-1', installedEventId: 'ev-d', installedAt: T(21) }),
    stay('GPU-1', { parentSerial: 'CT-1', installedEventId: 'ev-b', installedAt: T(10) }),
  ];

  it('gives one entry per event with the components it moved', () => {
    const movements = componentMovements(stays, null);
    expect(
      movements.map((movement) => [
        movement.eventId,
        movement.type,
        movement.stays.map((s) => s.componentSerial),
      ]),
    ).toEqual([
      ['ev-a', 'component_installed', ['CT-1', 'GPU-1']],
      ['ev-b', 'component_installed', ['GPU-1']],
      ['ev-c', 'component_removed', ['GPU-1']],
      ['ev-d', 'component_installed', ['GPU-2']],
    ]);
  });

  it('stops at `at`', () => {
    expect(componentMovements(stays, T(20)).map((movement) => movement.eventId)).toEqual([
      'ev-a',
      'ev-b',
      'ev-c',
    ]);
  });

  it('follows the Kafka order where it is known, even against the terminals’ clocks', () => {
    const order = new Map([
      ['ev-a', 0],
      ['ev-c', 1],
      ['ev-b', 2],
      ['ev-d', 3],
    ]);
    expect(componentMovements(stays, null, order).map((movement) => movement.eventId)).toEqual([
      'ev-a',
      'ev-c',
      'ev-b',
      'ev-d',
    ]);
  });
});
