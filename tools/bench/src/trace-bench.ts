// Trace benchmark: a year of production — 52,000 racks × 150 parts ≈ 7.8 million component
// installs — generated inside PostgreSQL (INSERT … SELECT generate_series, indexes built afterwards) in a
// dedicated database, then many GET /v1/trace calls of different selectivity through the real api service.
//
//   npm run build && npm run bench:trace                 # loads once, reuses the dataset on later runs
//   npm run bench:trace -- --reload                      # regenerate the dataset
//   BENCH_TRACE_RACKS=5000 npm run bench:trace           # a smaller dataset for a quick look
//
// Prints p50/p99 per query kind and overall; exits non-zero when the overall p99 misses the 200 ms target.
import pg from 'pg';
import {
  BENCH_ADMIN_TOKEN,
  formatMs,
  percentile,
  preparedDatabase,
  startBuiltService,
} from './genealogy-bench-support.js';

const DATABASE = process.env.BENCH_TRACE_DB ?? 'rack_tracker_bench_trace';
const RACKS = Number(process.env.BENCH_TRACE_RACKS ?? 52_000);
const QUERIES_PER_KIND = Number(process.env.BENCH_TRACE_QUERIES ?? 150);
const SUMMARY_QUERIES_PER_KIND = Number(process.env.BENCH_TRACE_SUMMARY_QUERIES ?? 20);
const TARGET_P99_MS = 200;
// Bumped whenever the generator changes, so a stale dataset is regenerated rather than measured.
const DATASET_VERSION = 1;
const PARTS_PER_RACK = 150;

/**
 * One rack's 150 slots: 18 compute trays each seating 4 GPUs and 2 CPUs, 9 switch trays, 6 power shelves,
 * 4 cable cartridges, 2 cooling units and 3 NICs. Suppliers split each kind by a stable hash; lots roll
 * over every `racksPerLot` racks, and one part in twenty comes from the previous lot (stock left on the
 * shelf), so a lot spans a run of racks with a tail, as on a real line.
 */
