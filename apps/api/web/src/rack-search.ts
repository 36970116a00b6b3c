import { ApiFailure, type ApiClient } from './api-client.js';
import type { Page } from './api-types.js';
import { rackNotes } from './burn-in-format.js';
import { byId, el } from './dom.js';
import { stageLabel, statusLabel } from './format.js';
import { currentLanguage, t } from './i18n.js';
import type { RackHit, RackPageDetail } from './rack-detail-types.js';
import { rackPagePath } from './rack-format.js';
import { renderRack } from './rack-view.js';

const DEBOUNCE_MS = 200;
const SHOWN = 12;

/**
 * Search by any part of a serial, any case, in the screen's site or, when asked, in every site. The list and Enter
 * never disagree: Enter opens the first rack the list shows for what is typed (searching first if the list is not
 * there yet), and nothing when the list says there is none. A rack opens in a dialog over the line, the same view
 * as its own page, which it links to.
 */
export class RackSearch {
  private readonly input = byId<HTMLInputElement>('search');
  private readonly allSites = byId<HTMLInputElement>('search-all-sites');
  private readonly results = byId<HTMLUListElement>('search-results');
  private readonly dialog = byId<HTMLDialogElement>('timeline');
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inFlight: AbortController | null = null;
  /** The racks the list shows, and for which text and scope. */
  private shown: { key: string; racks: RackHit[] } | null = null;
  private openSerial: string | null = null;

  constructor(
    private readonly api: ApiClient,
    private readonly site: string,
    private readonly timeZone: () => string,
  ) {
    this.input.addEventListener('input', () => this.schedule());
    this.allSites.addEventListener('change', () => this.schedule(0));
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        void this.openFirst();
      }
      if (event.key === 'Escape') this.hideResults();
    });
    this.dialog.addEventListener('close', () => {
      this.openSerial = null;
    });
  }

  /** A transition arrived: if it is the rack on show, its view is out of date. */
  rackChanged(serial: string): void {
    if (this.openSerial === serial) void this.open(serial);
  }

  async open(serial: string): Promise<void> {
    if (serial === '') return;
    this.hideResults();
    const body = byId('timeline-body');
    const path = `/v1/racks/${encodeURIComponent(serial)}`;
    try {
      const detail = await this.api.get<RackPageDetail>(path);
      const lang = new URLSearchParams(window.location.search).has('lang') ? currentLanguage() : null;
      body.replaceChildren(
        renderRack(detail, {
          fallbackTimeZone: this.timeZone(),
          pageHref: rackPagePath(serial, lang),
          onDownloadPassport: () =>
            void this.api
              .download(detail.passport?.href ?? `${path}/passport`, `passport-${serial}.cdx.json`)
              .catch((error: unknown) => console.warn('passport download failed', error)),
        }),
      );
    } catch (error) {
      const key = error instanceof ApiFailure && error.status === 404 ? 'rack.notFound' : 'rack.loadFailed';
      body.replaceChildren(el('h2', {}, serial), el('p', { class: 'error' }, t(key, { serial })));
    }
    this.openSerial = serial;
    if (!this.dialog.open) this.dialog.showModal();
  }

  private key(): string {
    return `${this.allSites.checked ? '*' : this.site}\u0000${this.input.value.trim()}`;
  }

  /** Enter: the first rack of the list for exactly what is typed now, searched first when the list is behind. */
  private async openFirst(): Promise<void> {
    if (this.input.value.trim() === '') return;
    if (this.shown?.key !== this.key()) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      await this.search();
    }
    const first = this.shown?.key === this.key() ? this.shown.racks[0] : undefined;
    if (first !== undefined) void this.open(first.serial);
  }

  private schedule(delay = DEBOUNCE_MS): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.search();
    }, delay);
  }

  private async search(): Promise<void> {
    const typed = this.input.value.trim();
    const key = this.key();
    this.inFlight?.abort();
    if (typed === '') {
      this.shown = null;
      this.hideResults();
      return;
    }
    const controller = new AbortController();
    this.inFlight = controller;
    const query = new URLSearchParams({ q: typed, limit: String(SHOWN) });
    if (!this.allSites.checked) query.set('site', this.site);
    try {
      const page = await this.api.get<Page<RackHit>>(`/v1/racks?${query.toString()}`, controller.signal);
      if (this.inFlight !== controller) return;
      this.shown = { key, racks: page.items };
      this.showResults(page.items);
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') return;
      this.shown = { key, racks: [] };
      this.showResults(
        [],
        error instanceof ApiFailure && error.status === 400 ? t('search.invalid') : t('search.failed'),
      );
    }
  }

  private showResults(racks: RackHit[], problem?: string): void {
    const everywhere = this.allSites.checked;
    const items = racks.map((rack) => {
      const button = el(
        'button',
        {
          type: 'button',
          'data-testid': 'search-result',
          'data-serial': rack.serial,
          'data-site': rack.siteId,
        },
        el('strong', {}, rack.serial),
        ` ${stageLabel(rack.stage)} · ${statusLabel(rack.status)}`,
        el(
          'small',
          { class: everywhere || rack.siteId !== this.site ? 'rack-site other' : 'rack-site' },
          ` · ${rack.siteId}`,
        ),
        ...rackNotes(rack).map((note) => el('small', { class: 'rack-note' }, ` · ${note}`)),
      );
      button.addEventListener('click', () => void this.open(rack.serial));
      return el('li', {}, button);
    });
    if (items.length === 0)
      items.push(
        el(
          'li',
          { class: 'muted', 'data-testid': 'search-empty' },
          problem ?? t(everywhere ? 'search.noneAnywhere' : 'search.noneHere', { site: this.site }),
        ),
      );
    this.results.replaceChildren(...items);
    this.results.hidden = false;
  }

  private hideResults(): void {
    this.results.hidden = true;
  }
}
