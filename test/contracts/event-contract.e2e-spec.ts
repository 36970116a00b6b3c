import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Consumer } from 'kafkajs';
import {
  decodeStationEventMessage,
  MESSAGE_HEADERS,
  RACK_TRANSITION_SCHEMA_VERSION,
  STATION_EVENT_FIELDS,
  STATION_EVENT_LIMITS,
  STATION_EVENT_SCHEMA_VERSION,
  TOPICS,
} from '#contracts';
import {
  COMPONENT_KINDS,
  FAILURE_CODE_PATTERN,
  MAX_FAILURES_PER_EVENT,
  RACK_STATUSES,
  REJECTION_REASONS,
  STAGE_NAME_PATTERN,
  STATION_EVENT_TYPES,
  STATION_ROLES,
} from '#domain';
import {
  loadEventContract,
  type EventContract,
  type MessageValidators,
} from '../../tools/contract/event-contract.mjs';
import { call, registerStation, type RegisteredStation } from '../ingest/ingest-client.js';
import { expectEventually } from '../support/expect-eventually.js';
import { startService, type RunningService } from '../support/service-process.js';
import { createTestDatabase, createTestTopics, testKafka, type TestDatabase } from '../support/stack.js';

/**
 * docs/events/asyncapi.yaml is the public contract of the Kafka topics. This suite holds the code to it from two
 * sides: the document's vocabulary and limits are the code's constants, and every message the real services
 * produce (ingest to station-events, the tracker to rack-transitions and station-events.dlq) validates against
 * the JSON Schema the document gives for it — closed schemas, so a field the code adds or drops fails here.
 */

type Json = Record<string, unknown>;

const byText = (left: string, right: string) => left.localeCompare(right);

let contract: EventContract;

function validators(messageId: string): MessageValidators {
  const found = contract.messages.get(messageId);
  if (!found) throw new Error(`the contract has no message ${messageId}`);
  return found;
}

function schema(name: string): Json {
  const found = contract.schemas.get(name);
  if (!found) throw new Error(`the contract has no schema ${name}`);
  return found;
}

function propertiesOf(name: string): Record<string, Json> {
  return schema(name).properties as Record<string, Json>;
}

/** Every property path a schema defines (`event.components[].lot`), through nested objects, arrays and anyOf. */
function schemaPaths(node: Json, prefix = ''): string[] {
  const paths: string[] = [];
  for (const [key, inner] of Object.entries((node.properties ?? {}) as Record<string, Json>)) {
    const path = prefix ? `${prefix}.${key}` : key;
    paths.push(path, ...schemaPaths(inner, path));
  }
  if (node.items) paths.push(...schemaPaths(node.items as Json, `${prefix}[]`));
  for (const branch of [...((node.anyOf ?? []) as Json[]), ...((node.allOf ?? []) as Json[])])
    paths.push(...schemaPaths(branch, prefix));
  return paths;
}

