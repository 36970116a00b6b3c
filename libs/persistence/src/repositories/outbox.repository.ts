import type { DataSource } from 'typeorm';
import type { OutboxEntry, OutboxStore } from '#messaging';
import type { Queryable } from './queryable.js';

export interface OutboxRecord {
  topic: string;
  key: string;
  payload: unknown;
  headers: Record<string, string>;
}

// Any constant works; it only has to be the same for every relay of this database.
const RELAY_LOCK = 0x72_61_63_6b;

export class OutboxRepository implements OutboxStore {
  constructor(private readonly dataSource: DataSource) {}

  async insertMany(db: Queryable, records: readonly OutboxRecord[]): Promise<void> {
    if (records.length === 0) return;
    // Column arrays (unnest) rather than one JSON document: PostgreSQL parses each payload once, not twice.
    const topics: string[] = [];
    const keys: string[] = [];
    const payloads: string[] = [];
    const headers: string[] = [];
    for (const record of records) {
      topics.push(record.topic);
      keys.push(record.key);
      payloads.push(JSON.stringify(record.payload));
      headers.push(JSON.stringify(record.headers));
    }
    await db.query(
      `INSERT INTO outbox_message (topic, message_key, payload, headers)
       SELECT topic, key, payload::jsonb, headers::jsonb
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS r(topic, key, payload, headers, ordinal)
        ORDER BY ordinal`,
      [topics, keys, payloads, headers],
    );
  }

  async pendingCount(): Promise<number> {
    const rows = await this.dataSource.query<{ count: string }[]>('SELECT count(*) FROM outbox_message');
    return Number(rows[0].count);
  }

  async relayOldest(limit: number, publish: (entries: OutboxEntry[]) => Promise<void>): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const [{ locked }] = await manager.query<{ locked: boolean }[]>('SELECT pg_try_advisory_xact_lock($1) AS locked', [RELAY_LOCK]);
      if (!locked) return 0;
      const rows = await manager.query<{ id: string; topic: string; message_key: string; payload: unknown; headers: Record<string, string> }[]>(
        'SELECT id, topic, message_key, payload, headers FROM outbox_message ORDER BY id LIMIT $1',
        [limit],
      );
      if (rows.length === 0) return 0;
      await publish(
        rows.map((row) => ({
          id: row.id,
          topic: row.topic,
          message: { key: row.message_key, value: JSON.stringify(row.payload), headers: row.headers },
        })),
      );
      await manager.query('DELETE FROM outbox_message WHERE id = ANY($1::bigint[])', [rows.map((row) => row.id)]);
      return rows.length;
    });
  }
}
