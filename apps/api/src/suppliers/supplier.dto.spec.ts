import { describe, expect, it } from '@jest/globals';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { PutSupplierDto, SupplierIdParamsDto } from './supplier.dto.js';

const problems = (body: object) =>
  validateSync(plainToInstance(PutSupplierDto, body), { whitelist: true, forbidNonWhitelisted: true }).map(
    (error) => error.property,
  );

describe('PUT /v1/suppliers/:id body', () => {
  it('accepts a name and an ISO 3166-1 alpha-2 country', () => {
    expect(problems({ name: 'Hsinchu Silicon', country: 'TW' })).toEqual([]);
  });

  it('refuses a country that is not a 2-letter ISO code, a blank name and unknown fields', () => {
    expect(problems({ name: 'x', country: 'Taiwan' })).toEqual(['country']);
    expect(problems({ name: 'x', country: 'XX' })).toEqual(['country']);
    expect(problems({ name: '   ', country: 'US' })).toEqual(['name']);
    expect(problems({ name: 'x', country: 'US', rating: 5 })).toEqual(['rating']);
  });

  it('holds the id to the identifier rule installs use', () => {
    expect(validateSync(plainToInstance(SupplierIdParamsDto, { id: 'sup-tw-02' }))).toEqual([]);
    expect(
      validateSync(plainToInstance(SupplierIdParamsDto, { id: 'sup tw' })).map((error) => error.property),
    ).toEqual(['id']);
  });
});
