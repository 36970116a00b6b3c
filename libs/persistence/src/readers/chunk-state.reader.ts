import { toStoredRack, type RackRow, type StoredRack } from '../repositories/rack.repository.js';
import type { Queryable } from '../repositories/queryable.js';

/** What a chunk of station events is planned on. */
export interface ChunkState {
  /** Content hash by event id, for the chunk's ids already recorded (the idempotency record). */
  knownHashes: Map<string, string>;
  /** The chunk's racks as stored, by serial; a rack not yet seen is absent. */
  racks: Map<string, StoredRack>;
}

/**
 * The chunk's known event ids and its racks in one round trip: at line rates a chunk is one event, and a round
 * trip costs the tracker more CPU than the rows it reads. One statement, so both are read from one snapshot.
 *
 * The racks are found one serial at a time by primary key. With `serial = ANY($2)` the planner scanned the whole
 * table for a catching-up chunk (500 of 25,000 racks: a scan looked cheaper than 500 index lookups, though every
 * page was in memory), 5–7 ms against 1.6–1.9 ms for the lookups, and the scan grows with every rack ever
 * built. The LIMIT keeps the per-serial subquery from being flattened into a join the planner could hash the
 * same way; a serial names at most one rack, so it changes no result.
 */
export async function readChunkState(
  db: Queryable,
  eventIds: readonly string[],
  serials: readonly string[],
): Promise<ChunkState> {
  if (eventIds.length === 0 && serials.length === 0) return { knownHashes: new Map(), racks: new Map() };
  const rows = await db.query<(RackRow & { known_hashes: Record<string, string> })[]>(
    `SELECT known.hashes AS known_hashes, r.*
       FROM (SELECT coalesce(jsonb_object_agg(event_id::text, content_hash), '{}'::jsonb) AS hashes
               FROM recorded_station_event WHERE event_id = ANY($1::uuid[])) AS known
       LEFT JOIN LATERAL (
         SELECT found.* FROM unnest($2::text[]) AS wanted(serial)
          CROSS JOIN LATERAL (SELECT * FROM rack WHERE rack.serial = wanted.serial LIMIT 1) AS found
       ) AS r ON true`,
    [eventIds, serials],
  );
  return {
    knownHashes: new Map(Object.entries(rows[0]?.known_hashes ?? {})),
    // The left join answers one row with no rack when the chunk has none stored.
    racks: new Map(rows.filter((row) => row.serial !== null).map((row) => [row.serial, toStoredRack(row)])),
  };
}
