// Pure helpers for the rack page, the search and the sourcing panel: no DOM, so they are unit-tested.
import type { ComponentNode, CountryShare, RackMeasurement, TimeInState } from './rack-detail-types.js';

/** A zone the browser does not know would make every Intl call throw: such a page shows UTC, and says so. */
export function usableTimeZone(timeZone: string | null | undefined): string {
  if (!timeZone) return 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return timeZone;
  } catch {
    return 'UTC';
  }
}

export type LimitVerdict = 'within' | 'out' | 'unknown';

/**
 * Whether a measurement was inside its limits: as the api says; from the limits themselves (inclusive) only when
 * it gave no verdict.
 */
export function limitVerdict(
  measurement: Pick<RackMeasurement, 'value' | 'low' | 'high'> & { withinLimits?: boolean | null },
): LimitVerdict {
  if (measurement.withinLimits === true) return 'within';
  if (measurement.withinLimits === false) return 'out';
  if (measurement.low === null && measurement.high === null) return 'unknown';
  const low = measurement.low ?? -Infinity;
  const high = measurement.high ?? Infinity;
  return measurement.value >= low && measurement.value <= high ? 'within' : 'out';
}

/** `10 – 20`, `≤ 85`, `≥ 0.5`, or '' without limits; numbers in the reader's locale. */
export function formatLimits(low: number | null, high: number | null, locale: string): string {
  const number = (value: number) => value.toLocaleString(locale, { maximumFractionDigits: 3 });
  if (low !== null && high !== null) return `${number(low)} – ${number(high)}`;
  if (high !== null) return `≤ ${number(high)}`;
  if (low !== null) return `≥ ${number(low)}`;
  return '';
}

export function formatMeasured(measurement: Pick<RackMeasurement, 'value' | 'unit'>, locale: string): string {
  const value = measurement.value.toLocaleString(locale, { maximumFractionDigits: 3 });
  return measurement.unit === '' ? value : `${value} ${measurement.unit}`;
}

/** The part a failure names, wherever it sits in the as-built tree (a GPU is seated in a tray). */
export function findComponent(tree: readonly ComponentNode[], serial: string): ComponentNode | null {
  for (const node of tree) {
    if (node.serial === serial) return node;
    const inside = findComponent(node.children, serial);
    if (inside !== null) return inside;
  }
  return null;
}

/** Every part in the tree, at any depth. */
export function countComponents(tree: readonly ComponentNode[]): number {
  return tree.reduce((sum, node) => sum + 1 + countComponents(node.children), 0);
}

/** Longest first: where the rack's time went. */
export function byTimeSpent(states: readonly TimeInState[]): TimeInState[] {
  return [...states].sort((a, b) => b.seconds - a.seconds);
}

/** Shares as whole per cents that add up to 100 (largest remainder), so the panel never reads 99 % or 101 %. */
export function wholePercents(shares: readonly Pick<CountryShare, 'parts'>[]): number[] {
  const total = shares.reduce((sum, share) => sum + share.parts, 0);
  if (total === 0) return shares.map(() => 0);
  const exact = shares.map((share) => (share.parts * 100) / total);
  const floors = exact.map(Math.floor);
  let left = 100 - floors.reduce((sum, value) => sum + value, 0);
  const order = exact
    .map((value, index) => ({ index, remainder: value - Math.floor(value) }))
    .sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of order) {
    if (left === 0) break;
    floors[index] += 1;
    left -= 1;
  }
  return floors;
}

/** A country's name in the reader's language (`TW` → `Taiwan`, `台湾`), or the code when the browser has none. */
export function countryName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'region' }).of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/** The rack a `/racks/{serial}` address names, or null on any other page. */
export function rackSerialOfPath(pathname: string): string | null {
  const match = /^\/racks\/([^/]+)\/?$/.exec(pathname);
  if (match === null) return null;
  try {
    const serial = decodeURIComponent(match[1]);
    return serial.trim() === '' ? null : serial;
  } catch {
    return null;
  }
}

/** The address of a rack's page, keeping the language the reader chose. */
export function rackPagePath(serial: string, lang: string | null): string {
  const path = `/racks/${encodeURIComponent(serial)}`;
  return lang === null ? path : `${path}?lang=${encodeURIComponent(lang)}`;
}
