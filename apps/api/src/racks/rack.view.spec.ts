import { describe, expect, it } from '@jest/globals';
import type { RackRecord } from '#persistence';
import { toRackHistoryView, toRackStateView, toRackSummaryView } from './rack.view.js';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 24, 9, minute));
const rack: RackRecord = {
  serial: 'RK-1',
  model: 'gb200',
  siteId: 'site-1',
  lineId: 'line-1',
  route: ['assembly', 'qa'],
  requiredSlots: { compute_tray: 18 },
  stage: 'qa',
  status: 'on_hold',
  heldStage: 'qa',
  heldStatus: 'in_progress',
  reworkCount: 1,
  failureCount: 2,
  slotCounts: { compute_tray: 18 },
  startedAt: at(0),
  stateEnteredAt: at(5),
  lastEventAt: at(6),
  completedAt: null,
  dwell: {},
  locationCell: null,
  locationPosition: null,
  soakStartedAt: null,
  soakHeldMs: '0',
  soakRetest: false,
  holdStartedAt: null,
  holdReason: 'MRB review of coolant leak',
  holdReasonCode: 'mrb',
};

describe('rack views', () => {
  it('summarises a rack with its held position', () => {
    expect(toRackSummaryView(rack, at(10))).toEqual({
      serial: 'RK-1',
      model: 'gb200',
      siteId: 'site-1',
      lineId: 'line-1',
      stage: 'qa',
      status: 'on_hold',
      held: { stage: 'qa', status: 'in_progress' },
      reworkCount: 1,
      failureCount: 2,
      startedAt: '2026-11-24T09:00:00.000Z',
      stateEnteredAt: '2026-11-24T09:05:00.000Z',
      lastEventAt: '2026-11-24T09:06:00.000Z',
      completedAt: null,
      location: null,
      soak: null,
      holdReason: { reason: 'MRB review of coolant leak', reasonCode: 'mrb' },
    });
  });

  it('shows a soaking rack its position, time soaked and due time, the clock stopped while on hold', () => {
    const HOUR = 3_600_000;
    const started = new Date(Date.UTC(2026, 10, 20, 8, 0));
    const soaking: RackRecord = {
      ...rack,
      stage: 'burn_in',
      status: 'on_hold',
      heldStage: 'burn_in',
      dwell: { burn_in: { minHours: 72, maxHours: 120, retestMinHours: null } },
      locationCell: 'BI-A1',
      locationPosition: 12,
      soakStartedAt: started,
      soakHeldMs: String(2 * HOUR),
      // On hold since hour 40: 38 h soaked; the 10 h of this hold push the due time on.
      holdStartedAt: new Date(started.getTime() + 40 * HOUR),
    };

    expect(toRackSummaryView(soaking, new Date(started.getTime() + 50 * HOUR))).toMatchObject({
      location: { cell: 'BI-A1', position: 12 },
      soak: {
        stage: 'burn_in',
        startedAt: '2026-11-20T08:00:00.000Z',
        retest: false,
        soakedHours: 38,
        requiredHours: 72,
        remainingHours: 34,
        dueAt: new Date(started.getTime() + (72 + 2 + 10) * HOUR).toISOString(),
        overrunAt: new Date(started.getTime() + (120 + 2 + 10) * HOUR).toISOString(),
        onHold: true,
      },
    });
  });

  it('adds the route snapshot and slots to the state, without repeating the serial', () => {
    const sut = toRackStateView({ ...rack, heldStage: null, heldStatus: null, completedAt: at(9) }, at(10));
    expect(sut).not.toHaveProperty('serial');
    expect(sut).toMatchObject({
      held: null,
      route: ['assembly', 'qa'],
      requiredSlots: { compute_tray: 18 },
      slotCounts: { compute_tray: 18 },
      completedAt: '2026-11-24T09:09:00.000Z',
    });
  });

  it('shows the first transition as coming from nowhere', () => {
    const sut = toRackHistoryView({
      id: '1',
      eventId: 'e-1',
      eventType: 'started',
      stage: 'assembly',
      stationId: 'ASSY-01',
      fromStage: null,
      fromStatus: null,
      toStage: 'assembly',
      toStatus: 'in_progress',
      occurredAt: at(0),
      recordedAt: at(1),
      locationCell: null,
      locationPosition: null,
      reason: null,
      reasonCode: null,
    });
    expect(sut).toEqual({
      eventId: 'e-1',
      eventType: 'started',
      stage: 'assembly',
      stationId: 'ASSY-01',
      from: null,
      to: { stage: 'assembly', status: 'in_progress' },
      occurredAt: '2026-11-24T09:00:00.000Z',
      recordedAt: '2026-11-24T09:01:00.000Z',
      location: null,
      reason: null,
      reasonCode: null,
    });
  });
});