const GENERATE_INSTALLS = `
WITH slot AS (
  SELECT s,
         CASE WHEN s <= 18 THEN 'compute_tray' WHEN s <= 90 THEN 'gpu' WHEN s <= 126 THEN 'cpu'
              WHEN s <= 135 THEN 'switch_tray' WHEN s <= 141 THEN 'psu' WHEN s <= 145 THEN 'cable_cartridge'
              WHEN s <= 147 THEN 'cooling' ELSE 'nic' END AS kind,
         CASE WHEN s BETWEEN 19 AND 90 THEN (s - 19) / 4 + 1 WHEN s BETWEEN 91 AND 126 THEN (s - 91) / 2 + 1 END AS tray
    FROM generate_series(1, ${PARTS_PER_RACK}) AS s
), part AS (
  SELECT r.i, r.serial, r.model, r.started_at, slot.s, slot.kind, slot.tray,
         (r.i * 7919 + slot.s * 104729) % 100 AS h
    FROM (SELECT i, 'RK-B-' || lpad(i::text, 6, '0') AS serial, CASE WHEN i % 5 = 0 THEN 'gb200' ELSE 'gb300' END AS model,
                 timestamptz '2026-01-05T06:00:00Z' + i * interval '606 seconds' AS started_at
            FROM generate_series($1::int, $2::int) AS i) AS r
    CROSS JOIN slot
), sourced AS (
  SELECT part.*,
         CASE kind
           WHEN 'compute_tray' THEN CASE WHEN h < 60 THEN 'sup-tx-01' ELSE 'sup-mx-01' END
           WHEN 'gpu' THEN CASE WHEN h < 70 THEN 'sup-tw-02' ELSE 'sup-us-01' END
           WHEN 'cpu' THEN CASE WHEN h < 80 THEN 'sup-tw-02' ELSE 'sup-us-02' END
           WHEN 'switch_tray' THEN CASE WHEN h < 50 THEN 'sup-us-03' ELSE 'sup-il-01' END
           WHEN 'psu' THEN CASE WHEN h < 40 THEN 'sup-cn-01' WHEN h < 75 THEN 'sup-mx-02' ELSE 'sup-us-04' END
           WHEN 'cable_cartridge' THEN 'sup-us-03'
           WHEN 'cooling' THEN CASE WHEN h < 50 THEN 'sup-de-01' ELSE 'sup-us-05' END
           ELSE CASE WHEN h < 50 THEN 'sup-il-01' ELSE 'sup-tw-03' END
         END AS supplier_id,
         CASE kind WHEN 'compute_tray' THEN 40 WHEN 'gpu' THEN 25 WHEN 'cpu' THEN 50 WHEN 'switch_tray' THEN 60
                   WHEN 'psu' THEN 100 WHEN 'cable_cartridge' THEN 200 WHEN 'cooling' THEN 300 ELSE 150 END AS racks_per_lot
    FROM part
)
INSERT INTO component_install (component_serial, rack_serial, part_number, kind, supplier_id, lot, parent_serial,
                               installed_event_id, installed_at, removed_event_id, removed_at)
SELECT upper(left(kind, 3)) || '-' || lpad(i::text, 6, '0') || '-' || lpad(s::text, 3, '0'),
       serial,
       CASE kind WHEN 'compute_tray' THEN 'CT-GB-1U' WHEN 'gpu' THEN CASE model WHEN 'gb200' THEN 'GPU-B200' ELSE 'GPU-B300' END
                 WHEN 'cpu' THEN 'CPU-GRACE' WHEN 'switch_tray' THEN 'SW-NVL5' WHEN 'psu' THEN 'PSU-33K'
                 WHEN 'cable_cartridge' THEN 'CC-NVL72' WHEN 'cooling' THEN 'CDU-LC1' ELSE 'NIC-CX8' END,
       kind,
       supplier_id,
       'L-' || upper(left(kind, 3)) || '-' || supplier_id || '-' ||
         lpad((greatest(0, i - CASE WHEN h % 20 = 0 THEN racks_per_lot ELSE 0 END) / racks_per_lot)::text, 4, '0'),
       CASE WHEN tray IS NOT NULL THEN 'COM-' || lpad(i::text, 6, '0') || '-' || lpad(tray::text, 3, '0') END,
       md5(serial || ':install:' || (s / 8))::uuid,
       started_at + (s / 8) * interval '40 seconds',
       -- One GPU in two hundred fails burn-in and is swapped in rework.
       CASE WHEN kind = 'gpu' AND (i + s) % 200 = 0 THEN md5(serial || ':swap:' || s)::uuid END,
       CASE WHEN kind = 'gpu' AND (i + s) % 200 = 0 THEN started_at + interval '20 hours' END
  FROM sourced
 -- A rack's parts go in together, so its rows sit together on disk, as the tracker writes them.
 ORDER BY i, s`;

/** The replacement for every GPU swapped out above, from a small rework stock lot. */
const GENERATE_REPLACEMENTS = `
INSERT INTO component_install (component_serial, rack_serial, part_number, kind, supplier_id, lot, parent_serial,
                               installed_event_id, installed_at)
SELECT component_serial || 'R', rack_serial, part_number, kind, 'sup-us-01',
       'L-RWK-sup-us-01-' || lpad((substr(rack_serial, 6)::int / 2000)::text, 4, '0'),
       parent_serial, md5(rack_serial || ':replace:' || component_serial)::uuid, removed_at + interval '10 minutes'
  FROM component_install
 WHERE removed_at IS NOT NULL`;

