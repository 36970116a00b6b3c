import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { BurnInBoardView } from '../../apps/api/src/burn-in/burn-in-board.view.js';
import type { ProgressView } from '../../apps/api/src/status/site-status.view.js';
import { BurnInLine } from '../support/burn-in-line.js';

// The burn-in board of a site as its racks really are: every rack below was posted through ingest and applied
// by the tracker; the board and the progress panel are read from the api.

describe('api: the burn-in board and the pipeline forecast', () => {
  const line = new BurnInLine('api_burn_in', 'fab-board');
  beforeAll(async () => {
    await line.start();
    await line.cell('BI-1', 4, 100);
    await line.cell('BI-2', 2, 150);
    const soak = (serial: string, hoursAgo: number, cell: string, position: number) =>
      line.post('burn_in', serial, 'started', hoursAgo, { location: { cell, position } });

    await line.assembled('RK-B-RUN', 11);
    const running = await soak('RK-B-RUN', 10, 'BI-1', 1);
    await line.assembled('RK-B-DUE', 81);
    const due = await soak('RK-B-DUE', 80, 'BI-1', 2);
    await line.assembled('RK-B-OVER', 131);
    const overdue = await soak('RK-B-OVER', 130, 'BI-1', 3);
    await line.assembled('RK-B-FAIL', 21);
    await soak('RK-B-FAIL', 20, 'BI-2', 1);
    await line.post('burn_in', 'RK-B-FAIL', 'failed', 5);
    // Reworked in its position, where it waits for its retest: on the board, not in the queue.
    await line.post('burn_in', 'RK-B-FAIL', 'rework_started', 4);
    const failed = await line.post('burn_in', 'RK-B-FAIL', 'rework_completed', 3);
    await line.assembled('RK-B-HOLD', 31);
    await soak('RK-B-HOLD', 30, 'BI-2', 2);
    const held = await line.post('burn_in', 'RK-B-HOLD', 'hold', 2, {
      reason: 'leak detector warning',
      reasonCode: 'quality',
    });
    // Shipped through BI-1/4, which is free again.
    await line.assembled('RK-B-SHIP', 101);
    await soak('RK-B-SHIP', 100, 'BI-1', 4);
    await line.post('burn_in', 'RK-B-SHIP', 'passed', 24);
    await line.post('qa', 'RK-B-SHIP', 'started', 22);
    const shipped = await line.post('qa', 'RK-B-SHIP', 'passed', 20);
    // Waiting for burn-in.
    const firstQueued = await line.assembled('RK-B-Q1', 6);
    const queued = await line.assembled('RK-B-Q2', 3);
    // Racks spread over partitions: wait for the last event of each.
    await Promise.all([
      line.applied('RK-B-Q2', queued),
      line.applied('RK-B-SHIP', shipped),
      line.applied('RK-B-HOLD', held),
      line.applied('RK-B-FAIL', failed),
      line.applied('RK-B-RUN', running),
      line.applied('RK-B-DUE', due),
      line.applied('RK-B-OVER', overdue),
      line.applied('RK-B-Q1', firstQueued),
    ]);
  });
  afterAll(() => line.stop());

  it('shows every position free, running with time left, due, overdue, failed or held', async () => {
    const board = await line.manager.get<BurnInBoardView>(`/v1/sites/${line.siteId}/burn-in`);

    expect(board.status).toBe(200);
    expect(board.body.stage).toBe('burn_in');
    expect(
      board.body.cells.map((cell) => [cell.cellId, cell.slots.map((slot) => [slot.state, slot.rackSerial])]),
    ).toEqual([
      [
        'BI-1',
        [
          ['running', 'RK-B-RUN'],
          ['due', 'RK-B-DUE'],
          ['overdue', 'RK-B-OVER'],
          ['free', null],
        ],
      ],
      [
        'BI-2',
        [
          ['failed', 'RK-B-FAIL'],
          ['held', 'RK-B-HOLD'],
        ],
      ],
    ]);
    const [running] = board.body.cells[0]!.slots;
    expect(running!.remainingHours).toBeCloseTo(62, 0);
    expect(board.body.cells[1]!.slots[1]!.holdReason).toEqual({
      reason: 'leak detector warning',
      reasonCode: 'quality',
    });
    expect(board.body.totals).toEqual({
      occupied: 5,
      free: 1,
      running: 1,
      due: 1,
      overdue: 1,
      failed: 1,
      held: 1,
    });
    expect(board.body.utilisation).toBe(0.833);
    // Soaking positions draw power: running, due and overdue in BI-1 at 100 kW each.
    expect(board.body.powerKw).toBe(300);
  });

  it('shows the queue with its oldest rack, and the capacity verdict with the measured retest rate', async () => {
    const board = (await line.manager.get<BurnInBoardView>(`/v1/sites/${line.siteId}/burn-in`)).body;

    // RK-B-FAIL waits for its retest too, but in the position it holds: it needs no free one.
    expect((await line.rack('RK-B-FAIL')).state).toMatchObject({
      status: 'waiting',
      location: { cell: 'BI-2', position: 1 },
    });
    expect(board.queue).toMatchObject({ count: 2, oldestSerial: 'RK-B-Q1' });
    expect(board.queue.oldestWaitingHours).toBeCloseTo(6, 0);
    // One run passed, one failed this week: 1000 ÷ 168 × (72 + 0.5 × 24) = 500 positions, against 6.
    expect(board.capacity).toEqual({
      requiredPositions: 500,
      availablePositions: 6,
      margin: -494,
      weeklyTarget: 1000,
      soakHours: 72,
      retestRate: 0.5,
    });
    expect(board.burnInYield).toBe(0.5);
  });

  it('projects the week from the pipeline, the same figure on the board and in the progress panel', async () => {
    const board = (await line.manager.get<BurnInBoardView>(`/v1/sites/${line.siteId}/burn-in`)).body;
    const progress = (await line.manager.get<ProgressView>(`/v1/sites/${line.siteId}/progress`)).body;

    expect(board.forecast.method).toBe('pipeline');
    expect(progress.projection).toMatchObject({ method: 'pipeline', projected: board.forecast.projected });
    expect(progress.projected).toBe(board.forecast.projected);
    expect(board.forecast.explanation).toContain('soaking due in time');
  });

  it('measures the times the forecast assumes: pull after the minimum, downstream, rework to retest', async () => {
    // RK-B-SHIP soaked 76 h against 72 and shipped 4 h after passing; RK-B-FAIL failed 5 h ago and starts its
    // retest now, in the position it kept.
    const retest = await line.post('burn_in', 'RK-B-FAIL', 'started', 1, {
      location: { cell: 'BI-2', position: 1 },
    });
    await line.applied('RK-B-FAIL', retest);

    const board = (await line.manager.get<BurnInBoardView>(`/v1/sites/${line.siteId}/burn-in`)).body;
    const timings = board.forecast.timings!;
    expect(timings.pullHours).toBeCloseTo(4, 1);
    expect(timings.downstreamHours).toBeCloseTo(4, 1);
    expect(timings.reworkHours).toBeCloseTo(4, 1);
    // A retest needs the retest minimum (24 h), not the full soak.
    expect(board.cells[1]!.slots[0]).toMatchObject({ state: 'running', rackSerial: 'RK-B-FAIL' });
    expect(board.cells[1]!.slots[0]!.remainingHours).toBeCloseTo(23, 0);
    const progress = (await line.manager.get<ProgressView>(`/v1/sites/${line.siteId}/progress`)).body;
    expect(progress.projection.timings).toEqual(board.forecast.timings);
  });

  it('answers 404 for a site with nothing, 400 for a bad site id, and 401 without a token', async () => {
    expect((await line.manager.get(`/v1/sites/nowhere/burn-in`)).status).toBe(404);
    expect((await line.manager.get(`/v1/sites/bad%20site/burn-in`)).status).toBe(400);
    expect((await line.manager.get(`/v1/sites/${line.siteId}/burn-in`, null)).status).toBe(401);
  });
});
