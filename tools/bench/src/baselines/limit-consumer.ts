// Baseline "the limit": what this machine can do with no logic at all. A bare kafkajs eachBatch consumer that
// inserts each batch's event rows into station_event with one multi-row statement, then commits the offsets.
// No validation, no state machine, no history, no outbox: the ceiling the tracker is measured against.
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import { STATION_EVENT_COLUMNS, stationEventRow, type RawStationEventMessage } from './station-event-row.js';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const topic = process.env.BENCH_TOPIC ?? 'station-events';
const groupId = process.env.BENCH_GROUP ?? 'bench-limit';
const partitionsConsumedConcurrently = Number(process.env.BENCH_PARTITIONS_CONCURRENTLY ?? 3);

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: partitionsConsumedConcurrently + 1,
});
const kafka = new Kafka({ clientId: 'bench-limit', brokers, logLevel: logLevel.WARN });
// Same fetch settings as the tracker's BatchConsumer, so the two differ only in what they do with a batch.
const consumer = kafka.consumer({
  groupId,
  maxBytesPerPartition: 1048576,
  maxWaitTimeInMs: 100,
  sessionTimeout: 30000,
});

await consumer.connect();
await consumer.subscribe({ topic, fromBeginning: true });
await consumer.run({
  autoCommit: false,
  partitionsConsumedConcurrently,
  eachBatch: async (payload) => {
    const { batch } = payload;
    if (batch.messages.length === 0) return;
    const columns: unknown[][] = Array.from({ length: 13 }, () => []);
    for (const message of batch.messages) {
      const parsed = JSON.parse(message.value!.toString('utf8')) as RawStationEventMessage;
      stationEventRow(parsed, batch.partition, message.offset).forEach((value, index) =>
        columns[index].push(value),
      );
    }
    await pool.query(
      `INSERT INTO station_event (${STATION_EVENT_COLUMNS})
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::timestamptz[],
                            $8::text[], $9::jsonb[], $10::text[], $11::text[], $12::int[], $13::bigint[])
       ON CONFLICT (event_id) DO NOTHING`,
      columns,
    );
    payload.resolveOffset(batch.messages[batch.messages.length - 1].offset);
    await payload.commitOffsetsIfNecessary();
  },
});
console.log(JSON.stringify({ msg: 'limit consumer running', topic, groupId }));

const shutdown = async () => {
  await consumer.disconnect();
  await pool.end();
  process.exit(0);
};
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());
