import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as CDX from '@cyclonedx/cyclonedx-library';
import { generateKeyPairSync } from 'node:crypto';
import { publicJwkOf, verifyPassport, type Ed25519PublicJwk } from '#contracts';
import { readFile } from 'node:fs/promises';
import { launchChromium } from '../support/browser.js';
import { randomUUID } from 'node:crypto';
import { TOPICS, type RackTransitionMessage } from '#contracts';
import { BurnInLine } from '../support/burn-in-line.js';
import { testKafka } from '../support/stack.js';
import { expectEventually } from '../support/expect-eventually.js';

const run = promisify(execFile);
const VERIFY = resolve(import.meta.dirname, '../../dist/tools/passport/src/verify.js');
const SUPPLIER = 'sup-tw-pass';

const tray = (rack: string) => ({
  serial: `CT-${rack}`,
  partNumber: 'CT-GB200-1U',
  kind: 'compute_tray',
  supplierId: SUPPLIER,
  lot: 'T-1',
});
const gpu = (rack: string, slot: number) => ({
  serial: `GPU-${rack}-${slot}`,
  partNumber: 'GPU-B200',
  kind: 'gpu',
  supplierId: SUPPLIER,
  lot: 'W47-A',
  parentSerial: `CT-${rack}`,
});

/**
 * Passports of racks that went through the real pipeline: built at assembly, soaked in a numbered burn-in
 * position, failed with Xid 79 (reseated), retested and passed QA, which ships them. The tracker seals each
 * passport from rack-transitions; the api serves it, the JWKS and the shipment's NDJSON; the CLI verifies it.
 */
