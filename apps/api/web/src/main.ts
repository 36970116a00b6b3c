import './styles.css';
import { ApiClient, ApiFailure } from './api-client.js';
import { AndonBanner } from './andon.js';
import type { LiveAlerts, Performance, Transition, Wip } from './api-types.js';
import { BurnInPanel } from './burn-in-board.js';
import { BurnUpChart } from './burn-up-chart.js';
import { byId, el } from './dom.js';
import { FailurePareto } from './failure-pareto.js';
import { HandoverPanel } from './handover.js';
import { HoldReasons } from './hold-reasons.js';
import { addToTicker, refreshAges, renderFlow, renderQuality, renderStuck } from './line-view.js';
import {
  chooseLanguage,
  currentLanguage,
  LANGUAGE_NAMES,
  LANGUAGES,
  t,
  translatePage,
  useLanguage,
} from './i18n.js';
import { LiveConnection, type LiveEventName, type LiveState } from './live-connection.js';
import { rackSerialOfPath } from './rack-format.js';
import { RackPage } from './rack-page.js';
import { RackSearch } from './rack-search.js';
import { SourcingPanel } from './sourcing-panel.js';
import { SupplierQualityPanel } from './supplier-quality.js';
import { TraceSearch } from './trace-search.js';
import {
  forgetToken,
  storedSite,
  storedToken,
  storeSite,
  storeToken,
  takeTokenFromLocation,
} from './token-store.js';
import type { PlanProgress as Progress } from './shift-plan.js';
import { TrustBar } from './trust-bar.js';
import { startWallMode } from './wall-mode.js';
import { renderKpis, renderToday } from './week-view.js';

const SLOW_REFRESH_MS = 60_000;
const AGE_TICK_MS = 10_000;
// After a burst of transitions, yield and cycle time are worth a fresh look, but not more often than this.
const PERFORMANCE_AFTER_TRANSITIONS_MS = 10_000;
// A hand-over and the held racks' reasons follow transitions, at most this often.
const SHIFT_DETAIL_AFTER_TRANSITIONS_MS = 5_000;
const RECENT_TRANSITIONS = 12;

/** One site's wall screen: everything on it comes from the stream, plus a slow poll for the heavier figures. */
class Dashboard {
  private progress: Progress | null = null;
  private wip: Wip | null = null;
  private readonly chart = new BurnUpChart(byId('burnup-chart'));
  private readonly search: RackSearch;
  private readonly trace: TraceSearch;
  private readonly pareto: FailurePareto;
  private readonly burnIn: BurnInPanel;
  private readonly suppliers: SupplierQualityPanel;
  private readonly sourcing: SourcingPanel;
  private readonly live: LiveConnection;
  private readonly trust: TrustBar;
  private readonly andon: AndonBanner;
  private readonly handover: HandoverPanel;
  private readonly holds: HoldReasons;
  private performanceTimer: ReturnType<typeof setTimeout> | null = null;
  private shiftDetailTimer: ReturnType<typeof setTimeout> | null = null;
  private readyMarked = false;

  constructor(
    private readonly api: ApiClient,
    private readonly site: string,
    private readonly siteTimeZone: string | null,
  ) {
    this.trust = new TrustBar(siteTimeZone ?? 'UTC');
    this.andon = new AndonBanner(api, () => this.timeZone());
    this.handover = new HandoverPanel(api, site, () => this.timeZone());
    this.holds = new HoldReasons(api, site);
    this.search = new RackSearch(api, site, () => this.timeZone());
    this.trace = new TraceSearch(api, site, this.openRack);
    this.pareto = new FailurePareto(api, site, (fields) => this.trace.trace(fields));
    this.burnIn = new BurnInPanel(api, site, this.openRack);
    this.suppliers = new SupplierQualityPanel(api, site);
    this.sourcing = new SourcingPanel(api, site);
    this.live = new LiveConnection(api.streamUrl(site), {
      state: (state) => this.showLiveState(state),
      event: (name, data) => this.onLiveEvent(name, data),
      tokenStillValid: async () => {
        try {
          await this.api.get('/v1/sites');
          return true;
        } catch (error) {
          return !(error instanceof ApiFailure && (error.status === 401 || error.status === 403));
        }
      },
    });
  }

  start(): void {
    const name = byId('site-name');
    name.textContent = `· ${this.site}`;
    name.title = this.site;
    this.live.start();
    // The stream sends the same on connect; whichever comes first shows first, and the newer one wins.
    void this.loadSlow(true);
    void this.loadRecentTransitions();
    setInterval(() => void this.loadSlow(false), SLOW_REFRESH_MS);
    setInterval(() => {
      const now = new Date();
      refreshAges(now);
      if (this.progress) renderToday(this.progress, now);
    }, AGE_TICK_MS);
  }

  private timeZone(): string {
    return this.siteTimeZone ?? this.progress?.week.timeZone ?? 'UTC';
  }

