import type { ApiClient } from './api-client.js';
import type { SupplierQuality, SupplierQualityList } from './api-types.js';
import { byId, el, setText, tableHead } from './dom.js';
import { formatCount, formatNumber } from './format.js';
import { t } from './i18n.js';

// Returns and failure rates move with failures, not with every transition: one look shortly after a burst.
const AFTER_FAILURE_MS = 3_000;
const WINDOW_DAYS = 30;
const SHOWN = 8;

/** `12.5 / 1,000`, or `–` without installs in the window. */
export function perThousand(value: number | null): string {
  return value === null
    ? '–'
    : t('suppliers.perThousand', { value: formatNumber(value, { maximumFractionDigits: 1 }) });
}

/** The codes most reported on a supplier's parts, `XID-79 ×3 · XID-48 ×1`. */
export function topCodes(supplier: SupplierQuality): string {
  return supplier.topCodes.map(({ code, failures }) => `${code} ×${failures}`).join(' · ');
}

/**
 * The suppliers panel: per supplier over the last 30 days at this site, parts installed, failures per 1,000,
 * open returns (the ones waiting on the supplier, in red) and how closed ones went, with the top failure codes.
 * A quality engineer sees at a glance whose parts are coming back and whether they come back as no fault found.
 */
export class SupplierQualityPanel {
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly api: ApiClient,
    private readonly site: string,
  ) {}

  failureSeen(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.refresh().catch((error: unknown) => console.warn('supplier panel refresh failed', error));
    }, AFTER_FAILURE_MS);
  }

  async refresh(): Promise<void> {
    const from = new Date(Date.now() - WINDOW_DAYS * 86_400_000).toISOString();
    const query = new URLSearchParams({ site: this.site, from });
    const list = await this.api.get<SupplierQualityList>(`/v1/quality/suppliers?${query.toString()}`);
    this.show(list);
  }

  private show(list: SupplierQualityList): void {
    const open = list.items.reduce((sum, supplier) => sum + supplier.returnsOpen, 0);
    byId('suppliers').dataset.openReturns = String(open);
    setText(
      'suppliers-summary',
      `${t('suppliers.window', { days: WINDOW_DAYS })} · ${t('suppliers.openReturns', { count: open, n: formatCount(open) })}`,
    );
    const rows = list.items
      .slice(0, SHOWN)
      .map((supplier) =>
        el(
          'tr',
          { 'data-testid': 'supplier-row', 'data-supplier': supplier.supplierId },
          el(
            'th',
            {},
            el('strong', {}, supplier.name ?? supplier.supplierId),
            el(
              'small',
              {},
              [supplier.supplierId, supplier.country].filter((part) => part !== null).join(' · '),
            ),
          ),
          el('td', {}, formatCount(supplier.installed)),
          el('td', { 'data-testid': 'supplier-rate' }, perThousand(supplier.failuresPerThousand)),
          el(
            'td',
            { 'data-testid': 'supplier-open-returns', class: supplier.returnsOpen > 0 ? 'attention' : '' },
            formatCount(supplier.returnsOpen),
          ),
          el(
            'td',
            {},
            `${formatCount(supplier.returnsConfirmed)} / ${formatCount(supplier.returnsNoFaultFound)}`,
          ),
          el('td', { 'data-testid': 'supplier-codes' }, topCodes(supplier)),
        ),
      );
    byId('suppliers-table').replaceChildren(
      rows.length === 0
        ? el('p', { class: 'empty' }, t('suppliers.empty'))
        : el(
            'table',
            { class: 'suppliers-table' },
            tableHead(
              t('suppliers.columns.supplier'),
              t('suppliers.columns.installed'),
              t('suppliers.columns.failed'),
              t('suppliers.columns.openReturns'),
              t('suppliers.columns.closed'),
              t('suppliers.columns.topCodes'),
            ),
            el('tbody', {}, ...rows),
          ),
    );
  }
}
