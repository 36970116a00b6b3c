// Install throughput through the tracker: racks with full ~150-part trees, as station events in
// Kafka exactly as ingest produces them (same encoder, key = rack serial), applied by the built tracker
// into a fresh database. The topic is filled first, then the tracker is started, so the figure is the
// tracker's own rate (decode, state machine, genealogy checks, one transaction per chunk), not the producer's.
//
//   npm run build && npm run bench:installs
//   BENCH_INSTALL_RACKS=2000 npm run bench:installs
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { type StationEventDto, type StationEventMessage, type StationStamp } from '#contracts';
import type { ComponentKind } from '#domain';
import { createProductTopics, kafkaClient, produceStationEvents, productTopicNames } from '#testing';
import {
  dropDatabase,
  KAFKA_BROKERS,
  preparedDatabase,
  startBuiltService,
} from './genealogy-bench-support.js';

const RACKS = Number(process.env.BENCH_INSTALL_RACKS ?? 1000);
const MODEL = 'bench-gb300';
const ASSEMBLY: StationStamp = {
  stationId: 'ASSY-B1',
  stage: 'assembly',
  role: 'station',
  siteId: 'site-1',
  lineId: 'line-1',
};

interface Part {
  serial: string;
  partNumber: string;
  kind: ComponentKind;
  supplierId: string;
  lot: string;
  parentSerial?: string;
}

function part(
  rack: number,
  slot: string,
  kind: ComponentKind,
  partNumber: string,
  supplierId: string,
  parentSerial?: string,
): Part {
  return {
    serial: `${slot}-${rack}`,
    partNumber,
    kind,
    supplierId,
    lot: `L-${partNumber}-${Math.floor(rack / 25)}`,
    parentSerial,
  };
}

/**
 * How a line reports a rack: one install event per compute tray (the tray with its 4 GPUs and 2 CPUs), one
 * for the switch trays, one for power, cabling, cooling and NICs — 20 events, 150 parts — between the
 * assembly start and pass.
 */
function rackEvents(rack: number, at: number): StationEventDto[] {
  const serial = `RK-I-${String(rack).padStart(6, '0')}`;
  const event = (
    type: StationEventDto['type'],
    offset: number,
    extra: Partial<StationEventDto> = {},
  ): StationEventDto =>
    ({
      eventId: randomUUID(),
      rackSerial: serial,
      stationId: ASSEMBLY.stationId,
      stage: 'assembly',
      type,
      occurredAt: new Date(at + offset * 1000).toISOString(),
      ...extra,
    }) as StationEventDto;
  const events = [event('started', 0, { rackModel: MODEL })];
  for (let tray = 1; tray <= 18; tray += 1) {
    const trayPart = part(rack, `CT${tray}`, 'compute_tray', 'CT-GB-1U', 'sup-tx-01');
    const seated = [
      ...[1, 2, 3, 4].map((gpu) =>
        part(
          rack,
          `GPU${tray}.${gpu}`,
          'gpu',
          'GPU-B300',
          gpu % 3 === 0 ? 'sup-us-01' : 'sup-tw-02',
          trayPart.serial,
        ),
      ),
      ...[1, 2].map((cpu) =>
        part(rack, `CPU${tray}.${cpu}`, 'cpu', 'CPU-GRACE', 'sup-tw-02', trayPart.serial),
      ),
    ];
    events.push(event('component_installed', tray, { components: [trayPart, ...seated] }));
  }
  const range = (count: number) => Array.from({ length: count }, (_, index) => index + 1);
  events.push(
    event('component_installed', 19, {
      components: range(9).map((n) => part(rack, `SW${n}`, 'switch_tray', 'SW-NVL5', 'sup-us-03')),
    }),
  );
  events.push(
    event('component_installed', 20, {
      components: [
        ...range(6).map((n) => part(rack, `PSU${n}`, 'psu', 'PSU-33K', 'sup-mx-02')),
        ...range(4).map((n) => part(rack, `CC${n}`, 'cable_cartridge', 'CC-NVL72', 'sup-us-03')),
        ...range(2).map((n) => part(rack, `CDU${n}`, 'cooling', 'CDU-LC1', 'sup-de-01')),
        ...range(3).map((n) => part(rack, `NIC${n}`, 'nic', 'NIC-CX8', 'sup-il-01')),
      ],
    }),
  );
  events.push(event('passed', 21));
  return events;
}

