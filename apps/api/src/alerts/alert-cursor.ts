import { registerDecorator } from 'class-validator';

const MAX_BIGINT = 9223372036854775807n;

/**
 * Opaque to clients (base64url JSON, as the api's other lists) and carrying only the last alert id seen,
 * so it stays valid whatever is raised meanwhile.
 */
export function encodeAlertCursor(id: string): string {
  return Buffer.from(JSON.stringify({ k: 'alerts', p: id }), 'utf8').toString('base64url');
}

/** The alert id a cursor carries, or null when it is not a cursor this list issued. */
export function decodeAlertCursor(cursor: string): string | null {
  if (cursor.length === 0 || cursor.length > 256 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      k?: unknown;
      p?: unknown;
    };
    const { k, p } = parsed;
    if (k !== 'alerts' || typeof p !== 'string' || !/^[1-9]\d{0,18}$/.test(p) || BigInt(p) > MAX_BIGINT)
      return null;
    return p;
  } catch {
    return null;
  }
}

export function IsAlertCursor() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isAlertCursor',
      target: target.constructor,
      propertyName,
      options: { message: '$property must be a nextCursor returned by this list' },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && decodeAlertCursor(value) !== null,
      },
    });
}
