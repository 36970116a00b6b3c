import { describe, expect, it } from '@jest/globals';
import { HttpException, type ArgumentMetadata } from '@nestjs/common';
import { createValidationPipe } from '#platform';
import { ListAuditDto } from '../../access/list-audit.dto.js';
import { ListRacksDto } from '../../racks/list-racks.dto.js';
import { ListRejectionsDto } from '../../rejections/list-rejections.dto.js';
import { PutRouteDto } from '../../routes/put-route.dto.js';
import { encodeCursor } from './page-cursor.js';

const sut = createValidationPipe();
const asQuery = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({ type: 'query', metatype });

async function refusal(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
  try {
    await sut.transform(value, metadata);
  } catch (error) {
    expect(error).toBeInstanceOf(HttpException);
    expect((error as HttpException).getStatus()).toBe(400);
    return (error as HttpException).getResponse();
  }
  throw new Error('expected a 400');
}

describe('list queries and bodies through the validation pipe', () => {
  it('converts the limit and applies its default', async () => {
    const given = (await sut.transform(
      { status: 'failed', limit: '20' },
      asQuery(ListRacksDto),
    )) as ListRacksDto;
    expect(given.limit).toBe(20);
    expect(given.status).toBe('failed');
    const defaulted = (await sut.transform({}, asQuery(ListRacksDto))) as ListRacksDto;
    expect(defaulted.limit).toBe(50);
  });

  it('names every bad field with its own reason', async () => {
    const body = await refusal(
      { status: 'lost', limit: '501', cursor: 'nonsense', colour: 'red' },
      asQuery(ListRacksDto),
    );
    expect(body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: 'Validation failed' });
    const errors = (body as { errors: { path: string; reason: string }[] }).errors;
    expect(errors.map((error) => error.path).sort()).toEqual(['colour', 'cursor', 'limit', 'status']);
    expect(errors.find((error) => error.path === 'status')?.reason).toContain('must be one of: waiting');
    expect(errors.find((error) => error.path === 'colour')?.reason).toBe('property colour should not exist');
  });

  it.each([['0'], ['1.5'], ['ten'], ['-3']])('refuses limit=%s', async (limit) => {
    const body = await refusal({ limit }, asQuery(ListRejectionsDto));
    expect(new Set((body as { errors: { path: string }[] }).errors.map((error) => error.path))).toEqual(
      new Set(['limit']),
    );
  });

  it('refuses a cursor from another list', async () => {
    const body = await refusal({ cursor: encodeCursor('racks', 'RK-1') }, asQuery(ListRejectionsDto));
    expect(body).toMatchObject({ errors: [{ path: 'cursor' }] });
    const audit = await refusal({ cursor: encodeCursor('rejections', '7') }, asQuery(ListAuditDto));
    expect(audit).toMatchObject({ errors: [{ path: 'cursor' }] });
  });

  it("takes each list's own cursor and the shared page size", async () => {
    const given = (await sut.transform(
      { cursor: encodeCursor('audit', '7'), limit: '500' },
      asQuery(ListAuditDto),
    )) as ListAuditDto;
    expect(given).toMatchObject({ cursor: encodeCursor('audit', '7'), limit: 500 });
  });

  it('refuses an unknown rejection reason and a repeated filter', async () => {
    const body = await refusal({ reason: 'bored', rackSerial: ['RK-1', 'RK-2'] }, asQuery(ListRejectionsDto));
    expect((body as { errors: { path: string }[] }).errors.map((error) => error.path).sort()).toEqual([
      'rackSerial',
      'reason',
    ]);
  });

  it('checks only the shape of a route body, leaving its content to the domain', async () => {
    const metadata: ArgumentMetadata = { type: 'body', metatype: PutRouteDto };
    await expect(
      sut.transform({ stages: ['Not A Stage'], requiredSlots: { gpu: -1 } }, metadata),
    ).resolves.toBeDefined();
    const body = await refusal({ stages: 'assembly', requiredSlots: [1], model: 'x' }, metadata);
    expect((body as { errors: { path: string }[] }).errors.map((error) => error.path).sort()).toEqual([
      'model',
      'requiredSlots',
      'stages',
    ]);
  });
});
