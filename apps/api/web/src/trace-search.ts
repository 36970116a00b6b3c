import { ApiFailure, type ApiClient } from './api-client.js';
import type { TracePage, TraceRack, Transition } from './api-types.js';
import { byId, el, setText } from './dom.js';
import { formatCount, stageLabel, statusLabel } from './format.js';
import { t } from './i18n.js';
import {
  describeTracedParts,
  describeTraceSummary,
  dispositionOf,
  traceQuery,
  type TraceFields,
} from './genealogy-format.js';

const PAGE_SIZE = 50;
// A rack's matching serials are listed up to this many; the rest are on its components page.
const SERIALS_SHOWN = 3;

/**
 * Trace by part number, lot and/or supplier: every rack of the screen's site that holds or held a matching part,
 * its state and whether it has shipped, with the totals over all matches. Each rack opens its timeline.
 */
export class TraceSearch {
  private readonly form = byId<HTMLFormElement>('trace-form');
  private readonly inputs = {
    partNumber: byId<HTMLInputElement>('trace-part-number'),
    lot: byId<HTMLInputElement>('trace-lot'),
    supplierId: byId<HTMLInputElement>('trace-supplier'),
  };
  private readonly results = byId<HTMLUListElement>('trace-results');
  private readonly more = byId<HTMLButtonElement>('trace-more');
  private readonly csv = byId<HTMLButtonElement>('trace-csv');
  /** The racks listed, so a transition can bring a row up to date without searching again. */
  private readonly listed = new Map<string, { rack: TraceRack; row: HTMLLIElement }>();
  private fields: TraceFields | null = null;
  private nextCursor: string | null = null;
  private total: number | null = null;
  private inFlight: AbortController | null = null;

  constructor(
    private readonly api: ApiClient,
    private readonly site: string,
    private readonly onRack: (serial: string) => void,
  ) {
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.search(this.typed());
    });
    this.more.addEventListener('click', () => void this.load());
    this.csv.addEventListener('click', () => void this.downloadCsv());
  }

  /** Every matching row as CSV (all pages, streamed by the api), for the person chasing a lot offline. */
  private async downloadCsv(): Promise<void> {
    if (this.fields === null) return;
    const query = traceQuery(this.fields, this.site, PAGE_SIZE, null);
    if (query === null) return;
    for (const name of ['limit', 'summary', 'cursor']) query.delete(name);
    const name = ['trace', this.fields.partNumber, this.fields.lot, this.fields.supplierId]
      .map((part) => part.trim())
      .filter((part) => part !== '')
      .join('-')
      .replace(/[^\w.-]+/g, '_');
    try {
      await this.api.download(`/v1/trace?${query.toString()}`, `${name}.csv`, 'text/csv');
    } catch (error) {
      console.warn('trace CSV download failed', error);
      this.showState('error', t('trace.failed'));
    }
  }

  /** Fills the boxes (a Pareto bar was chosen) and traces. */
  trace(fields: TraceFields): void {
    this.inputs.partNumber.value = fields.partNumber;
    this.inputs.lot.value = fields.lot;
    this.inputs.supplierId.value = fields.supplierId;
    this.form.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    void this.search(fields);
  }

  /** A listed rack moved: its state and shipped mark follow; its parts are as they were at the search. */
  rackChanged(transition: Transition): void {
    const listed = this.listed.get(transition.rackSerial);
    if (!listed) return;
    const rack: TraceRack = {
      ...listed.rack,
      stage: transition.to.stage,
      status: transition.to.status,
      shipped: transition.to.status === 'shipped',
    };
    const row = this.row(rack);
    listed.row.replaceWith(row);
    this.listed.set(rack.rackSerial, { rack, row });
  }

  private typed(): TraceFields {
    return {
      partNumber: this.inputs.partNumber.value,
      lot: this.inputs.lot.value,
      supplierId: this.inputs.supplierId.value,
    };
  }

  private async search(fields: TraceFields): Promise<void> {
    this.inFlight?.abort();
    this.inFlight = null;
    this.fields = fields;
    this.nextCursor = null;
    this.total = null;
    this.listed.clear();
    this.results.replaceChildren();
    this.more.hidden = true;
    this.csv.hidden = true;
    if (traceQuery(fields, this.site, PAGE_SIZE, null) === null) {
      this.showState('idle', t('trace.idle'));
      return;
    }
    this.showState('loading', t('trace.loading'));
    await this.load();
  }

  /** The next page of the current trace (the first one carries the totals). */
  private async load(): Promise<void> {
    if (this.fields === null) return;
    const query = traceQuery(this.fields, this.site, PAGE_SIZE, this.nextCursor);
    if (query === null) return;
    this.inFlight?.abort();
    const controller = new AbortController();
    this.inFlight = controller;
    try {
      const page = await this.api.get<TracePage>(`/v1/trace?${query.toString()}`, controller.signal);
      // A newer search may have started while this page was on its way.
      if (this.inFlight === controller) this.append(page);
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') return;
      const reason =
        error instanceof ApiFailure && error.status === 400
          ? error.reasons.join('; ') || error.message
          : t('trace.failed');
      this.showState('error', reason);
    }
  }

  private append(page: TracePage): void {
    if (page.summary !== null) {
      this.total = page.summary.racks;
      this.showState('done', describeTraceSummary(page.summary));
    }
    for (const rack of page.items) {
      const row = this.row(rack);
      this.listed.set(rack.rackSerial, { rack, row });
      this.results.append(row);
    }
    if (this.listed.size === 0) this.showState('done', t('trace.none'));
    this.csv.hidden = this.listed.size === 0;
    this.nextCursor = page.nextCursor;
    this.more.hidden = page.nextCursor === null;
    this.more.textContent = t('trace.moreOf', {
      shown: formatCount(this.listed.size),
      total: this.total === null ? '…' : formatCount(this.total),
    });
  }

  private row(rack: TraceRack): HTMLLIElement {
    const disposition = dispositionOf(rack.status);
    const open = el('button', { type: 'button', class: 'link serial' }, rack.rackSerial);
    open.addEventListener('click', () => this.onRack(rack.rackSerial));
    const serials = rack.parts.map((part) =>
      part.installed ? part.serial : t('trace.row.removedMark', { serial: part.serial }),
    );
    const shown = serials.slice(0, SERIALS_SHOWN).join(', ');
    return el(
      'li',
      {
        'data-testid': 'trace-rack',
        'data-serial': rack.rackSerial,
        'data-disposition': disposition,
        'data-holds': String(rack.holdsMatchingParts),
      },
      open,
      el(
        'span',
        { class: 'disposition', 'data-disposition': disposition },
        t(`trace.disposition.${disposition}`),
      ),
      el('span', { class: 'trace-state' }, `${stageLabel(rack.stage)} · ${statusLabel(rack.status)}`),
      el(
        'small',
        { class: 'trace-parts' },
        `${describeTracedParts(rack)}: ${shown}${
          serials.length > SERIALS_SHOWN ? ` +${serials.length - SERIALS_SHOWN}` : ''
        }`,
      ),
    );
  }

  private showState(state: 'idle' | 'loading' | 'done' | 'error', text: string): void {
    byId('trace-summary').dataset.state = state;
    setText('trace-summary', text);
  }
}
