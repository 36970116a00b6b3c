import { describe, expect, it } from '@jest/globals';
import type { StationEventType } from './rack-vocabulary.js';
import { refuseStationAuthority } from './station-authority.js';
import type { StationContext } from './station-event.js';

const assembly: StationContext = { stationId: 'ASSY-01', stage: 'assembly', role: 'station' };
const supervisor: StationContext = { stationId: 'SUP-01', stage: 'assembly', role: 'supervisor' };

describe('refuseStationAuthority', () => {
  it.each<[string, StationContext, string, string, StationEventType, string | null]>([
    ['a station at its own stage', assembly, 'ASSY-01', 'assembly', 'started', null],
    ['a station failing at its own stage', assembly, 'ASSY-01', 'assembly', 'failed', null],
    ['a station holding at its own stage', assembly, 'ASSY-01', 'assembly', 'hold', null],
    ['a station at another stage', assembly, 'ASSY-01', 'qa', 'started', 'stage'],
    ['a station posting for another station', assembly, 'ASSY-02', 'assembly', 'started', 'stationId'],
    ['a supervisor holding at any stage', supervisor, 'SUP-01', 'qa', 'hold', null],
    ['a supervisor releasing at its own stage', supervisor, 'SUP-01', 'assembly', 'release', null],
    ['a supervisor scrapping at any stage', supervisor, 'SUP-01', 'ship', 'scrap', null],
    ['a supervisor starting work', supervisor, 'SUP-01', 'assembly', 'started', 'type'],
    ['a supervisor posting for another station', supervisor, 'ASSY-01', 'assembly', 'hold', 'stationId'],
  ])('%s', (_case, station, stationId, stage, type, refusedField) => {
    expect(refuseStationAuthority(station, { stationId, stage, type })?.field ?? null).toBe(refusedField);
  });

  it('names the station, its stage and what it may post', () => {
    expect(refuseStationAuthority(assembly, { stationId: 'ASSY-01', stage: 'qa', type: 'started' })).toEqual({
      field: 'stage',
      reason: 'station ASSY-01 serves stage assembly, not qa',
    });
    expect(
      refuseStationAuthority(supervisor, { stationId: 'SUP-01', stage: 'qa', type: 'completed' })?.reason,
    ).toBe('supervisor station SUP-01 may post only hold, release, scrap, not completed');
    expect(
      refuseStationAuthority(assembly, { stationId: 'ASSY-02', stage: 'assembly', type: 'started' })?.reason,
    ).toBe('event names station ASSY-02 but was posted by station ASSY-01');
  });
});
