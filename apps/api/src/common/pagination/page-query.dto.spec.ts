import { describe, expect, it } from '@jest/globals';
import type { ArgumentMetadata, HttpException } from '@nestjs/common';
import { createValidationPipe } from '#platform';
import { ListAuditDto } from '../../access/list-audit.dto.js';
import { ListRacksDto } from '../../racks/list-racks.dto.js';
import { ListRejectionsDto } from '../../rejections/list-rejections.dto.js';
import { PutRouteDto } from '../../routes/put-route.dto.js';
import { encodeCursor } from './page-cursor.js';

const pipe = createValidationPipe();
const query = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({ type: 'query', metatype });

/** The fields the api's validation refuses in `value`, each once, sorted; none when it is taken. */
const refused = (value: object, metadata: ArgumentMetadata): Promise<string[]> =>
  pipe.transform(value, metadata).then(
    () => [],
    (error: HttpException) =>
      [
        ...new Set(
          (error.getResponse() as { errors: { path: string }[] }).errors.map((problem) => problem.path),
        ),
      ].sort(),
  );

describe("the api's list queries and route body, as the validation pipe takes them", () => {
  it('converts the limit and applies its default', async () => {
    const given = (await pipe.transform(
      { status: 'failed', limit: '20' },
      query(ListRacksDto),
    )) as ListRacksDto;
    expect(given).toMatchObject({ status: 'failed', limit: 20 });
    expect(((await pipe.transform({}, query(ListRacksDto))) as ListRacksDto).limit).toBe(50);
  });

  it('names every bad field of a rack search', async () => {
    expect(
      await refused({ status: 'lost', limit: '501', cursor: 'nonsense', colour: 'red' }, query(ListRacksDto)),
    ).toEqual(['colour', 'cursor', 'limit', 'status']);
  });

  it.each([['0'], ['1.5'], ['ten'], ['-3']])('refuses limit=%s', async (limit) => {
    expect(await refused({ limit }, query(ListRejectionsDto))).toEqual(['limit']);
  });

  it('refuses a cursor from another list, and takes its own with the shared page size', async () => {
    expect(await refused({ cursor: encodeCursor('racks', 'RK-1') }, query(ListRejectionsDto))).toEqual([
      'cursor',
    ]);
    expect(await refused({ cursor: encodeCursor('rejections', '7') }, query(ListAuditDto))).toEqual([
      'cursor',
    ]);
    const own = { cursor: encodeCursor('audit', '7'), limit: '500' };
    expect(await pipe.transform(own, query(ListAuditDto))).toMatchObject({ cursor: own.cursor, limit: 500 });
  });

  it('refuses an unknown rejection reason and a repeated filter', async () => {
    expect(
      await refused({ reason: 'bored', rackSerial: ['RK-1', 'RK-2'] }, query(ListRejectionsDto)),
    ).toEqual(['rackSerial', 'reason']);
  });

  it('checks only the shape of a route body, leaving its content to the domain', async () => {
    const body: ArgumentMetadata = { type: 'body', metatype: PutRouteDto };
    expect(await refused({ stages: ['Not A Stage'], requiredSlots: { gpu: -1 } }, body)).toEqual([]);
    expect(await refused({ stages: 'assembly', requiredSlots: [1], model: 'x' }, body)).toEqual([
      'model',
      'requiredSlots',
      'stages',
    ]);
  });
});
