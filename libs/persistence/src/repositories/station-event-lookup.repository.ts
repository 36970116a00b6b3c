import type { DataSource } from 'typeorm';

/** Read-only view of `station_event` for ingest's duplicate pre-check; the tracker owns the writes. */
export class StationEventLookupRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Content hashes of the events already recorded, keyed by lower-case event id (Postgres' uuid form). */
  async findContentHashes(eventIds: readonly string[]): Promise<Map<string, string>> {
    if (eventIds.length === 0) return new Map();
    const rows: { event_id: string; content_hash: string }[] = await this.dataSource.query(
      'SELECT event_id, content_hash FROM station_event WHERE event_id = ANY($1::uuid[])',
      [eventIds],
    );
    return new Map(rows.map((row) => [row.event_id.toLowerCase(), row.content_hash]));
  }
}
