import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { STATION_EVENT_FIELDS } from '#contracts';
import {
  call,
  registerStation,
  stationEvent,
  type RegisteredStation,
  startService,
  type RunningService,
  ADMIN_TOKEN,
  createTestDatabase,
  createTestTopics,
  type TestDatabase,
} from '#testing';

// Thousands in CI; ten times more in `npm run test:chaos`.
const SCALE = process.env.CHAOS_MODE === 'full' ? 10 : 1;
const SEED = Number(process.env.CHAOS_SEED ?? 20261124);

interface Probe {
  /** What the payload is, for the failure message. */
  name: string;
  path?: string;
  method?: string;
  body?: string | Buffer;
  contentType?: string | null;
  authorization?: string | null;
  /** 'refused': built to be wrong, must get a 4xx. 'any': may be valid by chance, must not get a 5xx. */
  expect: 'refused' | 'any';
  /** The one refusal that is right, when only one is (a 400 naming the path, not any 4xx). */
  status?: number;
}

interface Answer {
  probe: Probe;
  status: number;
  body: unknown;
}

/** A clear 4xx: our error shape, with the status repeated and a message; a 400 for validation names its fields. */
function unclearRefusal(answer: Answer): string | null {
  const body = answer.body as {
    statusCode?: unknown;
    error?: unknown;
    message?: unknown;
    errors?: unknown;
  } | null;
  if (body === null || typeof body !== 'object') return 'body is not a JSON object';
  if (body.statusCode !== answer.status)
    return `statusCode ${String(body.statusCode)} differs from the HTTP status`;
  if (typeof body.error !== 'string' || typeof body.message !== 'string' || body.message.length === 0)
    return 'no error or message';
  if (body.message === 'Validation failed') {
    const errors = body.errors as { path?: unknown; reason?: unknown }[] | undefined;
    if (!Array.isArray(errors) || errors.length === 0) return 'validation failure without field errors';
    if (errors.some((error) => typeof error.path !== 'string' || typeof error.reason !== 'string'))
      return 'field error without path or reason';
  }
  return null;
}

