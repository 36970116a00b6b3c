import type { Queryable } from './queryable.js';
import { runAsOneStatement, type SqlStatement } from './sql-statement.js';

export interface PartitionKey {
  consumerGroup: string;
  topic: string;
  partition: number;
}

/** How far a consumer group has applied one partition, and when that last moved. */
export interface AppliedPosition {
  partition: number;
  nextOffset: bigint;
  updatedAt: Date;
  /** How long ago it last moved, by the database's clock (so a skewed application clock cannot fake a stall). */
  sinceUpdateMs: number;
}

/**
 * Offsets kept in the same transaction as the effects they cover. Locking the partition's row first
 * serialises any two consumers that briefly both hold a partition during a rebalance.
 */
export class ConsumerOffsetRepository {
  /** Locks the partition's row, created on first use: one round trip per chunk once it exists. */
  async lockNextOffset(db: Queryable, key: PartitionKey): Promise<bigint> {
    const locked = await this.selectForUpdate(db, key);
    if (locked !== undefined) return locked;
    await db.query(
      `INSERT INTO consumer_offset (consumer_group, topic, partition, next_offset) VALUES ($1, $2, $3, 0)
       ON CONFLICT DO NOTHING`,
      [key.consumerGroup, key.topic, key.partition],
    );
    return (await this.selectForUpdate(db, key))!;
  }

  private async selectForUpdate(db: Queryable, key: PartitionKey): Promise<bigint | undefined> {
    const rows = await db.query<{ next_offset: string }[]>(
      `SELECT next_offset FROM consumer_offset WHERE consumer_group = $1 AND topic = $2 AND partition = $3 FOR UPDATE`,
      [key.consumerGroup, key.topic, key.partition],
    );
    return rows[0] === undefined ? undefined : BigInt(rows[0].next_offset);
  }

  async advance(db: Queryable, key: PartitionKey, nextOffset: bigint): Promise<void> {
    await runAsOneStatement(db, [this.advanceStatement(key, nextOffset)]);
  }

  /** The move of the partition's offset, to ride in the chunk's one write (runAsOneStatement). */
  advanceStatement(key: PartitionKey, nextOffset: bigint): SqlStatement {
    return {
      sql: `UPDATE consumer_offset SET next_offset = $4, updated_at = now()
        WHERE consumer_group = $1 AND topic = $2 AND partition = $3`,
      parameters: [key.consumerGroup, key.topic, key.partition, nextOffset.toString()],
    };
  }

  /** Every partition of `topic` the group has applied, for progress and stall watching. */
  async appliedPositions(db: Queryable, consumerGroup: string, topic: string): Promise<AppliedPosition[]> {
    const rows = await db.query<
      { partition: number; next_offset: string; updated_at: Date; since_update_ms: number }[]
    >(
      `SELECT partition, next_offset, updated_at, (extract(epoch FROM now() - updated_at) * 1000)::float8 AS since_update_ms
         FROM consumer_offset WHERE consumer_group = $1 AND topic = $2`,
      [consumerGroup, topic],
    );
    return rows.map((row) => ({
      partition: row.partition,
      nextOffset: BigInt(row.next_offset),
      updatedAt: row.updated_at,
      sinceUpdateMs: row.since_update_ms,
    }));
  }
}
