import type { Queryable } from './queryable.js';

export type CfxRecordKind = 'unmapped' | 'malformed' | 'fault';

/** One message the CFX bridge kept instead of publishing; text fields already storable (or null). */
export interface NewCfxMessageRecord {
  kind: CfxRecordKind;
  reason: string;
  messageName: string | null;
  uniqueId: string | null;
  source: string | null;
  raw: Buffer;
}

export interface StoredCfxMessageRecord extends Omit<NewCfxMessageRecord, 'raw'> {
  id: string;
  receivedAt: Date;
  rawBytes: number;
}

interface CfxMessageRecordRow {
  id: string;
  received_at: Date;
  kind: CfxRecordKind;
  reason: string;
  message_name: string | null;
  unique_id: string | null;
  source: string | null;
  raw_bytes: number;
}

/** SQL for `cfx_message_record`, written by the CFX bridge only. */
export class CfxMessageRecordRepository {
  constructor(private readonly db: Queryable) {}

  /** Records the message once per (kind, UniqueID): a redelivery of a recorded message adds nothing. */
  async record(record: NewCfxMessageRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO cfx_message_record (kind, reason, message_name, unique_id, source, raw, raw_bytes)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT ("kind", "unique_id") WHERE "unique_id" IS NOT NULL DO NOTHING`,
      [
        record.kind,
        record.reason,
        record.messageName,
        record.uniqueId,
        record.source,
        record.raw,
        record.raw.length,
      ],
    );
  }

  async listRecent(limit: number): Promise<StoredCfxMessageRecord[]> {
    const rows = await this.db.query<CfxMessageRecordRow[]>(
      `SELECT id, received_at, kind, reason, message_name, unique_id, source, raw_bytes
         FROM cfx_message_record ORDER BY received_at DESC, id DESC LIMIT $1`,
      [limit],
    );
    return rows.map((row) => ({
      id: row.id,
      receivedAt: row.received_at,
      kind: row.kind,
      reason: row.reason,
      messageName: row.message_name,
      uniqueId: row.unique_id,
      source: row.source,
      rawBytes: row.raw_bytes,
    }));
  }
}
