import { describe, expect, it } from '@jest/globals';
import type { StationStamp } from '#contracts';
import { STATION_EVENT_TYPES, SUPERVISOR_EVENT_TYPES, type StationEventType } from '#domain';
import { refuseUnauthorisedEvent } from './station-event.authorization.js';

const assembly: StationStamp = {
  stationId: 'ASSY-01',
  stage: 'assembly',
  role: 'station',
  siteId: 'site-1',
  lineId: 'line-1',
};
const supervisor: StationStamp = {
  stationId: 'SUP-01',
  stage: 'assembly',
  role: 'supervisor',
  siteId: 'site-1',
  lineId: 'line-1',
};

describe('refuseUnauthorisedEvent', () => {
  it.each(STATION_EVENT_TYPES)('a station may post %s at its own stage', (type) => {
    expect(refuseUnauthorisedEvent(assembly, { stationId: 'ASSY-01', stage: 'assembly', type })).toBeNull();
  });

  it('a station may not post at another stage', () => {
    expect(refuseUnauthorisedEvent(assembly, { stationId: 'ASSY-01', stage: 'qa', type: 'started' })).toEqual(
      {
        field: 'stage',
        reason: 'station ASSY-01 serves stage assembly, not qa',
      },
    );
  });

  it('a station may not post hold at another stage (only supervisors may)', () => {
    expect(
      refuseUnauthorisedEvent(assembly, { stationId: 'ASSY-01', stage: 'qa', type: 'hold' })?.field,
    ).toBe('stage');
  });

  it('a station may not post as another station, even at its own stage', () => {
    expect(
      refuseUnauthorisedEvent(assembly, { stationId: 'ASSY-02', stage: 'assembly', type: 'started' }),
    ).toEqual({
      field: 'stationId',
      reason: 'authenticated as station ASSY-01, cannot post for station ASSY-02',
    });
  });

  it.each(SUPERVISOR_EVENT_TYPES)('a supervisor may post %s at any stage', (type) => {
    for (const stage of ['assembly', 'burn_in', 'qa', 'ship']) {
      expect(refuseUnauthorisedEvent(supervisor, { stationId: 'SUP-01', stage, type })).toBeNull();
    }
  });

  const others = STATION_EVENT_TYPES.filter(
    (type) => !(SUPERVISOR_EVENT_TYPES as readonly StationEventType[]).includes(type),
  );
  it.each(others)('a supervisor may not post %s, even at its own stage', (type) => {
    expect(refuseUnauthorisedEvent(supervisor, { stationId: 'SUP-01', stage: 'assembly', type })?.field).toBe(
      'type',
    );
  });

  it('a supervisor may not post as another station', () => {
    expect(
      refuseUnauthorisedEvent(supervisor, { stationId: 'ASSY-01', stage: 'assembly', type: 'hold' })?.field,
    ).toBe('stationId');
  });
});