const GENERATE_RACKS = `
INSERT INTO rack (serial, model, site_id, line_id, route, required_slots, stage, status, rework_count, failure_count,
                  slot_counts, started_at, state_entered_at, last_event_at, completed_at)
SELECT serial, model, 'site-1', 'line-' || (1 + i % 3), ARRAY['assembly','burn_in','qa','ship'],
       '{"compute_tray": 18}'::jsonb,
       CASE WHEN i > $1 - 400 THEN (ARRAY['assembly','burn_in','qa','ship'])[1 + i % 4] WHEN i % 250 = 0 THEN 'burn_in' ELSE 'ship' END,
       CASE WHEN i > $1 - 400 THEN 'in_progress' WHEN i % 250 = 0 THEN 'scrapped' ELSE 'shipped' END,
       0, 0,
       '{"compute_tray": 18, "gpu": 72, "cpu": 36, "switch_tray": 9, "psu": 6, "cable_cartridge": 4, "cooling": 2, "nic": 3}'::jsonb,
       started_at, started_at + interval '30 hours', started_at + interval '30 hours',
       CASE WHEN i > $1 - 400 OR i % 250 = 0 THEN NULL ELSE started_at + interval '30 hours' END
  FROM (SELECT i, 'RK-B-' || lpad(i::text, 6, '0') AS serial, CASE WHEN i % 5 = 0 THEN 'gb200' ELSE 'gb300' END AS model,
               timestamptz '2026-01-05T06:00:00Z' + i * interval '606 seconds' AS started_at
          FROM generate_series(1, $1::int) AS i) AS r`;

const SUPPLIERS: [id: string, name: string, country: string][] = [
  ['sup-tx-01', 'Lone Star Trays', 'US'],
  ['sup-mx-01', 'Bajío Ensambles', 'MX'],
  ['sup-tw-02', 'Hsinchu Silicon', 'TW'],
  ['sup-us-01', 'Arizona Accelerators', 'US'],
  ['sup-us-02', 'Oregon Compute', 'US'],
  ['sup-us-03', 'Austin Interconnect', 'US'],
  ['sup-il-01', 'Haifa Networks', 'IL'],
  ['sup-cn-01', 'Shenzhen Power', 'CN'],
  ['sup-mx-02', 'Monterrey Energía', 'MX'],
  ['sup-us-04', 'Ohio Power Systems', 'US'],
  ['sup-de-01', 'Stuttgart Kühlung', 'DE'],
  ['sup-us-05', 'Carolina Thermal', 'US'],
  ['sup-tw-03', 'Taoyuan NIC', 'TW'],
];

function datasetTag(): string {
  return `trace-bench v${DATASET_VERSION} racks=${RACKS}`;
}

