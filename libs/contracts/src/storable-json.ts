/*
 * What PostgreSQL can store, said once for every boundary (HTTP bodies and parameters, consumed messages).
 * Its text and jsonb types refuse U+0000 outright, and refuse a UTF-16 surrogate that is not half of a pair
 * (jsonb answers 22P02 "Unicode low surrogate must follow a high surrogate"). JavaScript strings hold both
 * happily: JSON.parse turns the escapes "\u0000" and "\ud800" into them. A value with either, once accepted,
 * fails every write that carries it, so it must be refused where it comes in.
 * Numbers: JSON.parse reads a number beyond double precision (1e400) as Infinity, which neither double
 * precision, numeric nor jsonb can hold as the value that was sent (JSON.stringify would quietly write null).
 */

// With the u flag a well-formed pair is one astral code point; only a lone half is in the Cs category.
const LONE_SURROGATE = /\p{Cs}/u;
const NUL = '\u0000';

function hex(codeUnit: number): string {
  return codeUnit.toString(16).toUpperCase().padStart(4, '0');
}

/** Why PostgreSQL cannot store this text (as text or inside jsonb), or null when it can. */
export function unstorableTextReason(text: string): string | null {
  if (text.includes(NUL)) return 'contains U+0000 (NUL), which cannot be stored';
  const lone = LONE_SURROGATE.exec(text);
  if (lone !== null)
    return `contains a lone UTF-16 surrogate (U+${hex(lone[0].charCodeAt(0))}), which cannot be stored`;
  return null;
}

export function isStorableText(text: string): boolean {
  return unstorableTextReason(text) === null;
}

/** Why PostgreSQL cannot hold this number as it was sent, or null when it can. */
export function unstorableNumberReason(value: number): string | null {
  if (Number.isFinite(value)) return null;
  return Number.isNaN(value)
    ? 'is not a number, which cannot be stored'
    : 'is beyond the range of a double-precision number (it reads as Infinity), which cannot be stored';
}

/**
 * A key as it can be shown in a path: NUL and lone surrogates written as `\uXXXX`, so that the answer that
 * names the path is itself storable and readable.
 */
export function printableKey(key: string): string {
  if (unstorableTextReason(key) === null) return key;
  let printable = '';
  for (let index = 0; index < key.length; index += 1) {
    const unit = key.charCodeAt(index);
    const isHigh = unit >= 0xd800 && unit <= 0xdbff;
    const next = key.charCodeAt(index + 1);
    if (isHigh && next >= 0xdc00 && next <= 0xdfff) {
      printable += key.slice(index, index + 2);
      index += 1;
    } else if (unit === 0 || (unit >= 0xd800 && unit <= 0xdfff)) {
      printable += `\\u${hex(unit)}`;
    } else {
      printable += key[index];
    }
  }
  return printable;
}

export interface UnstorableValue {
  /** Dotted, as a client would find it (`event.details.note`); '' for the value itself. */
  path: string;
  reason: string;
}

/** Why this leaf cannot be stored, or null. Objects and arrays are not leaves. */
function leafReason(value: unknown): string | null {
  if (typeof value === 'string') return unstorableTextReason(value);
  if (typeof value === 'number') return unstorableNumberReason(value);
  return null;
}

interface Visit {
  value: unknown;
  path: string;
  /** Why the key this value sits under cannot be stored; what it holds is then not looked at. */
  keyReason: string | null;
}

/**
 * Every key, string and number in a parsed JSON value that PostgreSQL could not store, in document order,
 * at most `limit` of them. Iterative, so no nesting can overflow it.
 */
export function findUnstorableValues(value: unknown, limit = 20): UnstorableValue[] {
  const found: UnstorableValue[] = [];
  const stack: Visit[] = [{ value, path: '', keyReason: null }];
  while (stack.length > 0 && found.length < limit) {
    const visit = stack.pop()!;
    const reason = visit.keyReason ?? leafReason(visit.value);
    if (reason !== null) {
      found.push({ path: visit.path, reason });
      continue;
    }
    if (visit.value === null || typeof visit.value !== 'object') continue;
    const children = Object.entries(visit.value);
    // Last to first, so that they come off the stack first to last.
    for (let index = children.length - 1; index >= 0; index -= 1) {
      const [key, child] = children[index]!;
      const shown = printableKey(key);
      const path = visit.path === '' ? shown : `${visit.path}.${shown}`;
      const keyReason = unstorableTextReason(key);
      stack.push({ value: child, path, keyReason: keyReason === null ? null : `key ${keyReason}` });
    }
  }
  return found;
}

/**
 * Whether a parsed JSON value holds a number PostgreSQL cannot store (JSON.parse reads 1e400 as Infinity),
 * anywhere in it. Only numbers are looked at, so it is a fraction of findUnstorableValues' cost: a consumer
 * that has just decoded a message asks this first and walks for the full answer only when it says yes.
 * Iterative, so no nesting can overflow it.
 */
export function holdsUnstorableNumber(value: unknown): boolean {
  const pending: object[] = [];
  // Answers whether the value is a number the rule refuses; queues it when it is a container. Indexes and
  // for-in rather than Object.values: this runs for every consumed message, and the arrays were most of its cost.
  const isUnstorable = (child: unknown): boolean => {
    if (typeof child === 'number') return unstorableNumberReason(child) !== null;
    if (child !== null && typeof child === 'object') pending.push(child);
    return false;
  };
  if (isUnstorable(value)) return true;
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (Array.isArray(node)) {
      for (let index = 0; index < node.length; index += 1) if (isUnstorable(node[index])) return true;
    } else {
      const record = node as Record<string, unknown>;
      for (const key in record) if (isUnstorable(record[key])) return true;
    }
  }
  return false;
}

export function isStorableJson(value: unknown): boolean {
  return findUnstorableValues(value, 1).length === 0;
}
