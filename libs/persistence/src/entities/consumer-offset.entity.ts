import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The next offset to apply per partition, written in the same transaction as the batch it covers.
 * This, not Kafka's committed offset, is what makes a redelivered batch a no-op.
 */
@Entity({ name: 'consumer_offset' })
export class ConsumerOffsetEntity {
  @PrimaryColumn({ name: 'consumer_group', type: 'text' })
  consumerGroup: string;

  @PrimaryColumn({ type: 'text' })
  topic: string;

  @PrimaryColumn({ type: 'integer' })
  partition: number;

  @Column({ name: 'next_offset', type: 'bigint' })
  nextOffset: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
