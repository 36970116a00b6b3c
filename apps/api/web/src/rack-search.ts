import { ApiFailure, type ApiClient } from './api-client.js';
import type { Page, RackDetail, RackSummary } from './api-types.js';
import { byId, el, tableHead } from './dom.js';
import { describeDisposition, historyNote, rackNotes } from './burn-in-format.js';
import { formatDuration, formatTime, stageLabel, statusLabel } from './format.js';

const DEBOUNCE_MS = 200;

/** Search by serial prefix; choosing a rack opens its timeline. */
export class RackSearch {
  private readonly input = byId<HTMLInputElement>('search');
  private readonly results = byId<HTMLUListElement>('search-results');
  private readonly dialog = byId<HTMLDialogElement>('timeline');
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inFlight: AbortController | null = null;
  private openSerial: string | null = null;

  constructor(
    private readonly api: ApiClient,
    private readonly site: string,
    private readonly timeZone: () => string,
  ) {
    this.input.addEventListener('input', () => this.schedule());
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        const first = this.results.querySelector<HTMLButtonElement>('button');
        if (first) first.click();
        else void this.open(this.input.value.trim());
      }
      if (event.key === 'Escape') this.hideResults();
    });
    this.dialog.addEventListener('close', () => {
      this.openSerial = null;
    });
  }

  /** A transition arrived: if it is the rack on show, its timeline is out of date. */
  rackChanged(serial: string): void {
    if (this.openSerial === serial) void this.open(serial);
  }

  async open(serial: string): Promise<void> {
    if (serial === '') return;
    this.hideResults();
    const body = byId('timeline-body');
    try {
      const detail = await this.api.get<RackDetail>(`/v1/racks/${encodeURIComponent(serial)}`);
      const downloadPassport = () =>
        void this.api
          .download(`/v1/racks/${encodeURIComponent(serial)}/passport`, `passport-${serial}.cdx.json`)
          .catch((error: unknown) => console.warn('passport download failed', error));
      body.replaceChildren(renderTimeline(detail, this.timeZone(), downloadPassport));
    } catch (error) {
      const message =
        error instanceof ApiFailure && error.status === 404 ? `No rack ${serial}` : `Cannot load ${serial}`;
      body.replaceChildren(el('h2', {}, serial), el('p', { class: 'error' }, message));
    }
    this.openSerial = serial;
    if (!this.dialog.open) this.dialog.showModal();
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.search(), DEBOUNCE_MS);
  }

  private async search(): Promise<void> {
    const prefix = this.input.value.trim();
    this.inFlight?.abort();
    if (prefix === '') {
      this.hideResults();
      return;
    }
    const controller = new AbortController();
    this.inFlight = controller;
    const query = new URLSearchParams({ serialPrefix: prefix, site: this.site, limit: '12' });
    try {
      const page = await this.api.get<Page<RackSummary>>(`/v1/racks?${query.toString()}`, controller.signal);
      this.showResults(page.items);
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') return;
      this.showResults(
        [],
        error instanceof ApiFailure && error.status === 400 ? 'Not a serial' : 'Search failed',
      );
    }
  }

  private showResults(racks: RackSummary[], problem?: string): void {
    const items = racks.map((rack) => {
      const button = el(
        'button',
        { type: 'button', 'data-testid': 'search-result', 'data-serial': rack.serial },
        el('strong', {}, rack.serial),
        ` ${stageLabel(rack.stage)} · ${statusLabel(rack.status)}`,
        ...rackNotes(rack).map((note) => el('small', { class: 'rack-note' }, ` · ${note}`)),
      );
      button.addEventListener('click', () => void this.open(rack.serial));
      return el('li', {}, button);
    });
    if (items.length === 0) items.push(el('li', { class: 'muted' }, problem ?? 'No rack with that serial'));
    this.results.replaceChildren(...items);
    this.results.hidden = false;
  }

  private hideResults(): void {
    this.results.hidden = true;
  }
}

/** A rack's timeline: each state it entered, when, where, and how long it stayed. */
export function renderTimeline(
  detail: RackDetail,
  timeZone: string,
  onDownloadPassport?: () => void,
): HTMLElement {
  const state = detail.state;
  const now = Date.now();
  const rows = detail.history.map((entry, index) => {
    const next = detail.history[index + 1];
    const stayed =
      (next ? Date.parse(next.occurredAt) : state?.completedAt ? Date.parse(entry.occurredAt) : now) -
      Date.parse(entry.occurredAt);
    const note = [
      historyNote(entry),
      ...detail.dispositions
        .filter((disposition) => disposition.eventId === entry.eventId)
        .map(describeDisposition),
    ]
      .filter((part) => part !== '')
      .join(' · ');
    return el(
      'tr',
      { 'data-testid': 'timeline-entry', 'data-event': entry.eventType },
      el('td', {}, formatTime(entry.occurredAt, timeZone)),
      el(
        'td',
        {},
        statusLabel(entry.eventType),
        note ? el('small', { class: 'entry-note', 'data-testid': 'timeline-note' }, ` ${note}`) : null,
      ),
      el('td', {}, `${stageLabel(entry.to.stage)} · ${statusLabel(entry.to.status)}`),
      el('td', {}, entry.stationId),
      el('td', {}, next || !state?.completedAt ? formatDuration(stayed) : ''),
    );
  });
  return el(
    'div',
    { 'data-serial': detail.serial },
    el('h2', { 'data-testid': 'timeline-serial' }, detail.serial),
    state
      ? el(
          'p',
          { class: 'timeline-state' },
          `${state.model} · now ${stageLabel(state.stage)} · ${statusLabel(state.status)} · route ${state.route.map(stageLabel).join(' → ')}`,
          state.reworkCount > 0
            ? ` · ${state.reworkCount} rework loop${state.reworkCount > 1 ? 's' : ''}`
            : '',
        )
      : el('p', { class: 'muted' }, 'Never started: every event for it was refused'),
    ...(state ? rackNotes(state) : []).map((note) =>
      el('p', { class: 'timeline-note', 'data-testid': 'timeline-rack-note' }, note),
    ),
    state?.status === 'shipped' && onDownloadPassport !== undefined
      ? passportButton(onDownloadPassport)
      : null,
    el(
      'table',
      { class: 'timeline-table' },
      tableHead('When', 'Event', 'Then', 'Station', 'Stayed'),
      el('tbody', {}, ...rows),
    ),
    detail.rejections.length > 0
      ? el(
          'div',
          { class: 'timeline-rejections' },
          el('h3', {}, `Refused events (${detail.rejections.length})`),
          el(
            'ul',
            {},
            ...detail.rejections
              .slice(-10)
              .map((rejection) =>
                el(
                  'li',
                  {},
                  `${formatTime(rejection.recordedAt, timeZone)} ${statusLabel(rejection.reason)}: ${rejection.detail}`,
                ),
              ),
          ),
        )
      : null,
  );
}

/** A shipped rack's signed passport (CycloneDX), for the buyer. */
function passportButton(onClick: () => void): HTMLElement {
  const button = el(
    'button',
    { type: 'button', class: 'passport-download', 'data-testid': 'passport-download' },
    'Download passport',
  );
  button.addEventListener('click', onClick);
  return el('p', {}, button);
}
