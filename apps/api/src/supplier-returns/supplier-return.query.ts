import { Injectable } from '@nestjs/common';
import { UnitOfWork, type SupplierReturnFilter } from '#persistence';
import { csvLines } from '../common/csv.js';
import type { ListSupplierReturnsDto } from './supplier-return.dto.js';
import {
  SUPPLIER_RETURN_CSV_COLUMNS,
  toSupplierReturnCsvRow,
  toSupplierReturnView,
  type SupplierReturnPage,
} from './supplier-return.view.js';

const CSV_PAGE = 1000;

/** Supplier returns, as a page of JSON or every matching case as CSV. */
@Injectable()
export class SupplierReturnQuery {
  constructor(private readonly uow: UnitOfWork) {}

  private filterOf(query: ListSupplierReturnsDto): Omit<SupplierReturnFilter, 'limit' | 'beforeId'> {
    return { supplierId: query.supplierId, status: query.status, siteId: query.site };
  }

  async page(query: ListSupplierReturnsDto): Promise<SupplierReturnPage> {
    const rows = await this.uow.pool.supplierReturns.list({
      ...this.filterOf(query),
      beforeId: query.before,
      limit: query.limit + 1,
    });
    const items = rows.slice(0, query.limit).map(toSupplierReturnView);
    return { items, next: rows.length > query.limit ? (items.at(-1)?.id ?? null) : null };
  }

  /**
   * Every matching case, written a page at a time: a year of returns is a few thousand rows, but the api never
   * holds more than a page of them.
   */
  async *csv(query: ListSupplierReturnsDto): AsyncGenerator<string> {
    yield csvLines([SUPPLIER_RETURN_CSV_COLUMNS]);
    let before = query.before;
    for (;;) {
      const rows = await this.uow.pool.supplierReturns.list({
        ...this.filterOf(query),
        beforeId: before,
        limit: CSV_PAGE,
      });
      if (rows.length === 0) return;
      yield csvLines(rows.map((row) => toSupplierReturnCsvRow(toSupplierReturnView(row))));
      if (rows.length < CSV_PAGE) return;
      before = rows.at(-1)!.id;
    }
  }
}
