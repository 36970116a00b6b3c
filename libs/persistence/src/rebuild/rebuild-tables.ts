/**
 * What a rebuild from the station-events log does with each table (docs/operations.md, "Rebuilding the
 * database from the event log"). The event log holds only what stations reported; everything an operator
 * configured, and what other services recorded, is not in it and is copied from the live database.
 *
 * - `configuration`: set up by operators (stations, routes, burn-in cells, disposition tables, suppliers, site
 *   targets, tokens…). Copied from live before the replay, because applying an event reads it.
 * - `records`: written by other services or people, not derivable from station-events (alerts, webhook
 *   deliveries, the audit trail, sealed passports, the CFX bridge's message records). Copied from live.
 * - `replayed`: the racks' history, written only by the tracker's use case as it applies station-events.
 * - `bookkeeping`: the replay's own positions and the relays' state, set by the rebuild itself.
 *
 * A table the migrations create and this list does not name stops the rebuild: whoever adds one decides.
 */
export type RebuildRole = 'configuration' | 'records' | 'replayed' | 'bookkeeping';

/** Tables in the order they are copied (a table after those its foreign keys point at). */
export const REBUILD_TABLES: readonly { table: string; role: RebuildRole }[] = [
  { table: 'station', role: 'configuration' },
  { table: 'supplier', role: 'configuration' },
  { table: 'rack_route', role: 'configuration' },
  { table: 'burn_in_cell', role: 'configuration' },
  { table: 'disposition_table', role: 'configuration' },
  { table: 'site_target', role: 'configuration' },
  { table: 'site_target_revision', role: 'configuration' },
  { table: 'site_alert_rules', role: 'configuration' },
  { table: 'site_archive', role: 'configuration' },
  { table: 'access_token', role: 'configuration' },
  { table: 'webhook', role: 'configuration' },
  { table: 'passport_signing_key', role: 'configuration' },
  { table: 'alert', role: 'records' },
  { table: 'alert_event', role: 'records' },
  { table: 'webhook_delivery', role: 'records' },
  { table: 'audit_entry', role: 'records' },
  { table: 'rack_passport', role: 'records' },
  { table: 'cfx_message_record', role: 'records' },
  { table: 'rack', role: 'replayed' },
  { table: 'rack_transition', role: 'replayed' },
  { table: 'station_event', role: 'replayed' },
  { table: 'rejection', role: 'replayed' },
  { table: 'component_install', role: 'replayed' },
  { table: 'component_failure', role: 'replayed' },
  { table: 'test_measurement', role: 'replayed' },
  { table: 'failure_disposition', role: 'replayed' },
  // Opened by the replay; an operator's later verdict on a return is overlaid from live (copySupplierReturnVerdicts).
  { table: 'supplier_return', role: 'replayed' },
  { table: 'consumer_offset', role: 'bookkeeping' },
  { table: 'outbox_message', role: 'bookkeeping' },
  { table: 'rack_transition_relay_cursor', role: 'bookkeeping' },
];

export function tablesWithRole(role: RebuildRole): string[] {
  return REBUILD_TABLES.filter((entry) => entry.role === role).map((entry) => entry.table);
}