  /** "Just now" starts with what happened just before the page opened, not empty. */
  private async loadRecentTransitions(): Promise<void> {
    try {
      const recent = await this.api.get<{ items: Transition[] }>(
        `/v1/sites/${encodeURIComponent(this.site)}/transitions?limit=${RECENT_TRANSITIONS}`,
      );
      for (const transition of recent.items) addToTicker(transition, this.timeZone(), this.openRack);
    } catch (error) {
      console.warn('recent transitions could not be loaded', error);
    }
  }

  private scheduleShiftDetail(): void {
    if (this.shiftDetailTimer) return;
    this.shiftDetailTimer = setTimeout(() => {
      this.shiftDetailTimer = null;
      void this.refreshShiftDetail();
    }, SHIFT_DETAIL_AFTER_TRANSITIONS_MS);
  }

  private async refreshShiftDetail(): Promise<void> {
    const [holds] = await Promise.allSettled([this.holds.refresh(), this.handover.refresh()]);
    if (holds.status === 'fulfilled' && holds.value && this.wip) this.renderWip(this.wip);
    if (holds.status === 'rejected') console.warn('held racks refresh failed', holds.reason);
  }

  private readonly openRack = (serial: string) => void this.search.open(serial);

  private onLiveEvent(name: LiveEventName, data: unknown): void {
    this.trust.heard(name, data);
    switch (name) {
      case 'progress':
        this.showProgress(data as Progress);
        break;
      case 'wip':
        this.showWip(data as Wip);
        break;
      case 'alerts':
        this.andon.show(data as LiveAlerts);
        this.scheduleShiftDetail();
        break;
      case 'transition': {
        const transition = data as Transition;
        addToTicker(transition, this.timeZone(), this.openRack);
        this.search.rackChanged(transition.rackSerial);
        this.trace.rackChanged(transition);
        // An engineering hold goes straight to on_hold: the event, not the status, says it failed.
        if (transition.eventType === 'failed' || transition.eventType === 'component_removed') {
          this.pareto.failureSeen();
          this.suppliers.failureSeen();
        }
        this.burnIn.transitionSeen();
        this.schedulePerformance();
        this.scheduleShiftDetail();
        break;
      }
      case 'resync':
        // What was missed is gone from the server's buffer; the snapshot that follows replaces it.
        byId('ticker').replaceChildren();
        void this.loadSlow(false);
        break;
      case 'hello':
      case 'keepalive':
        break;
    }
  }

  private showProgress(progress: Progress): void {
    if (this.progress && progress.generatedAt < this.progress.generatedAt) return;
    this.progress = progress;
    if (this.siteTimeZone === null) this.trust.useTimeZone(progress.week.timeZone);
    renderKpis(progress);
    renderToday(progress, new Date());
    this.chart.update(progress);
    // The Pareto's default window is this week; it loads once the week is known.
    this.pareto.weekKnown(progress.week);
    this.markReady();
  }

  private showWip(wip: Wip): void {
    if (this.wip && wip.generatedAt < this.wip.generatedAt) return;
    this.wip = wip;
    this.renderWip(wip);
  }

  private renderWip(wip: Wip): void {
    const reasonOf = (serial: string) => this.holds.reasonOf(serial);
    renderFlow(wip, new Date(), this.openRack, reasonOf);
    renderStuck(wip, this.openRack, reasonOf);
  }

  private async loadSlow(includeProgress: boolean): Promise<void> {
    const base = `/v1/sites/${encodeURIComponent(this.site)}`;
    const work: Promise<void>[] = [
      this.api.get<Performance>(`${base}/performance?windowHours=24`).then(renderQuality),
      this.api.get<Wip>(`${base}/wip`).then((wip) => this.showWip(wip)),
      this.burnIn.refresh(),
      this.suppliers.refresh(),
      this.sourcing.refresh(),
      this.refreshShiftDetail(),
    ];
    // The first Pareto waits for the week from the progress figures; later polls refresh it with the rest.
    if (!includeProgress) work.push(this.pareto.refresh());
    if (includeProgress)
      work.push(this.api.get<Progress>(`${base}/progress`).then((progress) => this.showProgress(progress)));
    const results = await Promise.allSettled(work);
    for (const result of results) {
      if (result.status === 'rejected') console.warn('dashboard refresh failed', result.reason);
    }
  }

  private schedulePerformance(): void {
    if (this.performanceTimer) return;
    this.performanceTimer = setTimeout(() => {
      this.performanceTimer = null;
      this.api
        .get<Performance>(`/v1/sites/${encodeURIComponent(this.site)}/performance?windowHours=24`)
        .then(renderQuality)
        .catch((error: unknown) => console.warn('performance refresh failed', error));
    }, PERFORMANCE_AFTER_TRANSITIONS_MS);
  }

  private showLiveState(state: LiveState): void {
    this.trust.stateChanged(state);
    if (state === 'unauthorized') {
      this.live.stop();
      forgetToken();
      void askForToken(t('header.login.revoked')).then(() => window.location.reload());
    }
  }

