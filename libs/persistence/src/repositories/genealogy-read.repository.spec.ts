import { describe, expect, it } from '@jest/globals';
import { tracePageQuery, traceSummaryQuery } from './genealogy-read.repository.js';

describe('trace queries', () => {
  it('filters on exactly the fields given, every value bound, paging after the cursor rack', () => {
    const sut = tracePageQuery(
      { lot: 'W47-A', supplierId: 'sup-tw-02' },
      { afterRack: 'RK-000100', limit: 51 },
    );
    expect(sut.text).toContain(
      'WHERE lower(lot) = lower($1) AND lower(supplier_id) = lower($2) AND rack_serial > $3',
    );
    expect(sut.text).not.toContain('part_number =');
    expect(sut.text).toContain('LIMIT $4');
    expect(sut.values).toEqual(['W47-A', 'sup-tw-02', 'RK-000100', 51]);
  });

  it('keeps values out of the SQL text', () => {
    const sut = tracePageQuery({ partNumber: "x' OR '1'='1" }, { afterRack: null, limit: 10 });
    expect(sut.text).not.toContain("'1'='1");
    expect(sut.values).toEqual(["x' OR '1'='1", 10]);
  });

  it('refuses an unfiltered trace, which would be every rack', () => {
    expect(() => tracePageQuery({}, { afterRack: null, limit: 10 })).toThrow('at least one');
    expect(() => traceSummaryQuery({})).toThrow('at least one');
  });

  it("narrows to one site's racks, but a site alone is no trace", () => {
    const page = tracePageQuery({ lot: 'W47-A', siteId: 'site-2' }, { afterRack: 'RK-000100', limit: 51 });
    expect(page.text).toContain(
      'WHERE lower(lot) = lower($1) AND rack_serial IN (SELECT serial FROM rack WHERE site_id = $2) AND rack_serial > $3',
    );
    expect(page.values).toEqual(['W47-A', 'site-2', 'RK-000100', 51]);
    const summary = traceSummaryQuery({ partNumber: 'GPU-B200', siteId: 'site-2' });
    expect(summary.text).toContain('site_id = $2');
    expect(summary.values).toEqual(['GPU-B200', 'site-2']);
    expect(() => tracePageQuery({ siteId: 'site-2' }, { afterRack: null, limit: 10 })).toThrow(
      'at least one',
    );
  });

  it('counts over every match for the summary', () => {
    const sut = traceSummaryQuery({ partNumber: 'GPU-B200', lot: 'W47-A', supplierId: 'sup-tw-02' });
    expect(sut.text).toContain(
      'WHERE part_number = $1 AND lower(lot) = lower($2) AND lower(supplier_id) = lower($3)',
    );
    expect(sut.text).toContain('AS "installedNow"');
    expect(sut.text).toContain('AS removed');
    expect(sut.text).not.toContain('LIMIT');
  });
});
