import type { Queryable } from '../repositories/queryable.js';

/**
 * One rack's state as the drift report compares it: what the rack row says (stage, status, hold, location,
 * counts, the times its events set) and a summary of its history (how many transitions and the last one's
 * event, its events, measurements, components installed and still installed). Never a time the database
 * stamped itself (updated_at, recorded_at) or an id a sequence handed out: those differ between any two
 * databases that applied the same events. Times are epoch seconds and documents jsonb, so the text of the
 * projection, and so its hash, is the same whatever the session's time zone.
 */
const PROJECTION = `
  WITH transitions AS (
    SELECT rack_serial, count(*) AS n, (array_agg(event_id ORDER BY id DESC))[1] AS last_event
      FROM rack_transition WHERE ($1::text[] IS NULL OR rack_serial = ANY($1)) GROUP BY rack_serial),
  events AS (
    SELECT rack_serial, count(*) AS n, count(*) FILTER (WHERE outcome <> 'accepted') AS not_accepted
      FROM recorded_station_event WHERE ($1::text[] IS NULL OR rack_serial = ANY($1)) GROUP BY rack_serial),
  measurements AS (
    SELECT rack_serial, count(*) AS n
      FROM test_measurement WHERE ($1::text[] IS NULL OR rack_serial = ANY($1)) GROUP BY rack_serial),
  components AS (
    SELECT rack_serial, count(*) AS ever,
           count(*) FILTER (WHERE removed_event_id IS NULL) AS installed,
           md5(coalesce(string_agg(component_serial || '>' || coalesce(parent_serial, ''), ',' ORDER BY component_serial)
                          FILTER (WHERE removed_event_id IS NULL), '')) AS installed_digest
      FROM component_install WHERE ($1::text[] IS NULL OR rack_serial = ANY($1)) GROUP BY rack_serial)
  SELECT r.serial, jsonb_build_object(
           'model', r.model, 'site', r.site_id, 'line', r.line_id, 'route', to_jsonb(r.route),
           'requiredSlots', r.required_slots, 'slotCounts', r.slot_counts,
           'stage', r.stage, 'status', r.status, 'heldStage', r.held_stage, 'heldStatus', r.held_status,
           'reworkCount', r.rework_count, 'failureCount', r.failure_count,
           'hold', jsonb_build_object('since', extract(epoch FROM r.hold_started_at), 'reason', r.hold_reason,
                                      'code', r.hold_reason_code),
           'location', CASE WHEN r.location_cell IS NULL THEN NULL
                            ELSE r.location_cell || '/' || r.location_position END,
           'dwell', r.dwell, 'soak', jsonb_build_object('startedAt', extract(epoch FROM r.soak_started_at),
                                                        'heldMs', r.soak_held_ms, 'retest', r.soak_retest),
           'startedAt', extract(epoch FROM r.started_at), 'stateEnteredAt', extract(epoch FROM r.state_entered_at),
           'lastEventAt', extract(epoch FROM r.last_event_at), 'completedAt', extract(epoch FROM r.completed_at),
           'transitions', coalesce(t.n, 0), 'lastTransitionEvent', t.last_event,
           'events', coalesce(e.n, 0), 'eventsNotAccepted', coalesce(e.not_accepted, 0),
           'measurements', coalesce(m.n, 0),
           'componentsEverInstalled', coalesce(c.ever, 0), 'componentsInstalled', coalesce(c.installed, 0),
           'installedDigest', c.installed_digest
         ) AS state
    FROM rack r
    LEFT JOIN transitions t ON t.rack_serial = r.serial
    LEFT JOIN events e ON e.rack_serial = r.serial
    LEFT JOIN measurements m ON m.rack_serial = r.serial
    LEFT JOIN components c ON c.rack_serial = r.serial
   WHERE ($1::text[] IS NULL OR r.serial = ANY($1))`;

/** Every rack's state hash (sha256 of its projection's jsonb text), by serial. */
export async function readRackStateHashes(db: Queryable): Promise<Map<string, string>> {
  const rows = await db.query<{ serial: string; hash: string }[]>(
    `SELECT serial, encode(sha256(convert_to(state::text, 'UTF8')), 'hex') AS hash FROM (${PROJECTION}) p`,
    [null],
  );
  return new Map(rows.map((row) => [row.serial, row.hash]));
}

/** The projections themselves, for the racks named: to say what differs where the hashes do. */
export async function readRackStates(
  db: Queryable,
  serials: readonly string[],
): Promise<Map<string, Record<string, unknown>>> {
  if (serials.length === 0) return new Map();
  const rows = await db.query<{ serial: string; state: Record<string, unknown> }[]>(PROJECTION, [
    [...serials],
  ]);
  return new Map(rows.map((row) => [row.serial, row.state]));
}
