import { describe, expect, it } from '@jest/globals';
import { rejectionListQuery } from './rejection-read.repository.js';

describe('rejectionListQuery', () => {
  it('lists the newest first without a WHERE clause on the first page', () => {
    const sut = rejectionListQuery({}, { beforeId: null, limit: 51 });
    expect(sut.text).not.toContain('WHERE');
    expect(sut.text).toMatch(/FROM rejection ORDER BY id DESC LIMIT \$1$/);
    expect(sut.values).toEqual([51]);
  });

  it('binds every filter and pages below the cursor id', () => {
    const sut = rejectionListQuery(
      { reason: 'illegal_transition', rackSerial: 'RK-1', stationId: 'QA-01' },
      { beforeId: '9007199254740993', limit: 3 },
    );
    expect(sut.text).toContain(
      'WHERE reason = $1 AND rack_serial = $2 AND station_id = $3 AND id < $4::bigint ORDER BY id DESC LIMIT $5',
    );
    // bigint ids stay strings end to end, beyond Number's safe range.
    expect(sut.values).toEqual(['illegal_transition', 'RK-1', 'QA-01', '9007199254740993', 3]);
  });

  it('filters by one field alone', () => {
    const sut = rejectionListQuery({ stationId: 'QA-01' }, { beforeId: null, limit: 2 });
    expect(sut.text).toContain('WHERE station_id = $1 ORDER BY id DESC LIMIT $2');
    expect(sut.values).toEqual(['QA-01', 2]);
  });
});
