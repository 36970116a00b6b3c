import { ApiFailure, type ApiClient } from './api-client.js';
import { SLOT_STATES, type BurnInBoard, type BurnInCell, type BurnInSlot } from './api-types.js';
import {
  SLOT_LABELS,
  capacityBasis,
  capacityVerdict,
  describeForecast,
  describeQueue,
  formatPower,
  formatUtilisation,
  hasBurnIn,
  slotDetail,
} from './burn-in-format.js';
import { byId, el } from './dom.js';
import { stageLabel } from './format.js';

// Positions change only when a rack starts, passes, fails or is held: a burst of transitions is worth one look.
const AFTER_TRANSITIONS_MS = 3_000;

/**
 * The burn-in board, read from across the room: each cell's positions coloured by state, the capacity verdict
 * in big type, the queue, utilisation, power and the week's projection. The stream carries no board, so it is
 * fetched with the slow poll and again shortly after transitions. A site without burn-in hides the panel.
 */
export class BurnInPanel {
  private readonly panel = byId('burn-in');
  private timer: ReturnType<typeof setTimeout> | null = null;
  private latest: string | null = null;

  constructor(
    private readonly api: ApiClient,
    private readonly site: string,
    private readonly onRack: (serial: string) => void,
  ) {}

  async refresh(): Promise<void> {
    let board: BurnInBoard | null;
    try {
      board = await this.api.get<BurnInBoard>(`/v1/sites/${encodeURIComponent(this.site)}/burn-in`);
    } catch (error) {
      if (!(error instanceof ApiFailure && error.status === 404)) throw error;
      board = null;
    }
    if (board !== null && this.latest !== null && board.generatedAt < this.latest) return;
    this.latest = board?.generatedAt ?? this.latest;
    this.show(board);
  }

  transitionSeen(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.refresh().catch((error: unknown) => console.warn('burn-in refresh failed', error));
    }, AFTER_TRANSITIONS_MS);
  }

  private show(board: BurnInBoard | null): void {
    const present = hasBurnIn(board);
    this.panel.hidden = !present;
    this.panel.dataset.state = present ? 'board' : 'none';
    if (!present) return;
    const verdict = capacityVerdict(board.capacity);
    const forecast = describeForecast(board.forecast);
    byId('burn-in-stage').textContent = board.stage === null ? '' : `positions at ${stageLabel(board.stage)}`;
    const box = byId('burn-in-verdict');
    box.dataset.state = verdict.state;
    box.replaceChildren(
      el('span', { class: 'verdict-text', 'data-testid': 'burn-in-verdict-text' }, verdict.text),
      el('span', { class: 'verdict-detail' }, capacityBasis(board.capacity)),
    );
    byId('burn-in-figures').replaceChildren(
      figure('Utilisation', formatUtilisation(board.utilisation), 'burn-in-utilisation'),
      figure('Power', formatPower(board.powerKw), 'burn-in-power'),
      figure('Projected', forecast.figure, 'burn-in-projected', forecast.method, board.forecast.explanation),
      this.queue(board),
    );
    byId('burn-in-legend').replaceChildren(
      ...SLOT_STATES.map((state) =>
        el(
          'li',
          { 'data-state': state, 'data-testid': `burn-in-total-${state}` },
          `${board.totals[state]} ${SLOT_LABELS[state]}`,
        ),
      ),
    );
    const now = new Date(board.generatedAt);
    byId('burn-in-cells').replaceChildren(
      ...(board.cells.length > 0
        ? board.cells.map((cell) => this.cell(cell, now))
        : [el('p', { class: 'muted' }, 'No burn-in cells registered at this site')]),
    );
  }

  private queue(board: BurnInBoard): HTMLElement {
    const { queue } = board;
    const oldest = queue.oldestSerial;
    const button =
      oldest === null
        ? null
        : el('button', { class: 'link', type: 'button', 'data-serial': oldest }, 'open oldest');
    button?.addEventListener('click', () => this.onRack(oldest!));
    return el(
      'div',
      { class: 'burn-in-figure', 'data-testid': 'burn-in-queue' },
      el('span', { class: 'kpi-label' }, 'Queue'),
      el('span', { class: 'burn-in-figure-value' }, String(queue.count)),
      el('span', { class: 'burn-in-figure-detail' }, describeQueue(queue), button ? ' · ' : '', button),
    );
  }

  private cell(cell: BurnInCell, now: Date): HTMLElement {
    return el(
      'div',
      { class: 'burn-in-cell', 'data-testid': 'burn-in-cell', 'data-cell': cell.cellId },
      el(
        'h3',
        {},
        cell.cellId,
        el('small', {}, ` ${cell.positions} positions · ${formatPower(cell.kwPerPosition)} each`),
      ),
      el('ol', { class: 'burn-in-slots' }, ...cell.slots.map((slot) => this.slot(cell, slot, now))),
    );
  }

  private slot(cell: BurnInCell, slot: BurnInSlot, now: Date): HTMLElement {
    const detail = slotDetail(slot, now);
    const serial = slot.rackSerial;
    const attributes: Record<string, string> = {
      class: 'burn-in-slot',
      'data-testid': 'burn-in-slot',
      'data-cell': cell.cellId,
      'data-position': String(slot.position),
      'data-state': slot.state,
      title: `${cell.cellId} #${slot.position}${serial ? ` ${serial}` : ''}: ${detail}`,
    };
    if (serial !== null) attributes['data-serial'] = serial;
    const body = [
      el('span', { class: 'slot-position' }, String(slot.position)),
      serial === null ? null : el('span', { class: 'slot-serial' }, serial),
      el('span', { class: 'slot-detail', 'data-testid': 'burn-in-slot-detail' }, detail),
    ];
    if (serial === null) return el('li', attributes, ...body);
    const button = el('button', { type: 'button' }, ...body);
    button.addEventListener('click', () => this.onRack(serial));
    return el('li', attributes, button);
  }
}

function figure(label: string, value: string, testId: string, detail = '', title = ''): HTMLElement {
  return el(
    'div',
    { class: 'burn-in-figure', 'data-testid': testId, title },
    el('span', { class: 'kpi-label' }, label),
    el('span', { class: 'burn-in-figure-value', title: value }, value),
    detail ? el('span', { class: 'burn-in-figure-detail' }, detail) : null,
  );
}
