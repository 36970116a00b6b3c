import { describe, expect, it } from '@jest/globals';
import { likeContaining, rackListQuery } from './rack-read.repository.js';

describe('rackListQuery', () => {
  it('lists the first page in serial order without a WHERE clause', () => {
    const sut = rackListQuery({}, { afterSerial: null, limit: 51 });
    expect(sut.text).not.toContain('WHERE');
    expect(sut.text).toMatch(/FROM rack ORDER BY serial LIMIT \$1$/);
    expect(sut.values).toEqual([51]);
  });

  it('binds every filter and the keyset position, in order', () => {
    const sut = rackListQuery(
      {
        stage: 'qa',
        status: 'failed',
        siteId: 'site-1',
        lineId: 'line-2',
        model: 'gb200',
        serialPrefix: 'RK-2026',
      },
      { afterSerial: 'RK-2026-000100', limit: 11 },
    );
    expect(sut.text).toContain(
      'WHERE stage = $1 AND status = $2 AND site_id = $3 AND line_id = $4 AND model = $5 ' +
        'AND completed_at IS NULL AND starts_with(serial, $6) AND serial > $7 ORDER BY serial LIMIT $8',
    );
    expect(sut.values).toEqual([
      'qa',
      'failed',
      'site-1',
      'line-2',
      'gb200',
      'RK-2026',
      'RK-2026-000100',
      11,
    ]);
  });

  it('looks among open racks only for a status other than shipped, the one status that sets completed_at', () => {
    const open = rackListQuery({ siteId: 'site-1', status: 'scrapped' }, { afterSerial: null, limit: 5 });
    const shipped = rackListQuery({ siteId: 'site-1', status: 'shipped' }, { afterSerial: null, limit: 5 });
    expect(open.text).toContain('WHERE status = $1 AND site_id = $2 AND completed_at IS NULL ORDER BY');
    expect(shipped.text).toContain('WHERE status = $1 AND site_id = $2 ORDER BY');
  });

  it('numbers parameters densely when only some filters are given', () => {
    const sut = rackListQuery({ model: 'gb200', serialPrefix: 'RK_' }, { afterSerial: null, limit: 5 });
    expect(sut.text).toContain('WHERE model = $1 AND starts_with(serial, $2) ORDER BY serial LIMIT $3');
    expect(sut.values).toEqual(['gb200', 'RK_', 5]);
  });

  it('never puts a value into the SQL text', () => {
    const hostile = "x'; DROP TABLE rack; --";
    const sut = rackListQuery({ stage: hostile, serialPrefix: hostile }, { afterSerial: hostile, limit: 1 });
    expect(sut.text).not.toContain('DROP');
    expect(sut.values.filter((value) => value === hostile)).toHaveLength(3);
  });

  it('matches any part of the serial whatever its case, the text bound as an escaped pattern', () => {
    const sut = rackListQuery({ siteId: 'site-1', serialContains: '00_1' }, { afterSerial: null, limit: 5 });
    expect(sut.text).toContain(
      'WHERE site_id = $1 AND lower(serial) LIKE lower($2) ORDER BY serial LIMIT $3',
    );
    expect(sut.values).toEqual(['site-1', '%00\\_1%', 5]);
  });
});

describe('likeContaining', () => {
  it.each([
    ['rk-00', '%rk-00%'],
    ['50%', '%50\\%%'],
    ['a_b', '%a\\_b%'],
    ['back\\slash', '%back\\\\slash%'],
  ])('%s → %s', (text, pattern) => {
    expect(likeContaining(text)).toBe(pattern);
  });
});
