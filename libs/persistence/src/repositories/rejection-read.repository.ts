import type { Queryable } from './queryable.js';
import type { RejectionRecord } from './rejection.repository.js';
import { SqlConditions, type NewestFirstPage, type SqlQuery } from './sql-conditions.js';

/** A recorded refusal, shaped for reading. `payload` is the message as the tracker consumed it. */
export interface RecordedRejection extends Pick<
  RejectionRecord,
  'eventId' | 'rackSerial' | 'stationId' | 'reason' | 'detail' | 'payload'
> {
  id: string;
  /** The consumed bytes of a message that could not be stored as JSON (reason `unstorable`). */
  raw: Buffer | null;
  recordedAt: Date;
}

export interface RejectionListFilter {
  reason?: string;
  rackSerial?: string;
  stationId?: string;
}

export type RejectionListPage = NewestFirstPage;

const REJECTION_COLUMNS = `id, event_id AS "eventId", rack_serial AS "rackSerial", station_id AS "stationId", reason, detail,
  payload, raw, recorded_at AS "recordedAt"`;

/** Newest first by id; the (reason, id) and (rack_serial, id) indexes serve the filtered forms. */
export function rejectionListQuery(filter: RejectionListFilter, page: RejectionListPage): SqlQuery {
  const sql = new SqlConditions().equal([
    ['reason', filter.reason],
    ['rack_serial', filter.rackSerial],
    ['station_id', filter.stationId],
  ]);
  if (page.beforeId !== null) sql.add(`id < ${sql.bind(page.beforeId)}::bigint`);
  return {
    text: `SELECT ${REJECTION_COLUMNS} FROM rejection${sql.where()} ORDER BY id DESC LIMIT ${sql.bind(page.limit)}`,
    values: sql.values,
  };
}

/** Read side of rejections, for the API; the tracker writes through RejectionRepository. */
export class RejectionReadRepository {
  constructor(private readonly db: Queryable) {}

  /** The rack's most recent `limit` rejections, returned oldest first to read alongside its history. */
  async findRecentByRack(rackSerial: string, limit: number): Promise<RecordedRejection[]> {
    return this.db.query<RecordedRejection[]>(
      `SELECT * FROM (
         SELECT ${REJECTION_COLUMNS} FROM rejection WHERE rack_serial = $1 ORDER BY id DESC LIMIT $2
       ) AS recent ORDER BY id`,
      [rackSerial, limit],
    );
  }

  async list(filter: RejectionListFilter, page: RejectionListPage): Promise<RecordedRejection[]> {
    const query = rejectionListQuery(filter, page);
    return this.db.query<RecordedRejection[]>(query.text, query.values);
  }
}