  /** For the browser test and for anyone profiling the page: when the week's numbers first showed. */
  private markReady(): void {
    if (this.readyMarked) return;
    this.readyMarked = true;
    performance.mark('dashboard-ready');
    document.body.dataset.readyMs = String(Math.round(performance.now()));
  }
}

/** Shows the token dialog until a token the API accepts is entered; keeps it in localStorage. */
function askForToken(problem?: string): Promise<string> {
  const dialog = byId<HTMLDialogElement>('login');
  const form = byId<HTMLFormElement>('login-form');
  const input = byId<HTMLInputElement>('login-token');
  const error = byId('login-error');
  error.textContent = problem ?? '';
  return new Promise((resolve) => {
    const attempt = async () => {
      const token = input.value.trim();
      try {
        await new ApiClient(token).get('/v1/sites');
      } catch (failure) {
        error.textContent =
          failure instanceof ApiFailure && (failure.status === 401 || failure.status === 403)
            ? t('header.login.rejected')
            : t('header.login.unreachable');
        return;
      }
      storeToken(token);
      form.removeEventListener('submit', submit);
      dialog.close();
      resolve(token);
    };
    const submit = (event: SubmitEvent) => {
      event.preventDefault();
      void attempt();
    };
    form.addEventListener('submit', submit);
    // A wall screen cannot proceed without a token: Escape must not dismiss the dialog.
    dialog.addEventListener('cancel', (event) => event.preventDefault());
    if (!dialog.open) dialog.showModal();
    input.focus();
  });
}

interface SitesAnswer {
  items: { siteId: string; archived?: boolean; timeZone?: string }[];
  defaultSiteId?: string | null;
}

/** The site asked for (`?site=`, else the one chosen before) if it is listed, else the api's default, else the first. */
function chooseSite(siteIds: readonly string[], wanted: string | null, defaultSiteId: string | null): string {
  if (wanted !== null && siteIds.includes(wanted)) return wanted;
  if (defaultSiteId !== null && siteIds.includes(defaultSiteId)) return defaultSiteId;
  return siteIds[0];
}

/** Reloads the page with some query parameters changed, keeping the others (`lang`, `wall`, `rotate`…). */
function navigateWith(changes: Record<string, string>): void {
  const query = new URLSearchParams(window.location.search);
  for (const [name, value] of Object.entries(changes)) query.set(name, value);
  window.location.search = `?${query.toString()}`;
}

/** The language from `?lang=` or the browser; the picker reloads the page in another one, keeping the rest. */
function setUpLanguage(): void {
  useLanguage(chooseLanguage(new URLSearchParams(window.location.search).get('lang'), navigator.languages));
  translatePage();
  const select = byId<HTMLSelectElement>('lang-select');
  select.replaceChildren(
    ...LANGUAGES.map((language) =>
      el(
        'option',
        language === currentLanguage()
          ? { value: language, selected: '', lang: language }
          : { value: language, lang: language },
        LANGUAGE_NAMES[language],
      ),
    ),
  );
  select.addEventListener('change', () => navigateWith({ lang: select.value }));
}

async function boot(): Promise<void> {
  setUpLanguage();
  takeTokenFromLocation();
  let token = storedToken() ?? (await askForToken());
  let sites: SitesAnswer = { items: [], defaultSiteId: null };
  for (;;) {
    try {
      sites = await new ApiClient(token).get<SitesAnswer>('/v1/sites');
      break;
    } catch (failure) {
      if (failure instanceof ApiFailure && (failure.status === 401 || failure.status === 403)) {
        forgetToken();
        token = await askForToken(t('header.login.storedRejected'));
      } else {
        byId('live-status').textContent = t('header.live.unreachable');
        await new Promise((resolve) => setTimeout(resolve, 3000));
      }
    }
  }
  // A rack's own page, /racks/{serial}, stands in for the whole dashboard once the token is known to work.
  const rackSerial = rackSerialOfPath(window.location.pathname);
  if (rackSerial !== null) {
    new RackPage(new ApiClient(token), rackSerial).start();
    return;
  }
  // Archived sites are left out by the api; an older api may still list them with the flag.
  const siteIds = sites.items.filter((item) => item.archived !== true).map((item) => item.siteId);
  if (siteIds.length === 0) {
    byId('app').append(el('p', { class: 'empty-state' }, t('header.noSites')));
    return;
  }
  const site = chooseSite(siteIds, storedSite(), sites.defaultSiteId ?? null);
  storeSite(site);
  if (siteIds.length > 1) {
    const select = byId<HTMLSelectElement>('site-select');
    select.replaceChildren(
      ...siteIds.map((id) => el('option', id === site ? { value: id, selected: '' } : { value: id }, id)),
    );
    select.addEventListener('change', () => {
      storeSite(select.value);
      navigateWith({ site: select.value });
    });
    (select.parentElement as HTMLElement).hidden = false;
  }
  const timeZone = sites.items.find((item) => item.siteId === site)?.timeZone ?? null;
  startWallMode(new URLSearchParams(window.location.search));
  new Dashboard(new ApiClient(token), site, timeZone).start();
}

void boot();
