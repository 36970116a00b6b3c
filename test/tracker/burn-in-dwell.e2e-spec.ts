import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RackDetailView } from '../../apps/api/src/racks/rack.view.js';
import { BurnInLine } from '../support/burn-in-line.js';
import { expectEventually } from '../support/expect-eventually.js';

// Burn-in through the real line: events posted to ingest, applied by the tracker through Kafka, read back
// from the api. Times lie in the past, so a 72 h soak is lived in seconds without touching anyone's clock.

function lastRejection(detail: RackDetailView, eventId: string) {
  const rejection = detail.rejections.find((entry) => entry.eventId === eventId);
  if (rejection === undefined) throw new Error(`event ${eventId} was not refused`);
  return rejection;
}

describe('tracker: burn-in dwell and positions through ingest, Kafka and the api', () => {
  const line = new BurnInLine('burn_in_dwell');

  beforeAll(async () => {
    await line.start();
    await line.cell('BI-A1', 2);
    await line.cell('BI-RACE', 6);
  });
  afterAll(() => line.stop());

  it('refuses an early pass with the time left, leaves hold time out, and frees the position on pass', async () => {
    await line.assembled('RK-SOAK-1', 100);
    await line.post('burn_in', 'RK-SOAK-1', 'started', 98, { location: { cell: 'BI-A1', position: 1 } });
    await line.post('burn_in', 'RK-SOAK-1', 'hold', 90, {
      reason: 'chiller trip on loop 3',
      reasonCode: 'facility',
    });
    const held = await line.applied('RK-SOAK-1', await line.post('burn_in', 'RK-SOAK-1', 'hold', 89.5));
    // A second hold while on hold is refused; the rack stays held with the first reason.
    expect(held.state).toMatchObject({
      status: 'on_hold',
      location: { cell: 'BI-A1', position: 1 },
      holdReason: { reason: 'chiller trip on loop 3', reasonCode: 'facility' },
      soak: { soakedHours: 8, requiredHours: 72, onHold: true },
    });

    await line.post('burn_in', 'RK-SOAK-1', 'release', 80, { reasonCode: 'facility' });
    // 71 h after the start, 10 of them on hold: 61 h soaked.
    const early = await line.post('burn_in', 'RK-SOAK-1', 'passed', 27);
    const refused = await line.applied('RK-SOAK-1', early);
    expect(lastRejection(refused, early)).toMatchObject({
      reason: 'dwell_too_short',
      detail: expect.stringContaining('has 61 h, 11 h left'),
    });
    expect(refused.state).toMatchObject({
      status: 'in_progress',
      holdReason: null,
      location: { cell: 'BI-A1' },
    });
    expect(refused.history.find((entry) => entry.eventType === 'hold')).toMatchObject({
      reason: 'chiller trip on loop 3',
      reasonCode: 'facility',
    });
    expect(
      refused.history.find((entry) => entry.stage === 'burn_in' && entry.eventType === 'started'),
    ).toMatchObject({
      location: { cell: 'BI-A1', position: 1 },
    });

    const passed = await line.applied('RK-SOAK-1', await line.post('burn_in', 'RK-SOAK-1', 'passed', 15));
    expect(passed.state).toMatchObject({ stage: 'burn_in', status: 'passed', location: null, soak: null });
  });

  it('records a start without a location, at an unknown cell or position, or at a held position as refusals', async () => {
    await line.assembled('RK-SOAK-2', 10);
    await line.assembled('RK-SOAK-3', 10);
    await line.applied(
      'RK-SOAK-2',
      await line.post('burn_in', 'RK-SOAK-2', 'started', 9, { location: { cell: 'BI-A1', position: 2 } }),
    );

    const attempts: [Record<string, unknown>, string, string][] = [
      [{}, 'location_required', 'needs a location'],
      [{ location: { cell: 'BI-Z9', position: 1 } }, 'unknown_position', 'cell BI-Z9 is not registered'],
      [
        { location: { cell: 'BI-A1', position: 3 } },
        'unknown_position',
        'cell BI-A1 has positions 1 to 2; got 3',
      ],
      [{ location: { cell: 'BI-A1', position: 2 } }, 'position_occupied', 'held by rack RK-SOAK-2'],
    ];
    for (const [extra, reason, detail] of attempts) {
      const eventId = await line.post('burn_in', 'RK-SOAK-3', 'started', 8, extra);
      const rack = await line.applied('RK-SOAK-3', eventId);
      expect(lastRejection(rack, eventId)).toMatchObject({ reason, detail: expect.stringContaining(detail) });
      expect(rack.state).toMatchObject({ stage: 'assembly', status: 'passed', location: null });
    }

    // Scrapping the holder frees its position for the next rack.
    await line.applied('RK-SOAK-2', await line.post('burn_in', 'RK-SOAK-2', 'scrap', 7));
    const started = await line.applied(
      'RK-SOAK-3',
      await line.post('burn_in', 'RK-SOAK-3', 'started', 6, { location: { cell: 'BI-A1', position: 2 } }),
    );
    expect(started.state).toMatchObject({ status: 'in_progress', location: { cell: 'BI-A1', position: 2 } });
  });

  it('lets exactly one of two racks racing for a position have it, whatever partitions they are on', async () => {
    const pairs = [1, 2, 3, 4, 5, 6].map((position) => ({
      position,
      racks: [`RK-RACE-${position}A`, `RK-RACE-${position}B`],
    }));
    // Every rack waits for burn-in before the starts race.
    await Promise.all(
      pairs.flatMap(({ racks }) =>
        racks.map(async (rack) => line.applied(rack, await line.assembled(rack, 5))),
      ),
    );
    // Both racks of a pair start on the same position at once; rack serials spread the pairs over partitions.
    const starts = await Promise.all(
      pairs.flatMap(({ position, racks }) =>
        racks.map(async (rack) => ({
          rack,
          position,
          eventId: await line.post('burn_in', rack, 'started', 4, {
            location: { cell: 'BI-RACE', position },
          }),
        })),
      ),
    );

    const outcomes = await Promise.all(
      starts.map(async (start) => ({ ...start, detail: await line.applied(start.rack, start.eventId) })),
    );
    for (const { position } of pairs) {
      const contenders = outcomes.filter((outcome) => outcome.position === position);
      const holders = contenders.filter((outcome) => outcome.detail.state?.location?.position === position);
      expect(holders).toHaveLength(1);
      const loser = contenders.find((outcome) => outcome !== holders[0])!;
      expect(lastRejection(loser.detail, loser.eventId)).toMatchObject({
        reason: 'position_occupied',
        detail: expect.stringContaining(holders[0]!.rack),
      });
    }
    const [{ holders }] = await line.database.query<{ holders: string }>(
      `SELECT count(*)::text AS holders FROM rack WHERE location_cell = 'BI-RACE'`,
    );
    expect(holders).toBe('6');
  });

  it('answers a cell admin 400 naming the field, 403 to a manager, and 409 when shrinking below a held position', async () => {
    const bad = await line.admin.put<{ errors: { path: string }[] }>(
      `/v1/sites/${line.siteId}/burn-in-cells/BI-A1`,
      {
        positions: 0,
        kwPerPosition: 'lots',
      },
    );
    expect(bad.status).toBe(400);
    expect([...new Set(bad.body.errors.map((error) => error.path))].sort()).toEqual([
      'kwPerPosition',
      'positions',
    ]);
    expect(
      (
        await line.manager.put(`/v1/sites/${line.siteId}/burn-in-cells/BI-A1`, {
          positions: 4,
          kwPerPosition: 1,
        })
      ).status,
    ).toBe(403);

    // RK-SOAK-3 holds BI-A1/2 (the test above).
    const shrink = await line.admin.put<{ errors: { reason: string }[] }>(
      `/v1/sites/${line.siteId}/burn-in-cells/BI-A1`,
      {
        positions: 1,
        kwPerPosition: 132,
      },
    );
    expect(shrink.status).toBe(409);
    expect(shrink.body.errors).toEqual([
      { path: 'positions', reason: 'position 2 is held by rack RK-SOAK-3' },
    ]);

    const grown = await line.admin.put(`/v1/sites/${line.siteId}/burn-in-cells/BI-A1`, {
      positions: 8,
      kwPerPosition: 120,
    });
    expect(grown.status).toBe(200);
    const listed = await line.manager.get<{ items: { cellId: string; positions: number }[] }>(
      `/v1/sites/${line.siteId}/burn-in-cells`,
    );
    expect(listed.body.items.map((cell) => [cell.cellId, cell.positions])).toEqual([
      ['BI-A1', 8],
      ['BI-RACE', 6],
    ]);
    await expectEventually(async () => {
      const audit = await line.database.query<{ action: string; subject_id: string }>(
        `SELECT action, subject_id FROM audit_entry WHERE subject_type = 'burn_in_cell' ORDER BY id`,
      );
      expect(audit.map((entry) => entry.subject_id)).toEqual([
        `${line.siteId}/BI-A1`,
        `${line.siteId}/BI-RACE`,
        `${line.siteId}/BI-A1`,
      ]);
    });
  });
});
