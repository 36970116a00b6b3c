// Passport benchmark: what sealing and exporting passports costs, on this machine.
//
//   npm run bench:passports            # 300 build-and-sign runs, then 1,000 passports exported as NDJSON
//   BENCH_PASSPORTS=5000 npm run bench:passports
//
// 1. Build and sign one GB200-class rack's passport (237 parts, the evidence of a failed and a passed soak) in
//    process: p50/p99 of build + sign, and the size of the signed document.
// 2. Export: BENCH_PASSPORTS shipped racks' passports stored in a dedicated database, streamed by the real api
//    (GET /v1/passports, NDJSON) to one client: time to the last byte, bytes, and the api's peak resident memory
//    before and after (VmHWM), which shows whether the export holds the shipment in memory.
import { generateKeyPairSync } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { buildRackPassport, publicJwkOf, signPassport, type PassportFacts } from '#contracts';
import { fullRackFacts } from '../../../libs/contracts/src/passport/testing/passport-fixtures.js';
import {
  BENCH_ADMIN_TOKEN,
  formatMs,
  percentile,
  preparedDatabase,
  startBuiltService,
} from './genealogy-bench-support.js';

const DATABASE = process.env.BENCH_PASSPORT_DB ?? 'rack_tracker_bench_passports';
const PASSPORTS = Number(process.env.BENCH_PASSPORTS ?? 1000);
const RUNS = 300;
const SITE = 'fab-bench';

function facts(serial: string): PassportFacts {
  const base = fullRackFacts(serial);
  return { ...base, rack: { ...base.rack, siteId: SITE } };
}

function buildAndSign(): void {
  const key = generateKeyPairSync('ed25519').privateKey;
  const rack = facts('RK-BENCH-000001');
  const times: number[] = [];
  let text = '';
  for (let run = 0; run < RUNS + 20; run += 1) {
    const started = performance.now();
    text = JSON.stringify(
      signPassport(buildRackPassport(rack, 1, new Date(), `urn:uuid:${crypto.randomUUID()}`), key),
    );
    // The first runs warm the JIT; they are not the steady state a tracker seals in.
    if (run >= 20) times.push(performance.now() - started);
  }
  const bytes = Buffer.byteLength(text);
  console.log(
    `build + sign, ${rack.parts.length} parts, ${RUNS} runs: p50 ${formatMs(percentile(times, 50))}, p99 ${formatMs(percentile(times, 99))}; ` +
      `${(bytes / 1024).toFixed(1)} KiB signed (${(gzipSync(text).length / 1024).toFixed(1)} KiB gzipped)`,
  );
}

async function seedShipment(db: pg.Client): Promise<void> {
  await db.query('TRUNCATE rack_passport, passport_signing_key');
  const key = generateKeyPairSync('ed25519').privateKey;
  const jwk = publicJwkOf(key);
  await db.query('INSERT INTO passport_signing_key (key_id, public_jwk) VALUES ($1, $2)', [jwk.kid, jwk]);
  const shipped = Date.parse('2026-11-30T00:00:00Z');
  for (let index = 0; index < PASSPORTS; index += 100) {
    const rows = Array.from({ length: Math.min(100, PASSPORTS - index) }, (_, offset) => {
      const serial = `RK-BENCH-${String(index + offset + 1).padStart(6, '0')}`;
      const at = new Date(shipped + (index + offset) * 600_000);
      const document = JSON.stringify(
        signPassport(buildRackPassport(facts(serial), 1, at, `urn:uuid:${crypto.randomUUID()}`), key),
      );
      return { serial, at: at.toISOString(), eventId: crypto.randomUUID(), document };
    });
    await db.query(
      `INSERT INTO rack_passport (rack_serial, version, ship_event_id, site_id, shipped_at, sealed_at, key_id, document)
       SELECT r.serial, 1, r."eventId", $2, r.at, r.at, $3, r.document
         FROM jsonb_to_recordset($1::jsonb) AS r(serial text, at timestamptz, "eventId" uuid, document text)`,
      [JSON.stringify(rows), SITE, jwk.kid],
    );
  }
}

async function exportShipment(url: string): Promise<void> {
  const api = await startBuiltService('api', { DATABASE_URL: url, RATE_LIMIT_PER_SECOND: '0' });
  try {
    // Warm the api (connection pool, JIT) with a small export before measuring.
    await (
      await fetch(`${api.url}/v1/passports?site=nowhere`, {
        headers: { authorization: `Bearer ${BENCH_ADMIN_TOKEN}` },
      })
    ).text();
    const before = api.peakRssMb();
    const started = performance.now();
    const response = await fetch(`${api.url}/v1/passports?site=${SITE}`, {
      headers: { authorization: `Bearer ${BENCH_ADMIN_TOKEN}` },
    });
    let bytes = 0;
    let lines = 0;
    for await (const chunk of response.body!) {
      bytes += chunk.length;
      for (const byte of chunk) if (byte === 10) lines += 1;
    }
    const ms = performance.now() - started;
    const after = api.peakRssMb();
    console.log(
      `NDJSON export of ${lines} passports (${(bytes / 1_048_576).toFixed(1)} MiB): ${formatMs(ms)} to the last byte ` +
        `(${(bytes / 1_048_576 / (ms / 1000)).toFixed(1)} MiB/s); api peak RSS ${before} MiB before, ${after} MiB after`,
    );
    if (lines !== PASSPORTS) process.exitCode = 1;
  } finally {
    await api.stop();
  }
}

async function main(): Promise<void> {
  buildAndSign();
  const url = await preparedDatabase(DATABASE, { fresh: true });
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    await seedShipment(db);
  } finally {
    await db.end();
  }
  await exportShipment(url);
}

await main();
