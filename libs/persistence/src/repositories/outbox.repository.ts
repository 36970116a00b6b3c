import type { DataSource } from 'typeorm';
import type { OutboxEntry, OutboxStore, RelayPass } from '#messaging';
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
    // Topics and keys as arrays (unnest); payloads and headers as one JSON array each, written by one native
    // JSON.stringify rather than escaped into array literals, and parsed once by PostgreSQL.
    const topics: string[] = [];
    const keys: string[] = [];
    const payloads: unknown[] = [];
    const headers: Record<string, string>[] = [];
    for (const record of records) {
      topics.push(record.topic);
      keys.push(record.key);
      payloads.push(record.payload);
      headers.push(record.headers);
    }
    await db.query(
      `INSERT INTO outbox_message (topic, message_key, payload, headers)
       SELECT r.topic, r.key, p.payload, h.headers
         FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS r(topic, key, ordinal)
         JOIN jsonb_array_elements($3::jsonb) WITH ORDINALITY AS p(payload, ordinal) USING (ordinal)
         JOIN jsonb_array_elements($4::jsonb) WITH ORDINALITY AS h(headers, ordinal) USING (ordinal)
        ORDER BY ordinal`,
      [topics, keys, JSON.stringify(payloads), JSON.stringify(headers)],
    );
  }

  async pendingCount(): Promise<number> {
    const rows = await this.dataSource.query<{ count: string }[]>('SELECT count(*) FROM outbox_message');
    return Number(rows[0].count);
  }

  async relayOldest(limit: number, publish: (entries: OutboxEntry[]) => Promise<void>): Promise<RelayPass> {
    return this.dataSource.transaction(async (manager) => {
      const [{ locked }] = await manager.query<{ locked: boolean }[]>(
        'SELECT pg_try_advisory_xact_lock($1) AS locked',
        [RELAY_LOCK],
      );
      if (!locked) return { relayed: 0 };
      // payload as text: it goes straight onto the wire, with no parse and re-serialise in between.
      const rows = await manager.query<
        { id: string; topic: string; message_key: string; payload: string; headers: Record<string, string> }[]
      >(
        'SELECT id, topic, message_key, payload::text AS payload, headers FROM outbox_message ORDER BY id LIMIT $1',
        [limit],
      );
      if (rows.length === 0) return { relayed: 0 };
      await publish(
        rows.map((row) => ({
          id: row.id,
          topic: row.topic,
          message: { key: row.message_key, value: row.payload, headers: row.headers },
        })),
      );
      await manager.query('DELETE FROM outbox_message WHERE id = ANY($1::bigint[])', [
        rows.map((row) => row.id),
      ]);
      return { relayed: rows.length };
    });
  }
}
