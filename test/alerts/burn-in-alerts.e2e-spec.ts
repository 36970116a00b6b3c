import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BurnInLine } from '../support/burn-in-line.js';
import { expectEventually } from '../support/expect-eventually.js';
import { adminRequest } from './alerts-fixtures.js';
import { ALLOW_LOOPBACK_SINK, WebhookSink } from './webhook-sink.js';

const KINDS = ['slack', 'teams', 'google_chat', 'generic'] as const;
const PATH = (kind: string) => `/${kind}/burn-in`;
// Only the burn-in rules, without grace, so each condition makes exactly one alert at once.
const BURN_IN_RULES_ONLY = {
  behindPlan: { enabled: false },
  projectedMiss: { enabled: false },
  stageStarvation: { enabled: false },
  stuckRack: { enabled: false },
  yieldDrop: { enabled: false },
  burnInCapacity: { graceMinutes: 0 },
  idlePositions: { graceMinutes: 0, maxWaitHours: 1 },
  dwellOverrun: { graceMinutes: 0 },
};

// A site short of burn-in positions, with a rack forgotten in its position past the maximum soak and a rack
// waiting while a position stands free: every event goes through ingest and the tracker, and the alerts
// service hears of them on rack-transitions and says so in every chat format.
describe('alerts: burn-in capacity, idle positions and dwell overrun through the real line', () => {
  const line = new BurnInLine('burn_in_alerts', 'fab-short', ['ingest', 'tracker', 'api', 'alerts']);
  let sink: WebhookSink;

  const titles = (kind: string): string[] =>
    sink.received(PATH(kind)).map((request) => {
      const body = JSON.parse(request.body) as { text?: string; alert?: { rule: string }; type?: string };
      if (kind === 'generic') return `${body.type} ${body.alert?.rule}`;
      if (kind === 'teams') return request.body;
      return body.text ?? '';
    });

  beforeAll(async () => {
    sink = await new WebhookSink().start();
    await line.start({
      ALERTS_DEBOUNCE_MS: '200',
      DASHBOARD_URL: 'http://dashboard.test/',
      ...ALLOW_LOOPBACK_SINK,
    });
    const alerts = line.service('alerts').url;
    for (const kind of KINDS) {
      const created = await adminRequest(alerts, 'POST', '/v1/webhooks', {
        kind,
        url: sink.url(PATH(kind)),
        siteIds: [line.siteId],
        ...(kind === 'generic' ? { secret: 'generic-signing-secret-0123456789' } : {}),
      });
      expect(created.status).toBe(201);
    }
    expect(
      (await adminRequest(alerts, 'PUT', `/v1/sites/${line.siteId}/rules`, BURN_IN_RULES_ONLY)).status,
    ).toBe(200);
    await line.cell('BI-S1', 2, 132);
  });
  afterAll(async () => {
    await line.stop();
    await sink?.stop();
  });

  it('fires burn_in_capacity, dwell_overrun and idle_positions once each, to every chat', async () => {
    await line.assembled('RK-FORGOTTEN', 131);
    await line.post('burn_in', 'RK-FORGOTTEN', 'started', 130, { location: { cell: 'BI-S1', position: 1 } });
    await line.assembled('RK-WAITING', 3);

    await expectEventually(() => {
      for (const kind of KINDS) expect(sink.received(PATH(kind))).toHaveLength(3);
    });
    const slack = titles('slack');
    expect(slack).toEqual(
      expect.arrayContaining([
        expect.stringContaining('Burn-in short of positions at fab-short'),
        expect.stringContaining('Burn-in run past its maximum RK-FORGOTTEN at fab-short'),
        expect.stringContaining('Burn-in positions idle while racks wait at fab-short'),
      ]),
    );
    expect(titles('generic').sort()).toEqual([
      'alert.firing burn_in_capacity',
      'alert.firing dwell_overrun',
      'alert.firing idle_positions',
    ]);
    expect(titles('teams').join('\n')).toContain('Burn-in needs 429 positions for 1,000 racks a week');
    expect(titles('google_chat').join('\n')).toContain('RK-FORGOTTEN has soaked');
  });

  it('resolves dwell_overrun when the rack passes and idle_positions when the waiting rack starts', async () => {
    await line.post('burn_in', 'RK-FORGOTTEN', 'passed', 0.01);
    await line.post('burn_in', 'RK-WAITING', 'started', 0.01, { location: { cell: 'BI-S1', position: 2 } });

    await expectEventually(() => {
      expect(titles('generic').sort()).toEqual([
        'alert.firing burn_in_capacity',
        'alert.firing dwell_overrun',
        'alert.firing idle_positions',
        'alert.resolved dwell_overrun',
        'alert.resolved idle_positions',
      ]);
    });
    // The site is still short of positions: that alert stays open.
    const open = await adminRequest<{ items: { rule: string; status: string }[] }>(
      line.service('api').url,
      'GET',
      `/v1/alerts?siteId=${line.siteId}&status=firing`,
    );
    expect(open.body.items.map((alert) => alert.rule)).toEqual(['burn_in_capacity']);
  });
});
