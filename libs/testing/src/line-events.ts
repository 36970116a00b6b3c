import { randomUUID } from 'node:crypto';
import type { StationEventDto, StationEventMessage, StationStamp } from '#contracts';
import type { StationEventType } from '#domain';

/** Small deterministic PRNG, so a failing run can be reproduced from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const DEFAULT_STAGES = ['assembly', 'burn_in', 'qa', 'ship'] as const;

export function stationFor(stage: string, role: 'station' | 'supervisor' = 'station'): StationStamp {
  const stationId = role === 'supervisor' ? 'SUP-01' : `${stage.toUpperCase().replace('_', '')}-01`;
  return { stationId, stage, role, siteId: 'site-1', lineId: 'line-1' };
}

/** One station-events message at `at`, as ingest would stamp it (the station from `stationFor(stage)`). */
export function stationEventMessage(
  rackSerial: string,
  at: number,
  extra: Partial<StationEventDto> = {},
): StationEventMessage {
  const stage = extra.stage ?? 'assembly';
  return {
    schemaVersion: 1,
    event: {
      eventId: randomUUID(),
      rackSerial,
      stationId: stationFor(stage).stationId,
      stage,
      type: 'started',
      occurredAt: new Date(at).toISOString(),
      ...extra,
    } as StationEventDto,
    station: stationFor(stage),
    receivedAt: new Date(at + 10).toISOString(),
  };
}

export interface LineEventOptions {
  racks: number;
  seed: number;
  serialPrefix?: string;
  reworkRate?: number;
  holdRate?: number;
  illegalRate?: number;
  start?: Date;
}

/**
 * Station event messages for a line of racks, as ingest would produce them: each rack walks the default
 * route with occasional burn-in failures and rework, holds, and a few illegal events a confused terminal
 * might send. Racks are interleaved at random; each rack's own events stay in order.
 */
export function generateLineMessages(options: LineEventOptions): StationEventMessage[] {
  const random = seededRandom(options.seed);
  const start = options.start?.getTime() ?? Date.now() - 7 * 24 * 3600_000;
  const perRack: StationEventMessage[][] = [];
  for (let index = 0; index < options.racks; index += 1) {
    const serial = `${options.serialPrefix ?? 'RK'}-${String(index).padStart(6, '0')}`;
    const sequence: StationEventMessage[] = [];
    let clock = start + index * 60_000;
    const push = (stage: string, type: StationEventType, role: 'station' | 'supervisor' = 'station') => {
      clock += 1000 + Math.floor(random() * 60_000);
      const event: StationEventDto = {
        eventId: randomUUID(),
        rackSerial: serial,
        stationId: stationFor(stage, role).stationId,
        stage,
        type,
        occurredAt: new Date(clock).toISOString(),
        operatorId: `op-${1 + Math.floor(random() * 40)}`,
      } as StationEventDto;
      sequence.push({
        schemaVersion: 1,
        event,
        station: stationFor(stage, role),
        receivedAt: new Date(clock + 50).toISOString(),
      });
    };
    for (const stage of DEFAULT_STAGES) {
      push(stage, 'started');
      if (random() < (options.holdRate ?? 0.05)) {
        push(stage, 'hold', 'supervisor');
        push(stage, 'release', 'supervisor');
      }
      if (stage === 'burn_in' && random() < (options.reworkRate ?? 0.15)) {
        push(stage, 'failed');
        push(stage, 'rework_started');
        push(stage, 'rework_completed');
        push(stage, 'started');
      }
      if (random() < (options.illegalRate ?? 0.03)) push(stage, 'rework_completed'); // not in rework: refused
      push(stage, 'passed');
    }
    perRack.push(sequence);
  }
  const interleaved: StationEventMessage[] = [];
  const cursors = perRack.map(() => 0);
  const open = perRack.map((_, index) => index);
  while (open.length > 0) {
    const pick = Math.floor(random() * open.length);
    const rack = open[pick];
    interleaved.push(perRack[rack][cursors[rack]]);
    cursors[rack] += 1;
    if (cursors[rack] === perRack[rack].length) open.splice(pick, 1);
  }
  return interleaved;
}
