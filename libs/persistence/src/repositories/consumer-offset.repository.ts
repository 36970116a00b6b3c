import type { Queryable } from './queryable.js';
import { runAsOneStatement, type SqlStatement } from './sql-statement.js';

export interface PartitionKey {
  consumerGroup: string;
  topic: string;
  partition: number;
}

/** Where a chunk leaves its partition: the next offset to apply. */
export interface OffsetMove {
  key: PartitionKey;
  nextOffset: bigint;
}

/** How far a consumer group has applied one partition, and when that last moved. */
export interface AppliedPosition {
  partition: number;
  nextOffset: bigint;
  updatedAt: Date;
  /** How long ago it last moved, by the database's clock (so a skewed application clock cannot fake a stall). */
  sinceUpdateMs: number;
}

/** The first key, after checking that every key names its consumer group and topic (one statement serves one). */
function oneGroupAndTopic(keys: readonly PartitionKey[]): PartitionKey | undefined {
  const [first] = keys;
  if (keys.some((key) => key.consumerGroup !== first.consumerGroup || key.topic !== first.topic))
    throw new Error('partition keys of one statement must name one consumer group and topic');
  return first;
}

/**
 * Offsets kept in the same transaction as the effects they cover. Locking the partition's row first
 * serialises any two consumers that briefly both hold a partition during a rebalance.
 */
export class ConsumerOffsetRepository {
  /** Locks the partition's row, created on first use: one round trip per chunk once it exists. */
  async lockNextOffset(db: Queryable, key: PartitionKey): Promise<bigint> {
    return (await this.lockNextOffsets(db, [key]))[0];
  }

  /**
   * Locks the rows of several partitions of one group and topic (a group of chunks written together), in
   * partition order so that two transactions locking overlapping sets cannot deadlock. Answers each key's next
   * offset, in the order of `keys`. One round trip once the rows exist.
   */
  async lockNextOffsets(db: Queryable, keys: readonly PartitionKey[]): Promise<bigint[]> {
    const first = oneGroupAndTopic(keys);
    if (first === undefined) return [];
    const partitions = keys.map((key) => key.partition);
    let locked = await this.selectForUpdate(db, first, partitions);
    if (locked.size < new Set(partitions).size) {
      await db.query(
        `INSERT INTO consumer_offset (consumer_group, topic, partition, next_offset)
         SELECT $1, $2, partition, 0 FROM unnest($3::int[]) AS partition ORDER BY partition
         ON CONFLICT DO NOTHING`,
        [first.consumerGroup, first.topic, partitions],
      );
      locked = await this.selectForUpdate(db, first, partitions);
    }
    return partitions.map((partition) => locked.get(partition)!);
  }

  private async selectForUpdate(
    db: Queryable,
    { consumerGroup, topic }: PartitionKey,
    partitions: readonly number[],
  ): Promise<Map<number, bigint>> {
    const rows = await db.query<{ partition: number; next_offset: string }[]>(
      `SELECT partition, next_offset FROM consumer_offset
        WHERE consumer_group = $1 AND topic = $2 AND partition = ANY($3::int[])
        ORDER BY partition FOR UPDATE`,
      [consumerGroup, topic, partitions],
    );
    return new Map(rows.map((row) => [row.partition, BigInt(row.next_offset)]));
  }

  async advance(db: Queryable, key: PartitionKey, nextOffset: bigint): Promise<void> {
    await runAsOneStatement(db, [this.advanceStatement([{ key, nextOffset }])]);
  }

  /**
   * The move of each partition's offset (one group and topic), to ride in the chunk's one write
   * (runAsOneStatement); null when none moves.
   */
  advanceStatement(moves: readonly OffsetMove[]): SqlStatement | null {
    const first = oneGroupAndTopic(moves.map(({ key }) => key));
    if (first === undefined) return null;
    return {
      sql: `UPDATE consumer_offset AS o SET next_offset = m.next_offset, updated_at = now()
        FROM unnest($3::int[], $4::bigint[]) AS m(partition, next_offset)
        WHERE o.consumer_group = $1 AND o.topic = $2 AND o.partition = m.partition`,
      parameters: [
        first.consumerGroup,
        first.topic,
        moves.map(({ key }) => key.partition),
        moves.map(({ nextOffset }) => nextOffset.toString()),
      ],
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