function nested(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

describe('ingest fuzz: malformed, oversized and hostile payloads', () => {
  let database: TestDatabase;
  let ingest: RunningService;
  let station: RegisteredStation;
  let other: RegisteredStation;
  let revoked: RegisteredStation;
  const answers: Answer[] = [];

  async function send(probe: Probe): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (probe.contentType !== null) headers['content-type'] = probe.contentType ?? 'application/json';
    if (probe.authorization !== null)
      headers.authorization = probe.authorization ?? `Bearer ${station.token}`;
    const response = await fetch(`${ingest.url}${probe.path ?? '/v1/events'}`, {
      method: probe.method ?? 'POST',
      headers,
      body: probe.body,
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      // not JSON: reported by unclearRefusal
    }
    const answer = { probe, status: response.status, body };
    answers.push(answer);
    return answer;
  }

  async function sendAll(probes: readonly Probe[], concurrency = 8): Promise<Answer[]> {
    const queue = [...probes];
    const out: Answer[] = [];
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let probe = queue.shift(); probe !== undefined; probe = queue.shift())
          out.push(await send(probe));
      }),
    );
    return out;
  }

  function problems(list: readonly Answer[]): string[] {
    return list.flatMap((answer) => {
      const where = `${answer.probe.name} → ${answer.status}`;
      // Refused by Node's HTTP parser before any of our code runs: the status line is all there is.
      if (answer.status === 431 || answer.status === 414) return [];
      if (answer.status >= 500)
        return [`${where}: server error ${JSON.stringify(answer.body).slice(0, 200)}`];
      if (answer.probe.status !== undefined && answer.status !== answer.probe.status)
        return [`${where}: expected ${answer.probe.status}`];
      if (answer.status >= 400) {
        const unclear = unclearRefusal(answer);
        return unclear ? [`${where}: ${unclear}`] : [];
      }
      if (answer.probe.expect === 'refused') return [`${where}: accepted a payload built to be refused`];
      return answer.status === 202 ? [] : [`${where}: unexpected status`];
    });
  }

  beforeAll(async () => {
    const prefix = await createTestTopics();
    database = await createTestDatabase('fuzz');
    // Rate limiting off: thousands of probes come from one station token, and each must reach validation.
    ingest = await startService('ingest', {
      DATABASE_URL: database.url,
      KAFKA_TOPIC_PREFIX: prefix,
      RATE_LIMIT_PER_SECOND: '0',
    });
    [station, other, revoked] = await Promise.all([
      registerStation(ingest.url, { stationId: 'FUZZ-ASSY-01', stage: 'assembly' }),
      registerStation(ingest.url, { stationId: 'FUZZ-QA-01', stage: 'qa' }),
      registerStation(ingest.url, { stationId: 'FUZZ-GONE-01', stage: 'assembly' }),
    ]);
    const gone = await call(`${ingest.url}/v1/stations/${revoked.stationId}`, {
      method: 'DELETE',
      token: ADMIN_TOKEN,
    });
    if (gone.status !== 204) throw new Error(`revoking ${revoked.stationId} answered ${gone.status}`);
  });

  afterAll(async () => {
    await ingest?.stop();
    await database?.drop();
  });

  it('refuses broken bodies, wrong media types, bad credentials and oversized requests with a clear 4xx', async () => {
    const valid = () => stationEvent(station);
    const text = JSON.stringify(valid());
    const probes: Probe[] = [
      { name: 'empty body', body: '', expect: 'refused' },
      { name: 'JSON null', body: 'null', expect: 'refused' },
      { name: 'JSON array', body: '[]', expect: 'refused' },
      { name: 'JSON number', body: '42', expect: 'refused' },
      { name: 'JSON string', body: '"event"', expect: 'refused' },
      { name: 'truncated JSON', body: text.slice(0, text.length / 2), expect: 'refused' },
      { name: 'trailing garbage', body: `${text}}}`, expect: 'refused' },
      {
        name: 'invalid UTF-8',
        body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
        expect: 'refused',
      },
      { name: 'NaN literal', body: text.replace('{', '{"x":NaN,'), expect: 'refused' },
      { name: 'arrays nested 5,000 deep', body: `{"eventId":${nested(5000)}}`, expect: 'refused' },
      {
        name: 'arrays nested 100,000 deep (200 kB)',
        body: `{"details":${nested(100_000)}}`,
        expect: 'refused',
      },
      {
        name: 'objects nested 20,000 deep',
        body: `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`,
        expect: 'refused',
      },
      // Prototype keys are refused with a 400 naming their path, never dropped or assigned: what a station sends
      // is what reaches Kafka, or nothing does.
      {
        name: '__proto__ pollution',
        body: text.replace('{', '{"__proto__":{"polluted":true},'),
        expect: 'refused',
        status: 400,
      },
      {
        name: 'constructor.prototype pollution',
        body: text.replace('{', '{"constructor":{"prototype":{"polluted":true}},'),
        expect: 'refused',
        status: 400,
      },
      {
        name: '__proto__ inside details',
        body: JSON.stringify({
          ...valid(),
          details: JSON.parse('{"__proto__":{"polluted":true}}') as object,
        }),
        expect: 'refused',
        status: 400,
      },
      {
        name: '2 MB body',
        body: JSON.stringify({ ...valid(), details: { blob: 'x'.repeat(2_000_000) } }),
        expect: 'refused',
      },
      {
        name: '1 MB string in a field',
        body: JSON.stringify({ ...valid(), rackSerial: 'R'.repeat(1_000_000) }),
        expect: 'refused',
      },
      { name: 'text/plain', body: text, contentType: 'text/plain', expect: 'refused' },
      {
        name: 'form encoded',
        body: 'eventId=1&type=started',
        contentType: 'application/x-www-form-urlencoded',
        expect: 'refused',
      },
      { name: 'no content type', body: text, contentType: null, expect: 'refused' },
      {
        name: 'UTF-16 charset',
        body: text,
        contentType: 'application/json; charset=utf-16',
        expect: 'refused',
      },
      {
        name: 'unknown charset',
        body: text,
        contentType: 'application/json; charset=klingon',
        expect: 'refused',
      },
      { name: 'no credentials', body: text, authorization: null, expect: 'refused' },
      { name: 'Basic credentials', body: text, authorization: 'Basic dXNlcjpwYXNz', expect: 'refused' },
      { name: 'bare Bearer', body: text, authorization: 'Bearer', expect: 'refused' },
      { name: '16 kB token', body: text, authorization: `Bearer ${'t'.repeat(16_384)}`, expect: 'refused' },
      {
        name: 'revoked station',
        body: JSON.stringify(stationEvent(revoked)),
        authorization: `Bearer ${revoked.token}`,
        expect: 'refused',
      },
      { name: 'event for another station', body: JSON.stringify(stationEvent(other)), expect: 'refused' },
      {
        name: 'stage the station does not serve',
        body: JSON.stringify({ ...valid(), stage: 'qa' }),
        expect: 'refused',
      },
      {
        name: 'batch of 501',
        path: '/v1/events/batch',
        body: JSON.stringify({ events: Array.from({ length: 501 }, valid) }),
        expect: 'refused',
      },
      { name: 'empty batch', path: '/v1/events/batch', body: '{"events":[]}', expect: 'refused' },
      { name: 'batch not a list', path: '/v1/events/batch', body: '{"events":{"0":{}}}', expect: 'refused' },
      {
        name: 'batch with one bad event',
        path: '/v1/events/batch',
        body: JSON.stringify({ events: [valid(), { ...valid(), type: 'exploded' }, valid()] }),
        expect: 'refused',
      },
      {
        name: 'batch with a foreign event',
        path: '/v1/events/batch',
        body: JSON.stringify({ events: [valid(), stationEvent(other)] }),
        expect: 'refused',
      },
      {
        name: 'details 5 levels deep',
        body: JSON.stringify({ ...valid(), details: { a: { b: { c: { d: { e: 1 } } } } } }),
        expect: 'refused',
      },
      {
        name: 'details over 4 kB',
        body: JSON.stringify({ ...valid(), details: { note: 'n'.repeat(4100) } }),
        expect: 'refused',
      },
      { name: 'details as a list', body: JSON.stringify({ ...valid(), details: [1, 2] }), expect: 'refused' },
      {
        name: 'measurement value 1e999 (Infinity)',
        body: text
          .replace('{', '{"measurements":[{"name":"t","value":1e999,"unit":"C"}],')
          .replace('"started"', '"passed"'),
        expect: 'refused',
      },
      {
        name: '201 measurements',
        body: JSON.stringify({
          ...valid(),
          type: 'passed',
          measurements: Array.from({ length: 201 }, () => ({ name: 't', value: 1, unit: 'C' })),
        }),
        expect: 'refused',
      },
      {
        name: 'measurements on started',
        body: JSON.stringify({ ...valid(), measurements: [{ name: 't', value: 1, unit: 'C' }] }),
        expect: 'refused',
      },
      {
        name: 'components on started',
        body: JSON.stringify({ ...valid(), components: [{ serial: 'C1' }] }),
        expect: 'refused',
      },
      {
        name: 'component_installed without components',
        body: JSON.stringify({ ...valid(), type: 'component_installed' }),
        expect: 'refused',
      },
      {
        name: '257 components',
        body: JSON.stringify({
          ...valid(),
          type: 'component_removed',
          components: Array.from({ length: 257 }, (_, index) => ({ serial: `C${index}` })),
        }),
        expect: 'refused',
      },
      {
        name: 'February 30th',
        body: JSON.stringify({ ...valid(), occurredAt: '2026-02-30T10:00:00Z' }),
        expect: 'refused',
      },
      {
        name: 'year 275760',
        body: JSON.stringify({ ...valid(), occurredAt: '+275760-09-13T00:00:00Z' }),
        expect: 'refused',
      },
      {
        name: 'no time zone',
        body: JSON.stringify({ ...valid(), occurredAt: '2026-11-20T10:00:00' }),
        expect: 'refused',
      },
      {
        name: 'date only',
        body: JSON.stringify({ ...valid(), occurredAt: '2026-11-20' }),
        expect: 'refused',
      },
      {
        name: 'eventId not a UUID',
        body: JSON.stringify({ ...valid(), eventId: 'not-a-uuid' }),
        expect: 'refused',
      },
      {
        name: 'SQL in the serial',
        body: JSON.stringify({ ...valid(), rackSerial: "RK-1'; DROP TABLE rack; --" }),
        expect: 'refused',
      },
      { name: 'path traversal', path: '/v1/events/../../v1/stations', body: text, expect: 'refused' },
      { name: 'GET on the collection', method: 'GET', body: undefined, expect: 'refused' },
      { name: 'unknown route', path: '/v1/eventz', body: text, expect: 'refused' },
    ];
    const answered = await sendAll(probes, 4);
    expect(problems(answered)).toEqual([]);
  });

  it('answers thousands of mutated events with 202 or a clear 4xx, never a 5xx', async () => {
    const fieldNames = [...STATION_EVENT_FIELDS, 'extra'];
    const hostileString = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 80 }),
      fc.string({ unit: 'grapheme', maxLength: 80 }),
      fc.constantFrom(
        '',
        ' ',
        '\u202e',
        '\ud800',
        '../../etc/passwd',
        '<script>alert(1)</script>',
        "'; DROP TABLE rack; --",
        'A'.repeat(65),
        '0193d5b0-6f1e-7c2a-9a51-1f0c2b7e9d10',
      ),
    );
    const hostileValue = fc.oneof(
      fc.jsonValue({ maxDepth: 6 }),
      hostileString,
      fc.constantFrom(null, true, 0, -1, 1e308, [], {}),
    );
    const mutation = fc.record({
      remove: fc.subarray(fieldNames, { maxLength: 3 }),
      replace: fc.dictionary(fc.constantFrom(...fieldNames), hostileValue, { maxKeys: 4 }),
      type: fc.constantFrom(
        'started',
        'passed',
        'failed',
        'completed',
        'hold',
        'component_installed',
        'component_removed',
        'scrap',
      ),
      batch: fc.boolean(),
    });
    const samples = fc.sample(mutation, { seed: SEED, numRuns: 2000 * SCALE });
    const probes = samples.map((sample, index): Probe => {
      const event: Record<string, unknown> = { ...stationEvent(station), type: sample.type };
      for (const field of sample.remove) delete event[field];
      Object.assign(event, sample.replace);
      return sample.batch
        ? {
            name: `mutation ${index} (batch) ${JSON.stringify(sample).slice(0, 160)}`,
            path: '/v1/events/batch',
            body: JSON.stringify({ events: [stationEvent(station), event] }),
            expect: 'any',
          }
        : {
            name: `mutation ${index} ${JSON.stringify(sample).slice(0, 160)}`,
            body: JSON.stringify(event),
            expect: 'any',
          };
    });
    const answered = await sendAll(probes, 8);
    expect(problems(answered)).toEqual([]);
    // The fuzz must really probe both sides: most mutations are refused, some are (still) valid events.
    const byStatus = answered.reduce<Record<number, number>>(
      (counts, answer) => ({ ...counts, [answer.status]: (counts[answer.status] ?? 0) + 1 }),
      {},
    );
    expect({
      refusedShare: (byStatus[400] ?? 0) / answered.length > 0.3,
      someAccepted: (byStatus[202] ?? 0) > 0,
      byStatus,
    }).toMatchObject({
      refusedShare: true,
      someAccepted: true,
    });
  });

  it('refuses text and numbers an accepted event could never be stored with (U+0000, lone surrogates, 1e400)', async () => {
    // PostgreSQL's jsonb and text cannot hold U+0000: an event carrying it, once acknowledged, can never be recorded by
    // the tracker and stalls its partition. Ingest must refuse it at the door.
    const probes: Probe[] = [
      {
        name: 'U+0000 in details',
        body: JSON.stringify({ ...stationEvent(station), details: { note: 'a\u0000b' } }),
        expect: 'refused',
      },
      {
        name: 'U+0000 in a measurement name',
        body: JSON.stringify({
          ...stationEvent(station),
          type: 'passed',
          measurements: [{ name: 't\u0000', value: 1, unit: 'C' }],
        }),
        expect: 'refused',
      },
      // JSON.stringify writes a lone surrogate as the escape \ud800, which the body parser turns back into one.
      {
        name: 'a lone surrogate in details',
        body: JSON.stringify({ ...stationEvent(station), details: { note: '\ud800' } }),
        expect: 'refused',
      },
      {
        name: 'a lone surrogate in a details key',
        body: JSON.stringify({ ...stationEvent(station), details: { ['\udc00']: 1 } }),
        expect: 'refused',
      },
      {
        name: 'a lone surrogate in a measurement unit',
        body: JSON.stringify({
          ...stationEvent(station),
          type: 'passed',
          measurements: [{ name: 't', value: 1, unit: 'C\udbff' }],
        }),
        expect: 'refused',
      },
      {
        name: 'a number beyond double precision in details',
        body: JSON.stringify({ ...stationEvent(station), details: { big: 1 } }).replace(
          '"big":1',
          '"big":1e400',
        ),
        expect: 'refused',
      },
    ];
    const answered = await sendAll(probes, 1);
    expect(problems(answered)).toEqual([]);
  });

  it('is still alive and healthy after all of it, and never logged an unhandled error', async () => {
    expect(answers.length).toBeGreaterThan(2000 * SCALE);
    const health = await call(`${ingest.url}/health`);
    expect(health.status).toBe(200);
    const exited = await Promise.race([ingest.exited.then(() => true), Promise.resolve(false)]);
    expect(exited).toBe(false);
    expect(ingest.logs.filter((line) => /unhandled|uncaught|FATAL/i.test(line))).toEqual([]);
  });

  it('still serves a well-behaved terminal afterwards: an event is accepted, and its re-post answered as a duplicate', async () => {
    const event = stationEvent(station, { eventId: randomUUID() });
    const first = await send({ name: 'original', body: JSON.stringify(event), expect: 'any' });
    const again = await send({ name: 'repeat', body: JSON.stringify(event), expect: 'any' });
    expect([first.status, again.status]).toEqual([202, 202]);
    expect((again.body as { events: { status: string }[] }).events[0].status).toBe('duplicate');
  });
});
