import { describe, expect, it } from '@jest/globals';
import { HttpException, type ArgumentMetadata } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { createValidationPipe } from './strict-validation.pipe.js';

const STATUSES = ['waiting', 'in_progress', 'failed'] as const;

/** A list query as services declare them: exact-match filters and a bounded page size with a default. */
class ListQuery {
  @IsOptional()
  @IsIn(STATUSES, { message: `status must be one of: ${STATUSES.join(', ')}` })
  status?: string;

  @IsOptional()
  @Matches(/^[A-Z]{2}-\d+$/, { message: 'serial must look like RK-1' })
  serial?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit: number = 50;
}

/** A body whose shape the pipe checks, leaving its content to the domain. */
class StagesBody {
  @IsArray()
  @IsString({ each: true })
  stages: string[];

  @IsOptional()
  @IsObject()
  requiredSlots?: Record<string, number>;
}

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

const paths = (body: unknown) =>
  (body as { errors: { path: string }[] }).errors.map((error) => error.path).sort();

describe('strict validation pipe', () => {
  it('converts query numbers and applies defaults', async () => {
    const given = (await sut.transform({ status: 'failed', limit: '20' }, asQuery(ListQuery))) as ListQuery;
    expect(given).toBeInstanceOf(ListQuery);
    expect(given.limit).toBe(20);
    expect(given.status).toBe('failed');
    const defaulted = (await sut.transform({}, asQuery(ListQuery))) as ListQuery;
    expect(defaulted.limit).toBe(50);
  });

  it('names every bad field with its own reason, unknown fields included', async () => {
    const body = await refusal({ status: 'lost', limit: '501', colour: 'red' }, asQuery(ListQuery));
    expect(body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: 'Validation failed' });
    expect(paths(body)).toEqual(['colour', 'limit', 'status']);
    const errors = (body as { errors: { path: string; reason: string }[] }).errors;
    expect(errors.find((error) => error.path === 'status')?.reason).toContain('must be one of: waiting');
    expect(errors.find((error) => error.path === 'colour')?.reason).toBe('property colour should not exist');
  });

  it.each([['0'], ['1.5'], ['ten'], ['-3']])('refuses limit=%s', async (limit) => {
    expect(new Set(paths(await refusal({ limit }, asQuery(ListQuery))))).toEqual(new Set(['limit']));
  });

  it('refuses a repeated filter', async () => {
    expect(paths(await refusal({ serial: ['RK-1', 'RK-2'] }, asQuery(ListQuery)))).toEqual(['serial']);
  });

  it('checks only the shape of a body', async () => {
    const metadata: ArgumentMetadata = { type: 'body', metatype: StagesBody };
    await expect(
      sut.transform({ stages: ['Not A Stage'], requiredSlots: { gpu: -1 } }, metadata),
    ).resolves.toBeDefined();
    const body = await refusal({ stages: 'assembly', requiredSlots: [1], model: 'x' }, metadata);
    expect(paths(body)).toEqual(['model', 'requiredSlots', 'stages']);
  });
});
