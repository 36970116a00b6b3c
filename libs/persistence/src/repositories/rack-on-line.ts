import { TERMINAL_RACK_STATUSES } from '#domain';

// The domain's terminal statuses as an SQL list (fixed identifiers, never input).
const TERMINAL = `(${TERMINAL_RACK_STATUSES.map((status) => `'${status}'`).join(', ')})`;

/**
 * SQL condition: the rack is still on the line (neither shipped nor scrapped). `completed_at IS NULL` follows from
 * the status test, since only shipping sets it, and is written out so that `rack_site_completed_idx` finds a
 * site's open racks without reading every rack the site ever built.
 */
export function rackOnTheLine(alias?: string): string {
  const column = (name: string) => (alias ? `${alias}.${name}` : name);
  return `(${column('completed_at')} IS NULL AND ${column('status')} NOT IN ${TERMINAL})`;
}