describe('rack passports: sealed at ship, CycloneDX 1.6, signed, verifiable offline', () => {
  const line = new BurnInLine('passports', 'fab-pass');
  let passportText: string;
  let jwks: { keys: Ed25519PublicJwk[] };
  let dir: string;

  async function ship(rack: string, withFailure: boolean): Promise<void> {
    await line.post('assembly', rack, 'started', 120);
    await line.post('assembly', rack, 'component_installed', 119.5, {
      components: [tray(rack), gpu(rack, 1), gpu(rack, 2)],
    });
    await line.post('assembly', rack, 'passed', 119);
    await line.post('burn_in', rack, 'started', 110, {
      location: { cell: 'BI-P1', position: withFailure ? 1 : 2 },
    });
    if (withFailure) {
      await line.post('burn_in', rack, 'failed', 100, {
        failures: [
          { code: 'XID-79', componentSerial: `GPU-${rack}-1`, message: 'GPU has fallen off the bus' },
        ],
        measurements: [{ name: 'gpu_max_temp', value: 96, unit: 'C', high: 90 }],
      });
      await line.post('burn_in', rack, 'rework_started', 99);
      await line.post('burn_in', rack, 'rework_completed', 98);
      await line.post('burn_in', rack, 'started', 97, { location: { cell: 'BI-P1', position: 1 } });
      await line.post('burn_in', rack, 'passed', 72, {
        measurements: [{ name: 'gpu_max_temp', value: 81, unit: 'C', high: 90 }],
      });
    } else {
      await line.post('burn_in', rack, 'passed', 37);
    }
    await line.post('qa', rack, 'started', 30);
    await line.post('qa', rack, 'passed', 29);
  }

  beforeAll(async () => {
    await line.start();
    await line.cell('BI-P1', 2);
    expect(
      (await line.admin.put(`/v1/suppliers/${SUPPLIER}`, { name: 'Hsinchu Silicon', country: 'TW' })).status,
    ).toBe(200);
    await ship('RK-PASS-1', true);
    await ship('RK-PASS-2', false);
    await line.post('assembly', 'RK-PASS-3', 'started', 1);
    await line.applied('RK-PASS-3', await line.post('assembly', 'RK-PASS-3', 'passed', 0.5));
    passportText = await expectEventually(async () => {
      const response = await fetch(`${line.service('api').url}/v1/racks/RK-PASS-1/passport`, {
        headers: { authorization: `Bearer ${await managerToken()}` },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/vnd.cyclonedx+json; charset=utf-8');
      return response.text();
    });
    jwks = (await (await fetch(`${line.service('api').url}/v1/passport-keys`)).json()) as {
      keys: Ed25519PublicJwk[];
    };
    dir = await mkdtemp(join(tmpdir(), 'passport-'));
  });

  afterAll(async () => {
    await line.stop();
  });

  let token: string | undefined;
  async function managerToken(): Promise<string> {
    token ??= (
      await line.admin.post<{ token: string }>('/v1/tokens', { name: 'passport reader', role: 'manager' })
    ).body.token;
    return token;
  }

  it('is CycloneDX 1.6 that the strict validator accepts, with the rack, its parts and its evidence', async () => {
    const validator = new CDX.Validation.JsonStrictValidator(CDX.Spec.Version.v1dot6);
    expect(await validator.validate(passportText)).toBeNull();
    const doc = JSON.parse(passportText) as {
      version: number;
      metadata: { component: { type: string; name: string; properties: { name: string; value: string }[] } };
      components: {
        name: string;
        supplier: { name: string };
        components: { properties: { name: string; value: string }[] }[];
      }[];
    };
    expect(doc.version).toBe(1);
    const rack = doc.metadata.component;
    expect(rack).toMatchObject({ type: 'device', name: 'gb200-soak' });
    const values = (name: string) => rack.properties.filter((p) => p.name === name).map((p) => p.value);
    expect(values('cdx:device:serialNumber')).toEqual(['RK-PASS-1']);
    expect(values('rack-passport:site')).toEqual(['fab-pass']);
    expect(values('rack-passport:burnIn')).toEqual([
      expect.stringMatching(
        /^stage=burn_in; station=FAB-PASS-BURN_IN; location=BI-P1\/1; start=.+; end=.+; hours=10; result=failed$/,
      ),
      expect.stringMatching(
        /^stage=burn_in; station=FAB-PASS-BURN_IN; location=BI-P1\/1; start=.+; end=.+; hours=25; result=passed$/,
      ),
    ]);
    // CycloneDX lists are sorted for a stable document; the time in each entry keeps the order of events.
    expect(values('rack-passport:measurement').sort()).toEqual([
      expect.stringContaining('name=gpu_max_temp; value=81 C; limits=..90; result=pass'),
      expect.stringContaining('name=gpu_max_temp; value=96 C; limits=..90; result=fail'),
    ]);
    expect(doc.components).toHaveLength(1);
    expect(doc.components[0]).toMatchObject({ name: 'CT-GB200-1U', supplier: { name: 'Hsinchu Silicon' } });
    const failedGpu = doc.components[0]!.components.find((c) =>
      c.properties.some((p) => p.value === 'GPU-RK-PASS-1-1'),
    )!;
    expect(failedGpu.properties).toEqual(
      expect.arrayContaining([
        { name: 'cdx:device:lotNumber', value: 'W47-A' },
        { name: 'rack-passport:supplier:country', value: 'TW' },
        expect.objectContaining({
          name: 'rack-passport:failure',
          value: expect.stringContaining(
            'code=XID-79; message=GPU has fallen off the bus; disposition=reseat',
          ),
        }),
      ]),
    );
  });

  it('verifies against the published keys, and the CLI says so', async () => {
    expect(verifyPassport(JSON.parse(passportText), jwks.keys)).toMatchObject({ valid: true });
    const file = join(dir, 'RK-PASS-1.cdx.json');
    const keys = join(dir, 'keys.json');
    await writeFile(file, passportText);
    await writeFile(keys, JSON.stringify(jwks));
    const { stdout } = await run('node', [VERIFY, file, '--keys', keys]);
    expect(stdout.trim()).toBe(
      `VALID ${file}: passport of rack RK-PASS-1, signed by key ${jwks.keys[0]!.kid}`,
    );
  });

  it('fails on a one-byte change, naming the part altered', async () => {
    const tampered = passportText.replace('"value":"W47-A"', '"value":"W47-B"');
    expect(tampered.length).toBe(passportText.length);
    const file = join(dir, 'tampered.cdx.json');
    await writeFile(file, tampered);
    const failure = await run('node', [VERIFY, file]).then(
      () => null,
      (error: { code: number; stdout: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stdout).toMatch(
      /^INVALID .+\n {2}the signature does not match the document\n {2}components\[0\]\.components\[\d\] \(serial GPU-RK-PASS-1-\d\) was altered after signing\n$/,
    );
  });

  it('refuses a passport signed by a key the factory does not publish', async () => {
    const file = join(dir, 'RK-PASS-1.cdx.json');
    const strangers = join(dir, 'other-keys.json');
    await writeFile(
      strangers,
      JSON.stringify({ keys: [publicJwkOf(generateKeyPairSync('ed25519').privateKey)] }),
    );
    const failure = await run('node', [VERIFY, file, '--keys', strangers]).then(
      () => null,
      (error: { code: number; stdout: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stdout).toContain(`unknown key ${jwks.keys[0]!.kid}`);
  });

  it('streams a shipment as NDJSON, one verifiable passport per line, and seals each ship once', async () => {
    const ndjson = await expectEventually(async () => {
      const response = await fetch(`${line.service('api').url}/v1/passports?site=fab-pass`, {
        headers: { authorization: `Bearer ${await managerToken()}` },
      });
      expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
      const lines = (await response.text()).trim().split('\n');
      expect(lines).toHaveLength(2);
      return lines;
    });
    const serials = ndjson.map((text) => {
      const doc = JSON.parse(text) as {
        metadata: { component: { properties: { name: string; value: string }[] } };
      };
      expect(verifyPassport(doc, jwks.keys)).toMatchObject({ valid: true });
      return doc.metadata.component.properties.find((p) => p.name === 'cdx:device:serialNumber')!.value;
    });
    expect(serials.sort()).toEqual(['RK-PASS-1', 'RK-PASS-2']);
    const stored = await line.database.query<{ rack_serial: string; version: number }>(
      'SELECT rack_serial, version FROM rack_passport ORDER BY rack_serial',
    );
    expect(stored).toEqual([
      { rack_serial: 'RK-PASS-1', version: 1 },
      { rack_serial: 'RK-PASS-2', version: 1 },
    ]);
    const otherSite = await fetch(`${line.service('api').url}/v1/passports?site=fab-elsewhere`, {
      headers: { authorization: `Bearer ${await managerToken()}` },
    });
    expect(await otherSite.text()).toBe('');
  });

  it("offers the passport on a shipped rack's page in the dashboard, and the file downloaded verifies", async () => {
    const browser = await launchChromium();
    try {
      const page = browser.context.pages()[0] ?? (await browser.context.newPage());
      await page.goto(`${line.service('api').url}/?site=fab-pass#token=${await managerToken()}`);
      // The search listens only once the dashboard has booted (after its first call to the api).
      await page.waitForSelector('body[data-ready-ms]');
      await page.fill('[data-testid="search-input"]', 'RK-PASS-1');
      await page.keyboard.press('Enter');
      await page.waitForSelector('[data-testid="timeline"][open]');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.click('[data-testid="passport-download"]'),
      ]);
      expect(download.suggestedFilename()).toBe('passport-RK-PASS-1.cdx.json');
      const saved = join(dir, 'downloaded.cdx.json');
      await download.saveAs(saved);
      const text = await readFile(saved, 'utf8');
      expect(text).toBe(passportText);
      expect(verifyPassport(JSON.parse(text), jwks.keys)).toMatchObject({ valid: true });
      // A rack that has not shipped has nothing to download.
      await page.click('[data-testid="timeline"] button.close');
      await page.fill('[data-testid="search-input"]', 'RK-PASS-3');
      await page.locator('[data-testid="search-result"][data-serial="RK-PASS-3"]').click();
      await expectEventually(async () =>
        expect(await page.locator('[data-testid="timeline-serial"]').innerText()).toBe('RK-PASS-3'),
      );
      expect(await page.locator('[data-testid="passport-download"]').count()).toBe(0);
    } finally {
      await browser.close();
    }
  });

  it('seals a second ship of a rack as version 2, keeping version 1', async () => {
    // The state machine makes shipped final, so a rack shipped again (returned, reworked, re-shipped) is staged
    // here as the tracker would record and announce it: its transition, then the message on rack-transitions.
    const eventId = randomUUID();
    const occurredAt = new Date();
    await line.database.query(
      `INSERT INTO rack_transition (rack_serial, event_id, event_type, stage, from_stage, from_status, to_stage,
                                    to_status, station_id, site_id, occurred_at)
       VALUES ('RK-PASS-2', $1, 'passed', 'qa', 'qa', 'in_progress', 'qa', 'shipped', 'FAB-PASS-QA', 'fab-pass', $2)`,
      [eventId, occurredAt],
    );
    const message: RackTransitionMessage = {
      schemaVersion: 1,
      eventId,
      rackSerial: 'RK-PASS-2',
      model: 'gb200-soak',
      siteId: 'fab-pass',
      lineId: 'line-1',
      stationId: 'FAB-PASS-QA',
      eventType: 'passed',
      stage: 'qa',
      from: { stage: 'qa', status: 'in_progress' },
      to: { stage: 'qa', status: 'shipped' },
      occurredAt: occurredAt.toISOString(),
      reworkCount: 0,
    };
    const producer = testKafka().producer();
    await producer.connect();
    try {
      // Twice: a redelivery must not make a version 3.
      for (let copy = 0; copy < 2; copy += 1)
        await producer.send({
          topic: `${line.topicPrefix}${TOPICS.rackTransitions.name}`,
          acks: -1,
          messages: [{ key: 'RK-PASS-2', value: JSON.stringify(message) }],
        });
    } finally {
      await producer.disconnect();
    }
    const latest = await expectEventually(async () => {
      const response = await line.manager.get<{ version: number }>('/v1/racks/RK-PASS-2/passport');
      expect(response.body.version).toBe(2);
      return response.body;
    });
    expect(verifyPassport(latest, jwks.keys)).toMatchObject({ valid: true });
    expect(
      (await line.manager.get<{ version: number }>('/v1/racks/RK-PASS-2/passport?version=1')).body.version,
    ).toBe(1);
    const versions = await line.database.query<{ version: number }>(
      `SELECT version FROM rack_passport WHERE rack_serial = 'RK-PASS-2' ORDER BY version`,
    );
    expect(versions.map((row) => row.version)).toEqual([1, 2]);
  });

  it('says why a rack has no passport', async () => {
    const response = await line.manager.get<{ message: string }>('/v1/racks/RK-PASS-3/passport');
    expect(response.status).toBe(404);
    expect(response.body.message).toBe(
      'Rack RK-PASS-3 has no passport yet: it is passed at assembly (a passport is sealed when it ships)',
    );
  });
});