async function main(): Promise<void> {
  const database = `rack_tracker_bench_installs`;
  const url = await preparedDatabase(database, { fresh: true });
  const prefix = `bench-installs-${randomBytes(4).toString('hex')}.`;
  const kafka = kafkaClient(KAFKA_BROKERS, 'bench-installs');
  const admin = kafka.admin();
  await admin.connect();
  const topics = productTopicNames(prefix);
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    await createProductTopics(kafka, prefix);
    await db.query(`INSERT INTO rack_route (model, stages, required_slots) VALUES ($1, $2, $3)`, [
      MODEL,
      ['assembly', 'burn_in', 'qa', 'ship'],
      JSON.stringify({ compute_tray: 18, gpu: 72, switch_tray: 9 }),
    ]);

    // In the past, so no event is refused for being ahead of ingest's clock.
    const start = Date.now() - (RACKS + 10) * 30_000;
    const messages: StationEventMessage[] = [];
    for (let rack = 1; rack <= RACKS; rack += 1) {
      for (const event of rackEvents(rack, start + rack * 30_000)) {
        messages.push({ schemaVersion: 1, event, station: ASSEMBLY, receivedAt: new Date().toISOString() });
      }
    }
    const installEvents = messages.filter((message) => message.event.type === 'component_installed').length;
    const components = messages.reduce((sum, message) => sum + (message.event.components?.length ?? 0), 0);
    const produceStarted = Date.now();
    await produceStationEvents(kafka, prefix, messages, { chunk: 200, source: 'bench' });
    console.log(
      `produced ${messages.length} events (${installEvents} component_installed carrying ${components} parts) for ${RACKS} racks in ${((Date.now() - produceStarted) / 1000).toFixed(1)} s`,
    );

    const tracker = await startBuiltService('tracker', {
      DATABASE_URL: url,
      KAFKA_TOPIC_PREFIX: prefix,
      TRACKER_CONSUMER_GROUP: `bench-${prefix}`,
    });
    const trackerStarted = Date.now();
    try {
      for (;;) {
        const [row] = (
          await db.query<{ applied: string }>(
            'SELECT coalesce(sum(next_offset), 0) AS applied FROM consumer_offset',
          )
        ).rows;
        if (Number(row!.applied) >= messages.length) break;
        if (Date.now() - trackerStarted > 30 * 60_000)
          throw new Error(`only ${row!.applied} of ${messages.length} applied after 30 minutes`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    } finally {
      await tracker.stop();
    }
    const wall = (Date.now() - trackerStarted) / 1000;
    const [applied] = (
      await db.query<{ first: Date; last: Date; installs: string; rejections: string; passed: string }>(
        `SELECT (SELECT min(recorded_at) FROM recorded_station_event) AS first,
                (SELECT max(recorded_at) FROM recorded_station_event) AS last,
                (SELECT count(*) FROM component_install) AS installs, (SELECT count(*) FROM rejection) AS rejections,
                (SELECT count(*) FROM rack WHERE stage = 'assembly' AND status = 'passed') AS passed`,
      )
    ).rows;
    // recorded_at is each batch transaction's start: first to last leaves out the consumer group's join (and
    // the last batch, a rounding error at this size), which the wall time includes.
    const busy = (applied!.last.getTime() - applied!.first.getTime()) / 1000;
    const busySeconds = busy > 0 ? busy : wall;
    console.log(
      `tracker: ${applied!.installs} installs, ${applied!.passed}/${RACKS} racks passed assembly, ${applied!.rejections} rejections`,
    );
    console.log(
      `wall (tracker start to last commit): ${wall.toFixed(1)} s; applying (first to last batch): ${busy.toFixed(1)} s`,
    );
    console.log(
      `throughput while applying: ${(messages.length / busySeconds).toFixed(0)} events/s, ${(installEvents / busySeconds).toFixed(0)} install events/s, ${(components / busySeconds).toFixed(0)} parts/s`,
    );
    console.log(
      `throughput over wall time: ${(messages.length / wall).toFixed(0)} events/s, ${(installEvents / wall).toFixed(0)} install events/s, ${(components / wall).toFixed(0)} parts/s`,
    );
    if (
      Number(applied!.installs) !== components ||
      Number(applied!.rejections) !== 0 ||
      Number(applied!.passed) !== RACKS
    ) {
      console.error('the tracker did not end where it should: see the counts above');
      process.exitCode = 1;
    }
  } finally {
    await db.end();
    await admin.deleteTopics({ topics }).catch(() => undefined);
    await admin.disconnect();
    if (!process.argv.includes('--keep')) await dropDatabase(database);
  }
}

await main();
