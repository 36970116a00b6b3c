import type { DataSource } from 'typeorm';
import { StationEventRepository } from './station-event.repository.js';

/** Read-only view of the recorded events for ingest's duplicate pre-check; the tracker owns the writes. */
export class StationEventLookupRepository {
  private readonly events = new StationEventRepository();

  constructor(private readonly dataSource: DataSource) {}

  /** Content hashes of the events already recorded, keyed by event id (PostgreSQL writes uuids in lower case). */
  findContentHashes(eventIds: readonly string[]): Promise<Map<string, string>> {
    return this.events.findContentHashes(this.dataSource, eventIds);
  }
}
