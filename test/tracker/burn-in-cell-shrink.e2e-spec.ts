import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import type { BurnInBoardView } from '../../apps/api/src/burn-in/burn-in-board.view.js';
import { BurnInLine } from '../support/burn-in-line.js';
import { expectEventually } from '../support/expect-eventually.js';

// An admin shrinks a cell while the tracker is applying a start on one of the positions that would go: the
// start is decided on the cell as it was, so the shrink must wait for it and then refuse (409), or the rack
// would soak in a position the cell no longer has, off the board. A session of this suite holds the rack's
// row so the tracker's chunk stops between deciding and committing, which makes the race happen every time.

describe('tracker and api: a cell cannot shrink under a start being applied', () => {
  const line = new BurnInLine('burn_in_shrink', 'fab-shrink');
  let session: pg.Client;

  const sessionsWaitingForLocks = async () =>
    Number(
      (
        await line.database.query<{ waiting: string }>(
          `SELECT count(*)::text AS waiting FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        )
      )[0]!.waiting,
    );

  beforeAll(async () => {
    await line.start();
    await line.cell('BI-S', 6);
    session = new pg.Client({ connectionString: line.database.url });
    await session.connect();
  });
  afterAll(async () => {
    await session?.end();
    await line.stop();
  });

  it('answers 409 naming the rack once the start commits, and the board keeps the rack', async () => {
    await line.applied('RK-SHRINK', await line.assembled('RK-SHRINK', 3));
    await session.query('BEGIN');
    await session.query(`SELECT serial FROM rack WHERE serial = 'RK-SHRINK' FOR UPDATE`);

    const start = await line.post('burn_in', 'RK-SHRINK', 'started', 1, {
      location: { cell: 'BI-S', position: 6 },
    });
    // The tracker has decided the start and waits to write the rack.
    await expectEventually(async () => expect(await sessionsWaitingForLocks()).toBe(1));
    const shrink = line.admin.put<{ errors: { path: string; reason: string }[] }>(
      `/v1/sites/${line.siteId}/burn-in-cells/BI-S`,
      {
        positions: 4,
        kwPerPosition: 132,
      },
    );
    // The shrink waits for the start rather than deciding on a cell with nobody in position 6.
    await expectEventually(async () => expect(await sessionsWaitingForLocks()).toBe(2), {
      timeoutMs: 10_000,
    });
    await session.query('COMMIT');

    const answer = await shrink;
    expect(answer.status).toBe(409);
    expect(answer.body.errors).toEqual([
      { path: 'positions', reason: 'position 6 is held by rack RK-SHRINK' },
    ]);
    expect((await line.applied('RK-SHRINK', start)).state).toMatchObject({
      status: 'in_progress',
      location: { cell: 'BI-S', position: 6 },
    });
    const board = (await line.manager.get<BurnInBoardView>(`/v1/sites/${line.siteId}/burn-in`)).body;
    expect(board.cells[0]).toMatchObject({ cellId: 'BI-S', positions: 6 });
    expect(board.cells[0]!.slots[5]).toMatchObject({ state: 'running', rackSerial: 'RK-SHRINK' });
  });
});
