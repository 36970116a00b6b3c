// CFX bridge benchmark: how many IPC-CFX messages a second one bridge turns into station events on Kafka.
//
//   npm run bench:cfx                        # 20,000 WorkStarted messages, 500 racks' worth of stations
//   BENCH_CFX_MESSAGES=50000 npm run bench:cfx
//
// The messages (CFX 2.0 envelopes as the SDK writes them, one unit each, from 10 registered stations) are put on
// a queue of the machine's RabbitMQ (AMQP 1.0) first; then the real bridge starts and drains it. Measured from
// the first published event to the last, read from the bridge's own counter (cfx_bridge_station_events_total),
// so the broker's publishing speed is not in the figure. Each message is settled only after Kafka acknowledged
// its event, one at a time in order, as in production.
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { CFX_MESSAGES } from '#contracts';
import { AmqpClient } from '#messaging';
import { createProductTopics, kafkaClient, productTopicNames } from '#testing';
import {
  dropDatabase,
  KAFKA_BROKERS,
  preparedDatabase,
  startBuiltService,
} from './genealogy-bench-support.js';

const DATABASE = process.env.BENCH_CFX_DB ?? 'rack_tracker_bench_cfx';
const MESSAGES = Number(process.env.BENCH_CFX_MESSAGES ?? 20_000);
const AMQP_URL = process.env.CFX_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const STATIONS = 10;

function envelope(index: number): Buffer {
  const unit = `RK-CFXB-${String(index).padStart(7, '0')}`;
  return Buffer.from(
    JSON.stringify({
      MessageName: CFX_MESSAGES.workStarted,
      Version: '2.0',
      TimeStamp: new Date(Date.now() - 60_000).toISOString().replace('Z', '0000+00:00'),
      UniqueID: randomUUID(),
      Source: `CFX.BENCH.ASSY${String(index % STATIONS).padStart(2, '0')}`,
      Target: null,
      RequestID: null,
      MessageBody: {
        TransactionID: randomUUID(),
        PrimaryIdentifier: unit,
        Units: [{ UnitIdentifier: unit, PositionNumber: 1, PositionName: 'RACK' }],
      },
    }),
  );
}

async function eventsPublished(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((entry) => entry.startsWith('cfx_bridge_station_events_total'));
  return line === undefined ? 0 : Number(line.split(' ').at(-1));
}

async function main(): Promise<void> {
  const url = await preparedDatabase(DATABASE, { fresh: true });
  const prefix = `bench-cfx-${randomBytes(4).toString('hex')}.`;
  const queue = `/queue/bench-cfx-${randomBytes(4).toString('hex')}`;
  const kafka = kafkaClient(KAFKA_BROKERS, 'bench-cfx');
  const admin = kafka.admin();
  await admin.connect();
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  const amqp = await AmqpClient.connect(AMQP_URL, 'bench-cfx');
  try {
    await createProductTopics(kafka, prefix);
    for (let station = 0; station < STATIONS; station += 1)
      await db.query(
        `INSERT INTO station (station_id, stage, role, site_id, line_id, token_hash)
         VALUES ($1, 'assembly', 'station', 'fab-bench', 'line-1', $2)`,
        [`CFX.BENCH.ASSY${String(station).padStart(2, '0')}`, randomBytes(32).toString('hex')],
      );
    const queued = Date.now();
    for (let index = 0; index < MESSAGES; index += 1000)
      await amqp.sendAll(
        queue,
        Array.from({ length: Math.min(1000, MESSAGES - index) }, (_, offset) => ({
          body: envelope(index + offset),
        })),
      );
    console.log(`queued ${MESSAGES} CFX messages in ${((Date.now() - queued) / 1000).toFixed(1)} s`);

    const bridge = await startBuiltService('cfx-bridge', {
      DATABASE_URL: url,
      KAFKA_TOPIC_PREFIX: prefix,
      CFX_AMQP_URL: AMQP_URL,
      CFX_AMQP_ADDRESS: queue,
    });
    try {
      const bridgeUrl = bridge.url;
      if (bridgeUrl === null) throw new Error('the bridge did not say where it listens');
      let first: number | null = null;
      const started = Date.now();
      for (;;) {
        const published = await eventsPublished(bridgeUrl).catch(() => 0);
        if (first === null && published > 0) first = Date.now();
        if (published >= MESSAGES) break;
        if (Date.now() - started > 30 * 60_000)
          throw new Error(`only ${published} of ${MESSAGES} after 30 minutes`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const seconds = (Date.now() - (first ?? started)) / 1000;
      console.log(
        `cfx-bridge: ${MESSAGES} messages to station events in ${seconds.toFixed(1)} s: ${(MESSAGES / seconds).toFixed(0)} messages/s ` +
          `(peak RSS ${bridge.peakRssMb()} MiB)`,
      );
    } finally {
      await bridge.stop();
    }
  } finally {
    await amqp.close();
    await db.end();
    await admin.deleteTopics({ topics: productTopicNames(prefix) }).catch(() => undefined);
    await admin.disconnect();
    if (!process.argv.includes('--keep')) await dropDatabase(DATABASE);
  }
}

await main();
