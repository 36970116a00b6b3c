import { ApiFailure, type ApiClient } from './api-client.js';
import type { Transition } from './api-types.js';
import { byId, el } from './dom.js';
import { currentLanguage, t } from './i18n.js';
import { LiveConnection } from './live-connection.js';
import type { RackPageDetail } from './rack-detail-types.js';
import { renderRack } from './rack-view.js';

/** The `?lang=` to carry over to another page, if the reader chose one. */
function chosenLang(): string | null {
  return new URLSearchParams(window.location.search).has('lang') ? currentLanguage() : null;
}

/**
 * A rack's own page, `/racks/{serial}`: the address can be shared (with `?lang=`), and the page follows the rack
 * live, so a passport appears the moment it ships. It stands in for the whole dashboard on that address.
 */
export class RackPage {
  private readonly body = el('div', { class: 'rack-page-body', 'data-testid': 'rack-page-body' });
  private live: LiveConnection | null = null;
  private loading: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly api: ApiClient,
    private readonly serial: string,
  ) {}

  start(): void {
    document.body.dataset.view = 'rack';
    document.title = t('rack.pageTitle', { serial: this.serial });
    const lang = chosenLang();
    const back = el(
      'a',
      {
        class: 'rack-back',
        href: lang === null ? '/' : `/?lang=${encodeURIComponent(lang)}`,
        'data-testid': 'rack-back',
      },
      t('rack.backToLine'),
    );
    // The language picker moves along: it reloads this same address in another language.
    const picker = document.querySelector('.language-picker');
    byId('app').replaceChildren(
      el('header', { class: 'top rack-top' }, el('h1', {}, t('common.appName')), back, picker),
      el('main', { class: 'rack-page', 'data-testid': 'rack-page' }, this.body),
    );
    void this.reload();
  }

  /** Loads the rack again; a reload asked for while one is under way runs once it is done. */
  private reload(): Promise<void> {
    if (this.loading !== null) {
      this.again = true;
      return this.loading;
    }
    this.loading = this.load().finally(() => {
      this.loading = null;
      if (this.again) {
        this.again = false;
        void this.reload();
      }
    });
    return this.loading;
  }

  private async load(): Promise<void> {
    const path = `/v1/racks/${encodeURIComponent(this.serial)}`;
    try {
      const detail = await this.api.get<RackPageDetail>(path);
      this.body.replaceChildren(
        renderRack(detail, {
          fallbackTimeZone: 'UTC',
          onDownloadPassport: () =>
            void this.api
              .download(detail.passport?.href ?? `${path}/passport`, `passport-${this.serial}.cdx.json`)
              .catch((error: unknown) => console.warn('passport download failed', error)),
        }),
      );
      document.body.dataset.rackLoaded = this.serial;
      if (detail.state !== null) this.follow(detail.state.siteId);
    } catch (error) {
      const notFound = error instanceof ApiFailure && error.status === 404;
      this.body.replaceChildren(
        el('h2', { 'data-testid': 'timeline-serial' }, this.serial),
        el(
          'p',
          { class: 'error', 'data-testid': 'rack-error' },
          t(notFound ? 'rack.notFound' : 'rack.loadFailed', { serial: this.serial }),
        ),
      );
      if (!notFound) console.warn('rack page load failed', error);
    }
  }

  /** The rack's site stream: any step of this rack redraws the page. */
  private follow(site: string): void {
    if (this.live !== null) return;
    this.live = new LiveConnection(this.api.streamUrl(site), {
      state: (state) => {
        document.body.dataset.liveState = state;
        if (state === 'unauthorized') this.live?.stop();
      },
      event: (name, data) => {
        if (name === 'transition' && (data as Transition).rackSerial === this.serial) void this.reload();
        if (name === 'resync') void this.reload();
      },
      tokenStillValid: async () => {
        try {
          await this.api.get('/v1/sites');
          return true;
        } catch (error) {
          return !(error instanceof ApiFailure && (error.status === 401 || error.status === 403));
        }
      },
    });
    this.live.start();
  }
}
