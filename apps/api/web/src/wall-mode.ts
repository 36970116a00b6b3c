import { byId } from './dom.js';
import { t } from './i18n.js';

// The wall screen: `?wall=1` lays the page out as a few screens that each fit 1920×1080 without scrolling, and
// turns through them (`?rotate=30s` sets the pace, and alone also means wall mode; `?page=2` holds one page).

export const WALL_PAGES = 3;
const DEFAULT_ROTATE_MS = 30_000;
const MIN_ROTATE_MS = 5_000;

export interface WallSettings {
  /** 1-based page to hold, or null to rotate. */
  page: number | null;
  rotateMs: number;
}

/** `30s`, `2m`, `45` (seconds); null if it is not a duration. */
export function parseRotation(value: string): number | null {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m)?$/i.exec(value.trim());
  if (!match) return null;
  const amount = Number(match[1]);
  const unit = (match[2] ?? 's').toLowerCase();
  const ms = unit === 'ms' ? amount : unit === 'm' ? amount * 60_000 : amount * 1000;
  return Number.isFinite(ms) && ms > 0 ? Math.max(MIN_ROTATE_MS, ms) : null;
}

/** Wall mode from the address, or null for the ordinary scrolling page. */
export function wallSettings(query: URLSearchParams): WallSettings | null {
  const wall = query.get('wall');
  const rotate = query.get('rotate');
  if ((wall === null || wall === '0' || wall === 'false') && rotate === null) return null;
  const page = Number(query.get('page'));
  return {
    page: Number.isInteger(page) && page >= 1 && page <= WALL_PAGES ? page : null,
    rotateMs: (rotate === null ? null : parseRotation(rotate)) ?? DEFAULT_ROTATE_MS,
  };
}

export function startWallMode(query: URLSearchParams): void {
  const settings = wallSettings(query);
  if (!settings) return;
  document.body.dataset.wall = 'true';
  const indicator = byId('wall-page');
  let page = settings.page ?? 1;
  const show = () => {
    document.body.dataset.wallPage = String(page);
    indicator.hidden = false;
    indicator.textContent = t('wall.page', { page, pages: WALL_PAGES });
  };
  show();
  if (settings.page !== null) return;
  setInterval(() => {
    page = (page % WALL_PAGES) + 1;
    show();
  }, settings.rotateMs);
}
