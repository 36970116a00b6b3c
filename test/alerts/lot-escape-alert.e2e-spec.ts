import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BurnInLine } from '../support/burn-in-line.js';
import { expectEventually } from '../support/expect-eventually.js';
import { adminRequest, counterTotal, LOT_ESCAPE_ONLY } from './alerts-fixtures.js';
import { ALLOW_LOOPBACK_SINK, WebhookSink } from './webhook-sink.js';

const PATH = { slack: '/slack/lots', generic: '/generic/lots' } as const;
const SUPPLIER = 'sup-tw-lots';

const gpu = (rack: string, lot: string) => ({
  serial: `GPU-${rack}`,
  partNumber: 'GPU-B200',
  kind: 'gpu',
  supplierId: SUPPLIER,
  lot,
});

// Twelve racks get one GPU each: eight from lot W45 (none fails), four from W47-BAD (three fail at assembly test
// with Xid 48, one ships). Every event goes through ingest and the tracker; the alerts service hears of the
// failures on rack-transitions and posts the escape to a real HTTP sink in Slack and signed JSON form.
describe('alerts: a lot escape through the real line', () => {
  const line = new BurnInLine('lot_escape_alert', 'fab-lots', ['ingest', 'tracker', 'api', 'alerts']);
  let sink: WebhookSink;

  beforeAll(async () => {
    sink = await new WebhookSink().start();
    await line.start({
      ALERTS_DEBOUNCE_MS: '200',
      DASHBOARD_URL: 'http://dashboard.test/',
      ...ALLOW_LOOPBACK_SINK,
    });
    const alerts = line.service('alerts').url;
    for (const kind of ['slack', 'generic'] as const) {
      const created = await adminRequest(alerts, 'POST', '/v1/webhooks', {
        kind,
        url: sink.url(PATH[kind]),
        siteIds: [line.siteId],
        ...(kind === 'generic' ? { secret: 'generic-signing-secret-0123456789' } : {}),
      });
      expect(created.status).toBe(201);
    }
    // Three failures before it fires: the alert announces the lot as it stands when it first escapes, and with
    // the fixture's two the third failure raced the evaluation (a slow machine announced "2 of 4").
    const rules = { ...LOT_ESCAPE_ONLY, lotEscape: { ...LOT_ESCAPE_ONLY.lotEscape, minFailures: 3 } };
    expect((await adminRequest(alerts, 'PUT', `/v1/sites/${line.siteId}/rules`, rules)).status).toBe(200);
  });
  afterAll(async () => {
    await line.stop();
    await sink?.stop();
  });

  async function build(rack: string, lot: string, outcome: 'passed' | 'failed'): Promise<string> {
    await line.post('assembly', rack, 'started', 5);
    await line.post('assembly', rack, 'component_installed', 4.9, { components: [gpu(rack, lot)] });
    return line.post(
      'assembly',
      rack,
      outcome,
      4.8,
      outcome === 'failed' ? { failures: [{ code: 'XID-48', componentSerial: `GPU-${rack}` }] } : {},
    );
  }

  it('names the lot, its supplier, the racks holding it and those not shipped yet, once', async () => {
    for (let index = 1; index <= 8; index += 1) await build(`RK-W45-${index}`, 'W45', 'passed');
    await build('RK-BAD-4', 'W47-BAD', 'passed');
    for (let index = 1; index <= 3; index += 1) await build(`RK-BAD-${index}`, 'W47-BAD', 'failed');

    const [alert] = await expectEventually(() => {
      const received = sink.received(PATH.generic);
      expect(received).toHaveLength(1);
      return received.map(
        (request) =>
          JSON.parse(request.body) as {
            type: string;
            alert: { rule: string; subject: string; summary: string };
          },
      );
    });
    expect(alert).toMatchObject({
      type: 'alert.firing',
      alert: { rule: 'lot_escape', subject: `${SUPPLIER}/W47-BAD` },
      summary:
        `Lot W47-BAD of ${SUPPLIER} (GPU-B200): 3 of 4 installed parts failed, 750 per 1,000 against 5 for the part ` +
        "number's other lots (limit 3×). 4 racks (RK-BAD-1, RK-BAD-2, RK-BAD-3, RK-BAD-4) hold it; not shipped yet: " +
        '4 racks (RK-BAD-1, RK-BAD-2, RK-BAD-3, RK-BAD-4).',
    });
    const [slack] = sink.received(PATH.slack).map((request) => JSON.parse(request.body) as { text: string });
    expect(slack!.text).toContain(`Lot escape (${SUPPLIER}/W47-BAD) at fab-lots`);
    // Later rounds see the same lot still escaped: it is not announced again, and no round failed.
    const rounds = () =>
      counterTotal([line.service('alerts').url], 'alerts_evaluations_total', 'outcome="completed"');
    const before = await rounds();
    await build('RK-W45-9', 'W45', 'passed');
    await expectEventually(async () => expect(await rounds()).toBeGreaterThan(before));
    expect(sink.received(PATH.generic)).toHaveLength(1);
    expect(
      await counterTotal([line.service('alerts').url], 'alerts_evaluations_total', 'outcome="failed"'),
    ).toBe(0);
  });
});