async function loadDataset(db: pg.Client): Promise<void> {
  const [{ tag } = { tag: null }] = (
    await db.query<{ tag: string | null }>(
      `SELECT obj_description('component_install'::regclass, 'pg_class') AS tag`,
    )
  ).rows;
  if (tag === datasetTag() && !process.argv.includes('--reload')) {
    console.log(`dataset: reusing ${DATABASE} (${tag})`);
    return;
  }
  const started = Date.now();
  console.log(`dataset: generating ${RACKS} racks × ${PARTS_PER_RACK} parts into ${DATABASE} …`);
  await db.query('TRUNCATE component_install, component_failure, rack, supplier RESTART IDENTITY');
  // Bulk loads run far faster into an unindexed table; the indexes are rebuilt from their own definitions.
  const indexes = (
    await db.query<{ name: string; definition: string }>(
      `SELECT indexname AS name, indexdef AS definition FROM pg_indexes
        WHERE schemaname = 'public' AND tablename = 'component_install' AND indexname NOT LIKE 'PK_%'`,
    )
  ).rows;
  for (const index of indexes) await db.query(`DROP INDEX "${index.name}"`);
  await db.query(GENERATE_RACKS, [RACKS]);
  const chunk = 4000;
  for (let from = 1; from <= RACKS; from += chunk) {
    await db.query(GENERATE_INSTALLS, [from, Math.min(RACKS, from + chunk - 1)]);
    process.stdout.write(`\r  installs: racks ${Math.min(RACKS, from + chunk - 1)}/${RACKS}`);
  }
  process.stdout.write('\n');
  await db.query(GENERATE_REPLACEMENTS);
  for (const [id, name, country] of SUPPLIERS) {
    await db.query('INSERT INTO supplier (supplier_id, name, country) VALUES ($1, $2, $3)', [
      id,
      name,
      country,
    ]);
  }
  await db.query(`SET maintenance_work_mem = '512MB'`);
  for (const index of indexes) {
    const indexStarted = Date.now();
    await db.query(index.definition);
    console.log(`  index ${index.name}: ${((Date.now() - indexStarted) / 1000).toFixed(1)} s`);
  }
  await db.query('VACUUM ANALYZE component_install');
  await db.query('VACUUM ANALYZE rack');
  await db.query('ANALYZE supplier');
  await db.query(`COMMENT ON TABLE component_install IS '${datasetTag()}'`);
  console.log(`dataset: loaded in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

interface TraceQuery {
  kind: string;
  params: Record<string, string>;
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const copy = [...items];
  let state = seed;
  for (let index = copy.length - 1; index > 0; index -= 1) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const other = state % (index + 1);
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}

/** Real values from the dataset, so every query asks for something that exists, at several selectivities. */
async function queryPlan(db: pg.Client): Promise<TraceQuery[]> {
  const pick = async (sql: string): Promise<Record<string, string>[]> =>
    shuffled((await db.query<Record<string, string>>(sql)).rows, 42).slice(0, QUERIES_PER_KIND);
  const gpuLots = await pick(
    `SELECT DISTINCT lot, supplier_id AS "supplierId", part_number AS "partNumber" FROM component_install WHERE kind = 'gpu' AND lot NOT LIKE 'L-RWK%'`,
  );
  const otherLots = await pick(
    `SELECT DISTINCT lot FROM component_install WHERE kind IN ('psu', 'cable_cartridge', 'cooling')`,
  );
  const reworkLots = await pick(`SELECT DISTINCT lot FROM component_install WHERE lot LIKE 'L-RWK%'`);
  const pairs = await pick(
    `SELECT DISTINCT part_number AS "partNumber", supplier_id AS "supplierId" FROM component_install`,
  );
  const parts = await pick(`SELECT DISTINCT part_number AS "partNumber" FROM component_install`);
  const suppliers = await pick(`SELECT supplier_id AS "supplierId" FROM supplier`);
  const cycle = <T>(rows: T[]): T[] =>
    Array.from({ length: QUERIES_PER_KIND }, (_, index) => rows[index % rows.length]!);
  return [
    ...gpuLots.map((row) => ({ kind: 'lot (GPU, ~25-50 racks)', params: { lot: row.lot! } })),
    ...gpuLots.map((row) => ({
      kind: 'lot + supplierId',
      params: { lot: row.lot!, supplierId: row.supplierId! },
    })),
    ...gpuLots.map((row) => ({
      kind: 'lot + partNumber + supplierId',
      params: { lot: row.lot!, partNumber: row.partNumber!, supplierId: row.supplierId! },
    })),
    ...otherLots.map((row) => ({
      kind: 'lot (PSU/cable/cooling, 100-300 racks)',
      params: { lot: row.lot! },
    })),
    ...reworkLots.map((row) => ({ kind: 'lot (rework stock, swapped-in parts)', params: { lot: row.lot! } })),
    ...cycle(pairs).map((row) => ({
      kind: 'partNumber + supplierId (first page)',
      params: { partNumber: row.partNumber!, supplierId: row.supplierId! },
    })),
    ...cycle(parts).map((row) => ({
      kind: 'partNumber (first page)',
      params: { partNumber: row.partNumber! },
    })),
    ...cycle(suppliers).map((row) => ({
      kind: 'supplierId (first page)',
      params: { supplierId: row.supplierId! },
    })),
  ];
}

interface TracePage {
  items: { rackSerial: string }[];
  summary: { racks: number } | null;
  nextCursor: string | null;
}

async function main(): Promise<void> {
  const url = await preparedDatabase(DATABASE);
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    await loadDataset(db);
    const [counts] = (
      await db.query<{ installs: string; racks: string }>(
        'SELECT (SELECT count(*) FROM component_install) AS installs, (SELECT count(*) FROM rack) AS racks',
      )
    ).rows;
    console.log(
      `dataset: ${Number(counts!.racks).toLocaleString('en')} racks, ${Number(counts!.installs).toLocaleString('en')} component installs`,
    );
    if (process.argv.includes('--load-only')) return;
    const plan = await queryPlan(db);
    // One client asking as fast as it can is the benchmark, not abuse: rate limiting off.
    const api = await startBuiltService('api', { DATABASE_URL: url, RATE_LIMIT_PER_SECOND: '0' });
    try {
      const trace = async (params: Record<string, string>): Promise<{ ms: number; page: TracePage }> => {
        const started = performance.now();
        const response = await fetch(`${api.url}/v1/trace?${new URLSearchParams(params).toString()}`, {
          headers: { authorization: `Bearer ${BENCH_ADMIN_TOKEN}` },
        });
        const page = (await response.json()) as TracePage;
        const ms = performance.now() - started;
        if (response.status !== 200)
          throw new Error(
            `trace ${JSON.stringify(params)} answered ${response.status}: ${JSON.stringify(page)}`,
          );
        return { ms, page };
      };
      // Warm the connection pool and the page cache the way a running service would be warm.
      for (const query of shuffled(plan, 7).slice(0, 60)) await trace(query.params);
      const kinds = [...new Set(plan.map((query) => query.kind))];
      const pages = new Map<string, number[]>(kinds.map((kind) => [kind, []]));
      const all: number[] = [];
      for (const query of shuffled(plan, 11)) {
        const { ms } = await trace(query.params);
        pages.get(query.kind)!.push(ms);
        all.push(ms);
      }
      // The opt-in totals visit every match: cheap for a lot, a full pass for a part number in every rack.
      const summaries = new Map<string, { ms: number[]; racks: number[] }>(
        kinds.map((kind) => [kind, { ms: [], racks: [] }]),
      );
      for (const kind of kinds) {
        for (const query of plan
          .filter((candidate) => candidate.kind === kind)
          .slice(0, SUMMARY_QUERIES_PER_KIND)) {
          const { ms, page } = await trace({ ...query.params, summary: 'true' });
          summaries.get(kind)!.ms.push(ms);
          summaries.get(kind)!.racks.push(page.summary?.racks ?? Number.NaN);
        }
      }
      console.log(
        `\nGET /v1/trace through the api service (HTTP, one client, first page of up to 50 racks with every matching part):`,
      );
      console.log(
        `${'query kind'.padEnd(40)} ${'n'.padStart(4)} ${'racks matched'.padStart(14)} ${'p50'.padStart(9)} ${'p99'.padStart(9)}   ${'+summary p50'.padStart(12)} ${'p99'.padStart(9)}`,
      );
      for (const kind of kinds) {
        const ms = pages.get(kind)!;
        const summary = summaries.get(kind)!;
        console.log(
          `${kind.padEnd(40)} ${String(ms.length).padStart(4)} ${String(percentile(summary.racks, 50)).padStart(14)} ${formatMs(percentile(ms, 50)).padStart(9)} ${formatMs(percentile(ms, 99)).padStart(9)}   ${formatMs(percentile(summary.ms, 50)).padStart(12)} ${formatMs(percentile(summary.ms, 99)).padStart(9)}`,
        );
      }
      const p50 = percentile(all, 50);
      const p99 = percentile(all, 99);
      console.log(
        `${'all'.padEnd(40)} ${String(all.length).padStart(4)} ${''.padStart(14)} ${formatMs(p50).padStart(9)} ${formatMs(p99).padStart(9)}`,
      );
      console.log(
        `\ntrace: p50 ${formatMs(p50)}, p99 ${formatMs(p99)} over ${all.length} queries (target p99 < ${TARGET_P99_MS} ms)`,
      );
      if (p99 >= TARGET_P99_MS) process.exitCode = 1;
    } finally {
      await api.stop();
    }
  } finally {
    await db.end();
  }
}

await main();
