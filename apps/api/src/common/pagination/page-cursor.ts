import { registerDecorator } from 'class-validator';

/** Each list pages on its own key; a cursor from one list is refused by the other. */
export type CursorKind = 'racks' | 'rejections' | 'audit' | 'trace';

const MAX_CURSOR_LENGTH = 512;
const MAX_BIGINT = 9223372036854775807n;

// What each kind's position must look like, so a forged cursor fails here as a 400 instead of in SQL as a 500.
const POSITION_RULES: Record<CursorKind, (position: string) => boolean> = {
  racks: (position) => position.length > 0 && position.length <= 128,
  trace: (position) => position.length > 0 && position.length <= 128,
  rejections: (position) => /^[1-9]\d{0,18}$/.test(position) && BigInt(position) <= MAX_BIGINT,
  audit: (position) => /^[1-9]\d{0,18}$/.test(position) && BigInt(position) <= MAX_BIGINT,
};

interface CursorPayload {
  k: CursorKind;
  p: string;
}

/**
 * Opaque to clients (base64url JSON) so the paging key can change without breaking them; it carries only the
 * last key seen, so it stays valid however long it is kept and whatever is inserted meanwhile.
 */
export function encodeCursor(kind: CursorKind, position: string): string {
  const payload: CursorPayload = { k: kind, p: position };
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

/** The position a cursor carries, or null when it is not a cursor this kind of list issued. */
export function decodeCursor(kind: CursorKind, cursor: string): string | null {
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor))
    return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (parsed === null || typeof parsed !== 'object') return null;
  const { k, p } = parsed as Partial<Record<keyof CursorPayload, unknown>>;
  if (k !== kind || typeof p !== 'string' || !POSITION_RULES[kind](p)) return null;
  return p;
}

/** Validates a `cursor` query field, so a bad cursor is reported with the other bad fields in one 400. */
export function IsPageCursor(kind: CursorKind) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isPageCursor',
      target: target.constructor,
      propertyName,
      options: { message: `$property must be a nextCursor returned by this list (${kind})` },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && decodeCursor(kind, value) !== null,
      },
    });
}
