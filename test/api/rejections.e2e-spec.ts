import { describe, expect, it } from '@jest/globals';
import type { Page } from '../../apps/api/src/common/pagination/keyset-page.js';
import type { RejectionView } from '../../apps/api/src/rejections/rejection.view.js';
import { apiSuite, collectPages, seedRejections, type SeededRejection } from './api-fixtures.js';

describe('api: rejections', () => {
  let ids: string[];

  const { client } = apiSuite('api_rejections', {
    seed: async (database) => {
      const seeded: SeededRejection[] = Array.from({ length: 17 }, (_, index) => ({
        rackSerial: `RK-${index % 3}`,
        reason: index % 4 === 0 ? 'illegal_transition' : 'wrong_station',
        stationId: index % 2 === 0 ? 'QA-01' : 'BURNIN-07',
      }));
      seeded.push({
        rackSerial: null,
        eventId: null,
        stationId: null,
        reason: 'malformed',
        detail: 'value is not JSON',
        payload: 'not json {',
      });
      ids = await seedRejections(database, seeded);
    },
  });

  const list = (query: string) => client.get<Page<RejectionView>>(`/v1/rejections?${query}`);
  const idsOf = (page: Page<RejectionView>) => page.items.map((rejection) => rejection.id);

  it('lists the newest first, showing a malformed message whole', async () => {
    const response = await list('limit=2');
    expect(response.status).toBe(200);
    expect(idsOf(response.body)).toEqual([ids[17], ids[16]]);
    expect(response.body.items[0]).toEqual({
      id: ids[17],
      eventId: null,
      rackSerial: null,
      reason: 'malformed',
      detail: 'value is not JSON',
      stationId: null,
      recordedAt: expect.any(String),
      event: 'not json {',
      rawBase64: null,
    });
    expect(response.body.items[1]).toMatchObject({
      rackSerial: 'RK-1',
      event: expect.objectContaining({ rackSerial: 'RK-1' }),
    });
  });

  it('pages over every rejection, newest first, with no duplicates or gaps', async () => {
    const all = await collectPages(async (cursor) => {
      const response = await list(`limit=5${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.status).toBe(200);
      return { items: idsOf(response.body), nextCursor: response.body.nextCursor };
    });
    expect(all.pages.map((page) => page.length)).toEqual([5, 5, 5, 3]);
    expect(all.items).toEqual([...ids].reverse());
  });

  it('filters by reason, rack and station, alone and together', async () => {
    const expected = (keep: (index: number) => boolean) =>
      ids.filter((_, index) => index < 17 && keep(index)).reverse();
    expect(idsOf((await list('reason=illegal_transition')).body)).toEqual(
      expected((index) => index % 4 === 0),
    );
    expect(idsOf((await list('rackSerial=RK-2')).body)).toEqual(expected((index) => index % 3 === 2));
    expect(idsOf((await list('stationId=BURNIN-07&reason=wrong_station')).body)).toEqual(
      expected((index) => index % 2 === 1),
    );
    const paged = await collectPages(async (cursor) => {
      const response = await list(`reason=wrong_station&limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      return { items: idsOf(response.body), nextCursor: response.body.nextCursor };
    });
    expect(paged.items).toEqual(expected((index) => index % 4 !== 0));
  });

  it.each([
    ['reason=bored', ['reason']],
    ['limit=-1', ['limit']],
    ['cursor=%24%24', ['cursor']],
    ['rackSerial=', ['rackSerial']],
    ['order=asc', ['order']],
  ])('answers 400 naming the field for %s', async (query, fields) => {
    const response = await client.get<{ message: string; errors: { path: string }[] }>(
      `/v1/rejections?${query}`,
    );
    expect(response.status).toBe(400);
    expect(response.body.message).toBe('Validation failed');
    expect([...new Set(response.body.errors.map((error) => error.path))]).toEqual(fields);
  });
});