/** Every property path present in a value. */
function valuePaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((element) => valuePaths(element, `${prefix}[]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return [path, ...valuePaths(inner, path)];
  });
}

beforeAll(async () => {
  contract = await loadEventContract();
});

describe('event contract: the document', () => {
  it('is valid AsyncAPI, and every example validates against its own message', () => {
    expect(contract.reports.filter((report) => report.severity === 'error')).toEqual([]);
    expect(contract.document?.version()).toBe('3.0.0');
  });

  it('names the topics, partitions and headers the code uses', () => {
    const channels = contract.document!.channels().all();
    expect(channels.map((channel) => String(channel.address())).sort(byText)).toEqual(
      Object.values(TOPICS)
        .map((topic) => `{topicPrefix}${topic.name}`)
        .sort(byText),
    );
    for (const topic of Object.values(TOPICS)) {
      const channel = channels.find((candidate) => candidate.address() === `{topicPrefix}${topic.name}`)!;
      expect(channel.bindings().get('kafka')?.value()).toMatchObject({ partitions: topic.partitions });
    }
    const headers = propertiesOf('StationEventHeaders');
    expect(Object.keys(headers).sort(byText)).toEqual(Object.values(MESSAGE_HEADERS).sort(byText));
    expect(headers[MESSAGE_HEADERS.schemaVersion]!.const).toBe(String(STATION_EVENT_SCHEMA_VERSION));
    expect(Object.keys(propertiesOf('RelayedHeaders'))).toEqual([MESSAGE_HEADERS.correlationId]);
    expect(propertiesOf('StationEventMessage').schemaVersion!.const).toBe(STATION_EVENT_SCHEMA_VERSION);
    expect(propertiesOf('RackTransitionMessage').schemaVersion!.const).toBe(RACK_TRANSITION_SCHEMA_VERSION);
  });

  it("lists exactly the domain's vocabulary, in its order", () => {
    expect(schema('StationEventType').enum).toEqual([...STATION_EVENT_TYPES]);
    expect(schema('RackStatus').enum).toEqual([...RACK_STATUSES]);
    expect(schema('ComponentKind').enum).toEqual([...COMPONENT_KINDS]);
    expect(schema('StationRole').enum).toEqual([...STATION_ROLES]);
    expect(schema('RejectionReason').enum).toEqual([...REJECTION_REASONS]);
  });

  it("has the contract's patterns, fields and size limits", () => {
    expect(new RegExp(schema('Identifier').pattern as string).source).toBe(
      STATION_EVENT_LIMITS.identifierPattern.source,
    );
    expect(new RegExp(schema('StageName').pattern as string).source).toBe(STAGE_NAME_PATTERN.source);
    const event = propertiesOf('StationEvent');
    expect(Object.keys(event)).toEqual([...STATION_EVENT_FIELDS]);
    expect(event.components!.maxItems).toBe(STATION_EVENT_LIMITS.maxComponents);
    expect(event.failedComponents!.maxItems).toBe(STATION_EVENT_LIMITS.maxFailedComponents);
    expect(event.failures!.maxItems).toBe(MAX_FAILURES_PER_EVENT);
    expect(new RegExp(propertiesOf('Failure').code!.pattern as string).source).toBe(
      FAILURE_CODE_PATTERN.source,
    );
    expect(event.measurements!.maxItems).toBe(STATION_EVENT_LIMITS.maxMeasurements);
    expect(propertiesOf('Measurement').name!.maxLength).toBe(STATION_EVENT_LIMITS.maxTextLength);
  });

  describe('agrees with the decoder on what a station event may be', () => {
    const at = '2026-11-24T14:03:11.512Z';
    const base = {
      eventId: '0193d5b0-6f1e-7c2a-9a51-1f0c2b7e9d10',
      rackSerial: 'RK-2026-000123',
      stationId: 'BURNIN-07',
      stage: 'burn_in',
      type: 'failed',
      occurredAt: at,
    };
    const tray = {
      serial: 'CT-1',
      partNumber: 'CT-GB-1U',
      kind: 'compute_tray',
      supplierId: 'sup-1',
      lot: 'L1',
    };
    const measurement = { name: 'gpu_temp_max', value: 81.5, unit: 'C', low: 10, high: 90 };
    // What PostgreSQL cannot store (U+0000, lone surrogates) and the size and depth of `details` are enforced
    // by the code only; the schema describes them in words. Every other rule must give the same verdict.
    const samples: [string, Json][] = [
      ['the bare minimum', base],
      [
        'every optional field',
        {
          ...base,
          operatorId: 'op-1',
          rackModel: 'gb200',
          details: { a: { b: 1 } },
          failedComponents: ['CT-1'],
          measurements: [measurement],
        },
      ],
      ['nulls for absent optional fields', { ...base, operatorId: null, rackModel: null, details: null }],
      ['null failedComponents on failed', { ...base, failedComponents: null }],
      ['null measurements on passed', { ...base, type: 'passed', measurements: null }],
      // class-validator's IsOptional skips every rule of a null property, the type rules included.
      ['null failedComponents on passed', { ...base, type: 'passed', failedComponents: null }],
      ['null measurements on started', { ...base, type: 'started', measurements: null }],
      ['null components on started', { ...base, type: 'started', components: null }],
      ['null components on an install', { ...base, type: 'component_installed', components: null }],
      ['null measurement limits', { ...base, measurements: [{ ...measurement, low: null, high: null }] }],
      ['an upper-case eventId', { ...base, eventId: base.eventId.toUpperCase() }],
      ['an install', { ...base, stage: 'assembly', type: 'component_installed', components: [tray] }],
      [
        'a removal naming only serials',
        {
          ...base,
          type: 'component_removed',
          components: [{ serial: 'CT-1', partNumber: null, kind: null }],
        },
      ],
      ['an offset without seconds', { ...base, occurredAt: '2026-11-24T14:03+01:00' }],
      ['a week date', { ...base, occurredAt: '2026-W48-2T14:03:11Z' }],
      ['an unknown field', { ...base, note: 'x' }],
      ['no eventId', { ...base, eventId: undefined }],
      ['an eventId that is not a UUID', { ...base, eventId: 'not-a-uuid' }],
      ['an identifier of 65 characters', { ...base, rackSerial: `R${'x'.repeat(64)}` }],
      ['an identifier starting with a dash', { ...base, stationId: '-BURNIN' }],
      ['a stage in capitals', { ...base, stage: 'Burn_in' }],
      ['an unknown type', { ...base, type: 'shipped' }],
      ['a time without a zone', { ...base, occurredAt: '2026-11-24T14:03:11.512' }],
      ['a lower-case z', { ...base, occurredAt: '2026-11-24T14:03:11.512z' }],
      ['a space for the T', { ...base, occurredAt: '2026-11-24 14:03:11Z' }],
      ['details that are a list', { ...base, details: [1] }],
      ['components on started', { ...base, type: 'started', components: [tray] }],
      ['an install without components', { ...base, type: 'component_installed' }],
      ['an install with an empty list', { ...base, type: 'component_installed', components: [] }],
      [
        'an install without a lot',
        { ...base, type: 'component_installed', components: [{ ...tray, lot: undefined }] },
      ],
      [
        'an install with a null kind',
        { ...base, type: 'component_installed', components: [{ ...tray, kind: null }] },
      ],
      [
        'an unknown component kind',
        { ...base, type: 'component_removed', components: [{ ...tray, kind: 'fan' }] },
      ],
      [
        'an unknown component field',
        { ...base, type: 'component_removed', components: [{ ...tray, rev: 'B' }] },
      ],
      ['failedComponents on passed', { ...base, type: 'passed', failedComponents: ['CT-1'] }],
      [
        'failure codes on failed',
        { ...base, failures: [{ code: 'XID-79', componentSerial: 'CT-1', message: 'off the bus' }] },
      ],
      ['a failure code in lower case', { ...base, failures: [{ code: 'xid-79' }] }],
      ['an empty list of failures', { ...base, failures: [] }],
      ['failure codes on passed', { ...base, type: 'passed', failures: [{ code: 'XID-79' }] }],
      ['an unknown failure field', { ...base, failures: [{ code: 'XID-79', severity: 'high' }] }],
      ['measurements on started', { ...base, type: 'started', measurements: [measurement] }],
      ['a measurement without a unit', { ...base, measurements: [{ ...measurement, unit: undefined }] }],
      ['a measurement with an empty name', { ...base, measurements: [{ ...measurement, name: '' }] }],
      ['a unit of 17 characters', { ...base, measurements: [{ ...measurement, unit: 'u'.repeat(17) }] }],
      ['a measured value as text', { ...base, measurements: [{ ...measurement, value: '81.5' }] }],
      ['an unknown measurement field', { ...base, measurements: [{ ...measurement, method: 'ipmi' }] }],
    ];

    it.each(samples)('%s', (_name, event) => {
      const envelope = {
        schemaVersion: 1,
        event,
        station: {
          stationId: 'BURNIN-07',
          stage: 'burn_in',
          role: 'station',
          siteId: 'site-1',
          lineId: 'line-1',
        },
        receivedAt: '2026-11-24T14:03:12.000Z',
      };
      const validate = validators('stationEvent').payload!;
      let decoded: unknown;
      try {
        decoded = decodeStationEventMessage(Buffer.from(JSON.stringify(envelope))).message;
      } catch {
        decoded = undefined;
      }
      // What ingest writes for an accepted event is the decoded one (eventId in lower case): that must validate.
      // A refused event must not.
      const acceptedByCode = decoded !== undefined;
      const problems = validate(acceptedByCode ? JSON.parse(JSON.stringify(decoded)) : envelope);
      expect({
        acceptedByCode,
        acceptedBySchema: problems.length === 0,
        schemaProblems: acceptedByCode ? problems : [],
      }).toEqual({ acceptedByCode, acceptedBySchema: acceptedByCode, schemaProblems: [] });
    });
  });
});

interface Consumed {
  topic: string;
  key: string | null;
  headers: Record<string, string>;
  value: Buffer;
}

describe('event contract: what the services produce', () => {
  let database: TestDatabase;
  let prefix: string;
  let ingest: RunningService;
  const services: RunningService[] = [];
  const stations = new Map<string, RegisteredStation>();
  let consumer: Consumer;
  const consumed: Consumed[] = [];
  let clock = Date.now() - 3_600_000;
  let accepted = 0;
  const RAW_SERIAL = 'RK-CONTRACT-RAW';

  const topic = (name: string) => `${prefix}${name}`;
  const on = (name: string) => consumed.filter((message) => message.topic === topic(name));
  const parsed = (message: Consumed) => JSON.parse(message.value.toString('utf8')) as Json;

  async function post(station: string, events: Json[]): Promise<void> {
    const { stationId, stage, token } = stations.get(station)!;
    const full = events.map((event) => {
      clock += 1000;
      return { eventId: randomUUID(), stationId, stage, occurredAt: new Date(clock).toISOString(), ...event };
    });
    const answer =
      full.length === 1
        ? await call(`${ingest.url}/v1/events`, { token, json: full[0] })
        : await call(`${ingest.url}/v1/events/batch`, { token, json: { events: full } });
    expect(answer.status).toBe(202);
  }

  async function produceRaw(value: Buffer): Promise<void> {
    const producer = testKafka().producer();
    await producer.connect();
    try {
      await producer.send({
        topic: topic(TOPICS.stationEvents.name),
        acks: -1,
        messages: [{ key: RAW_SERIAL, value }],
      });
    } finally {
      await producer.disconnect();
    }
  }

  beforeAll(async () => {
    [database, prefix] = await Promise.all([createTestDatabase('contract'), createTestTopics()]);
    const env = {
      DATABASE_URL: database.url,
      KAFKA_TOPIC_PREFIX: prefix,
      TRACKER_CONSUMER_GROUP: `g-${prefix}`,
    };
    services.push(...(await Promise.all([startService('ingest', env), startService('tracker', env)])));
    ingest = services[0]!;
    for (const stage of ['assembly', 'burn_in', 'qa', 'ship'])
      stations.set(
        stage,
        await registerStation(ingest.url, { stationId: `${stage.toUpperCase()}-CT`, stage }),
      );
    stations.set(
      'supervisor',
      await registerStation(ingest.url, { stationId: 'SUP-CT', stage: 'assembly', role: 'supervisor' }),
    );

    consumer = testKafka().consumer({ groupId: `contract-${randomUUID()}`, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({
      topics: Object.values(TOPICS).map((entry) => topic(entry.name)),
      fromBeginning: true,
    });
    await consumer.run({
      eachMessage: async ({ topic: from, message }) => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(message.headers ?? {}))
          if (value !== undefined) headers[name] = String(value);
        consumed.push({
          topic: from,
          key: message.key?.toString('utf8') ?? null,
          headers,
          value: message.value!,
        });
      },
    });

    // One rack through every event type and every optional field, singly and in batches.
    const rack = 'RK-CONTRACT-1';
    const tray = {
      serial: 'CT-CONTRACT-1',
      partNumber: 'CT-GB-1U',
      kind: 'compute_tray',
      supplierId: 'sup-tx-01',
      lot: 'L2611-04',
    };
    const gpu = {
      serial: 'GPU-CONTRACT-1',
      partNumber: 'GPU-B200',
      kind: 'gpu',
      supplierId: 'sup-tw-02',
      lot: 'W47-A',
      parentSerial: tray.serial,
    };
    const temperature = { name: 'gpu_temp_max', value: 78.5, unit: 'C', low: 10, high: 90 };
    await post('assembly', [
      {
        rackSerial: rack,
        type: 'started',
        rackModel: 'default',
        operatorId: 'op-4411',
        details: { shift: 'B', bay: { row: 3 } },
      },
    ]);
    await post('assembly', [
      { rackSerial: rack, type: 'component_installed', components: [tray, gpu] },
      { rackSerial: rack, type: 'component_removed', components: [{ serial: gpu.serial, partNumber: null }] },
      { rackSerial: rack, type: 'passed', measurements: [{ name: 'torque_check', value: 1, unit: 'bool' }] },
    ]);
    // The default route has no dwell: the location is carried (and validated) but the tracker ignores it.
    await post('burn_in', [{ rackSerial: rack, type: 'started', location: { cell: 'BI-A1', position: 12 } }]);
    await post('burn_in', [
      {
        rackSerial: rack,
        type: 'failed',
        failedComponents: [tray.serial],
        failures: [{ code: 'XID-48', componentSerial: tray.serial, message: 'double-bit ECC error' }],
        measurements: [{ ...temperature, value: 97.5 }],
        details: { durationMinutes: 720 },
      },
    ]);
    await post('burn_in', [
      { rackSerial: rack, type: 'rework_started' },
      { rackSerial: rack, type: 'rework_completed' },
    ]);
    await post('supervisor', [
      {
        rackSerial: rack,
        stage: 'burn_in',
        type: 'hold',
        reason: 'MRB review of GPU tray',
        reasonCode: 'mrb',
      },
    ]);
    await post('supervisor', [{ rackSerial: rack, stage: 'burn_in', type: 'release', reasonCode: 'mrb' }]);
    await post('burn_in', [
      { rackSerial: rack, type: 'started' },
      {
        rackSerial: rack,
        type: 'passed',
        measurements: [temperature, { ...temperature, name: 'coolant_delta', low: null }],
      },
    ]);
    await post('qa', [{ rackSerial: rack, type: 'started' }]);
    await post('qa', [{ rackSerial: rack, type: 'completed' }]);
    await post('ship', [
      { rackSerial: rack, type: 'started' },
      { rackSerial: rack, type: 'passed' },
    ]);
    // A second rack, scrapped, whose first event names no operator (null reads as absent).
    await post('assembly', [{ rackSerial: 'RK-CONTRACT-2', type: 'started', operatorId: null }]);
    await post('supervisor', [{ rackSerial: 'RK-CONTRACT-2', stage: 'assembly', type: 'scrap' }]);
    accepted = 18;
    // Accepted by ingest, refused by the tracker: QA cannot pass a rack it has never seen.
    await post('qa', [{ rackSerial: 'RK-CONTRACT-3', type: 'passed' }]);
    // Put on the topic by something other than ingest: bytes that are not UTF-8, and text that is not JSON.
    await produceRaw(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]));
    await produceRaw(Buffer.from('not json at all'));

    const expected = { transitions: accepted, deadLetters: 3, stationEvents: accepted + 3 };
    await expectEventually(
      () => {
        const counts = {
          transitions: on(TOPICS.rackTransitions.name).length,
          deadLetters: on(TOPICS.stationEventsDeadLetter.name).length,
          stationEvents: on(TOPICS.stationEvents.name).length,
        };
        if (JSON.stringify(counts) !== JSON.stringify(expected))
          throw new Error(`consumed ${JSON.stringify(counts)}, waiting for ${JSON.stringify(expected)}`);
      },
      { timeoutMs: 60_000 },
    );
  });

  afterAll(async () => {
    await consumer?.disconnect();
    await Promise.all(services.map((service) => service.stop()));
    await database?.drop();
  });

  function expectValid(messageId: string, messages: Consumed[]): Json[] {
    const { payload, headers, key } = validators(messageId);
    const values = messages.map(parsed);
    const problems = messages.flatMap((message, index) => {
      const found = [
        ...payload!(values[index]).map((problem) => `payload ${problem}`),
        ...headers!(message.headers).map((problem) => `headers ${problem}`),
        ...key!(message.key).map((problem) => `key ${problem}`),
      ];
      return found.length === 0 ? [] : [{ key: message.key, value: values[index], problems: found }];
    });
    expect(problems).toEqual([]);
    return values;
  }

  it("ingest's station-events messages validate against the stationEvent message", () => {
    const fromIngest = on(TOPICS.stationEvents.name).filter((message) => message.key !== RAW_SERIAL);
    const values = expectValid('stationEvent', fromIngest);
    expect(new Set(values.map((value) => (value.event as Json).type))).toEqual(new Set(STATION_EVENT_TYPES));
    fromIngest.forEach((message, index) =>
      expect(message.key).toBe((values[index]!.event as Json).rackSerial),
    );
    // Every field the schema defines was exercised, so none of them can drift unnoticed.
    expect([...new Set(values.flatMap((value) => valuePaths(value)))].sort(byText)).toEqual(
      expect.arrayContaining([...new Set(schemaPaths(schema('StationEventMessage')))].sort(byText)),
    );
  });

  it("the tracker's rack-transitions messages validate against the rackTransition message", () => {
    const messages = on(TOPICS.rackTransitions.name);
    const values = expectValid('rackTransition', messages);
    messages.forEach((message, index) => expect(message.key).toBe(values[index]!.rackSerial));
    expect(values.map((value) => value.rackSerial)).toContain('RK-CONTRACT-1');
    expect(values.find((value) => value.from === null)).toBeDefined();
    expect(values.map((value) => (value.to as Json).status)).toEqual(
      expect.arrayContaining(['shipped', 'scrapped']),
    );
    expect(messages.every((message) => message.headers[MESSAGE_HEADERS.correlationId])).toBe(true);
  });

  it("the tracker's dead letters validate against the deadLetter message, raw bytes included", () => {
    const values = expectValid('deadLetter', on(TOPICS.stationEventsDeadLetter.name));
    expect(values).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ reason: 'illegal_transition', rackSerial: 'RK-CONTRACT-3' }),
        expect.objectContaining({ reason: 'malformed', original: null, originalBytes: 4 }),
        expect.objectContaining({ reason: 'malformed', original: 'not json at all' }),
      ]),
    );
    expect([...new Set(values.flatMap((value) => valuePaths(value)))]).toEqual(
      expect.arrayContaining([...new Set(schemaPaths(schema('DeadLetterMessage')))]),
    );
  });

  it('the schemas are closed: a field the code adds, or one it stops writing, fails validation', () => {
    const cases: [string, Json][] = [
      ['stationEvent', parsed(on(TOPICS.stationEvents.name).find((message) => message.key !== RAW_SERIAL)!)],
      ['rackTransition', parsed(on(TOPICS.rackTransitions.name)[0]!)],
      ['deadLetter', parsed(on(TOPICS.stationEventsDeadLetter.name)[0]!)],
    ];
    for (const [messageId, value] of cases) {
      const { payload } = validators(messageId);
      expect(payload!({ ...value, addedByCode: true })).not.toEqual([]);
      const required = (value.event ?? value) as Json;
      const withoutOne = { ...required };
      delete withoutOne[Object.keys(withoutOne)[0]!];
      expect(payload!(value.event ? { ...value, event: withoutOne } : withoutOne)).not.toEqual([]);
    }
  });
});
