import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import type { ProgressView } from '../../apps/api/src/status/site-status.views.js';
import type { RackDetailView } from '../../apps/api/src/views/rack.view.js';
import { issueToken, jsonClient } from '../api/api-fixtures.js';
import {
  call,
  closedPort,
  registerStation,
  stationEvent,
  type RegisteredStation,
} from '../ingest/ingest-client.js';
import { launchChromium, type HeadlessBrowser } from '../support/browser.js';
import { expectEventually } from '../support/expect-eventually.js';
import { startService, type RunningService } from '../support/service-process.js';
import { createTestDatabase, createTestTopics, type TestDatabase } from '../support/stack.js';

const RESULTS = resolve(import.meta.dirname, '../../test-results');
const STAGES = ['assembly', 'burn_in', 'qa', 'ship'] as const;
type Stage = (typeof STAGES)[number];

/**
 * The wall-screen dashboard in headless Chromium, fed by the real pipeline: events posted to ingest, applied by
 * the tracker, relayed through the outbox to rack-transitions, streamed by the api over SSE.
 */
describe('dashboard in a browser, live from the real pipeline', () => {
  let database: TestDatabase;
  let env: Record<string, string>;
  let apiPort: number;
  let ingest: RunningService;
  let tracker: RunningService;
  let api: RunningService;
  let browser: HeadlessBrowser;
  let page: Page;
  let manager: string;
  const stations = new Map<Stage, RegisteredStation>();
  const report: Record<string, unknown> = {};
  let clock = Date.now() - 10 * 60_000;

  /** Posts one station's events as a batch; 202 means Kafka holds them, in order per rack. */
  async function post(stage: Stage, events: [serial: string, type: string][]): Promise<void> {
    const station = stations.get(stage)!;
    const body = {
      events: events.map(([rackSerial, type]) => {
        clock += 1000;
        return stationEvent(station, {
          rackSerial,
          type,
          occurredAt: new Date(Math.min(clock, Date.now())).toISOString(),
        });
      }),
    };
    const answer = await call(`${ingest.url}/v1/events/batch`, { token: station.token, json: body });
    if (answer.status !== 202)
      throw new Error(`posting ${stage} events answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  }

  const progress = async () =>
    (await jsonClient(api.url, manager).get<ProgressView>('/v1/sites/site-1/progress')).body;
  const text = (testId: string) => page.locator(`[data-testid="${testId}"]`).innerText();

  beforeAll(async () => {
    let prefix: string;
    [database, prefix, apiPort] = await Promise.all([
      createTestDatabase('dashboard'),
      createTestTopics(),
      closedPort(),
    ]);
    env = { DATABASE_URL: database.url, KAFKA_TOPIC_PREFIX: prefix };
    [ingest, tracker, api] = await Promise.all([
      startService('ingest', env),
      startService('tracker', env),
      startService('api', { ...env, PORT: String(apiPort) }),
    ]);
    for (const stage of STAGES)
      stations.set(
        stage,
        await registerStation(ingest.url, { stationId: `${stage.toUpperCase()}-01`, stage }),
      );
    manager = (await issueToken(api.url, 'manager', 'Wall screen')).token;
    await expectEventually(() =>
      expect(api.logs.some((line) => line.includes('streaming rack transitions'))).toBe(true),
    );
    await expectEventually(async () => expect((await call(`${ingest.url}/health`)).status).toBe(200));

    // Four racks shipped, one at QA, one failed at burn-in.
    const racks = ['RK-DASH-001', 'RK-DASH-002', 'RK-DASH-003', 'RK-DASH-004', 'RK-DASH-005', 'RK-DASH-006'];
    await post(
      'assembly',
      racks.flatMap(
        (serial) =>
          [
            [serial, 'started'],
            [serial, 'passed'],
          ] as [string, string][],
      ),
    );
    await post(
      'burn_in',
      racks.flatMap(
        (serial) =>
          [
            [serial, 'started'],
            [serial, serial === 'RK-DASH-006' ? 'failed' : 'passed'],
          ] as [string, string][],
      ),
    );
    await post(
      'qa',
      racks.slice(0, 5).flatMap(
        (serial, index) =>
          (index < 4
            ? [
                [serial, 'started'],
                [serial, 'passed'],
              ]
            : [[serial, 'started']]) as [string, string][],
      ),
    );
    await post(
      'ship',
      racks.slice(0, 4).flatMap(
        (serial) =>
          [
            [serial, 'started'],
            [serial, 'passed'],
          ] as [string, string][],
      ),
    );
    await expectEventually(async () => expect((await progress()).actual).toBe(4), { timeoutMs: 60_000 });

    browser = await launchChromium();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
  });

  afterAll(async () => {
    await mkdir(RESULTS, { recursive: true });
    await writeFile(resolve(RESULTS, 'dashboard-report.json'), `${JSON.stringify(report, null, 2)}\n`);
    await browser?.close();
    await Promise.all([ingest?.stop(), tracker?.stop(), api?.stop()]);
    await database?.drop();
  });

  it("loads with a manager token and shows the week's numbers as the API has them", async () => {
    const started = Date.now();
    await page.goto(`${api.url}/#token=${manager}`);
    await page.waitForSelector('body[data-ready-ms]');
    // Scripts run in the page, so they are given as source: this suite's TypeScript has no DOM types.
    const timing = await page.evaluate<{ readyMs: number; loadEventMs: number }>(`({
      readyMs: Number(document.body.dataset.readyMs),
      loadEventMs: Math.round(performance.getEntriesByType('navigation')[0].loadEventEnd),
    })`);
    report.load = { ...timing, wallMs: Date.now() - started };
    // The token moved from the address to localStorage; the fragment is gone.
    expect(page.url()).toBe(`${api.url}/`);

    await expectEventually(async () =>
      expect(await page.locator('[data-testid="live-status"]').getAttribute('data-state')).toBe('live'),
    );
    const figures = await progress();
    expect(await text('kpi-actual')).toBe('4');
    expect(await text('kpi-target')).toBe('1,000');
    const near = async (testId: string, value: number) => {
      const shown = Number((await text(testId)).replaceAll(',', ''));
      expect(Math.abs(shown - value)).toBeLessThanOrEqual(1);
    };
    await near('kpi-expected', figures.expectedByNow);
    await near('kpi-projected', figures.projected);
    expect(await text('kpi-verdict')).toMatch(/On track|Behind plan|Projected to miss/);
    expect(await text('flow-count-qa')).toBe('1');
    expect(await text('flow-count-burn_in')).toBe('1');
    expect(await text('flow-count-assembly')).toBe('0');
    expect(await page.locator('[data-testid="burnup-chart"] canvas').count()).toBeGreaterThan(0);
  });

  it('updates within a second when an event is posted', async () => {
    // Note the moment the number on the screen changes, in the page itself.
    await page.evaluate(`{
      const target = document.querySelector('[data-testid="kpi-actual"]');
      window.kpiChanges = [];
      new MutationObserver(() => window.kpiChanges.push({ at: Date.now(), text: target.textContent })).observe(target, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    }`);
    // Warm-up through the same path, so the measured event meets connections already open.
    await post('qa', [['RK-DASH-005', 'passed']]);
    await expectEventually(async () => expect(await text('flow-stage-qa')).toContain('1 passed'));

    const posted = Date.now();
    await post('ship', [
      ['RK-DASH-005', 'started'],
      ['RK-DASH-005', 'passed'],
    ]);
    await expectEventually(async () => expect(await text('kpi-actual')).toBe('5'), {
      timeoutMs: 10_000,
      intervalMs: 20,
    });
    const changes = await page.evaluate<{ at: number; text: string }[]>('window.kpiChanges');
    const shown = changes.find((change) => change.text === '5')!;
    report.liveUpdateMs = shown.at - posted;
    expect(shown.at - posted).toBeLessThan(1000);
    await expectEventually(async () => expect(await text('ticker')).toContain('RK-DASH-005 passed at Ship'));
  });

  it("opens a rack's timeline from the search", async () => {
    await page.fill('[data-testid="search-input"]', 'RK-DASH-00');
    await expectEventually(async () =>
      expect(await page.locator('[data-testid="search-result"]').count()).toBe(6),
    );
    await page.click('[data-testid="search-result"][data-serial="RK-DASH-006"]');
    await page.waitForSelector('[data-testid="timeline"][open]');
    expect(await text('timeline-serial')).toBe('RK-DASH-006');
    const detail = (await jsonClient(api.url, manager).get<RackDetailView>('/v1/racks/RK-DASH-006')).body;
    const entries = page.locator('[data-testid="timeline-entry"]');
    expect(await entries.count()).toBe(detail.history.length);
    expect(await entries.last().innerText()).toMatch(/failed[\s\S]*Burn-in · failed[\s\S]*BURN_IN-01/);
    await mkdir(RESULTS, { recursive: true });
    await page.screenshot({ path: resolve(RESULTS, 'dashboard-timeline.png') });
    await page.click('[data-testid="timeline"] button.close');
    await page.waitForSelector('[data-testid="timeline"]:not([open])', { state: 'attached' });
    const screenshot = resolve(RESULTS, 'dashboard.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    report.screenshot = screenshot;
  });

  it('shows "reconnecting" while the api is away and catches up when it is back', async () => {
    await api.stop();
    await expectEventually(async () =>
      expect(await page.locator('[data-testid="live-status"]').getAttribute('data-state')).toBe(
        'reconnecting',
      ),
    );
    expect(await text('live-status')).toMatch(/reconnecting/i);
    // The line keeps going meanwhile: rack 6 is reworked, retested and shipped.
    await post('burn_in', [
      ['RK-DASH-006', 'rework_started'],
      ['RK-DASH-006', 'rework_completed'],
      ['RK-DASH-006', 'started'],
      ['RK-DASH-006', 'passed'],
    ]);
    await post('qa', [
      ['RK-DASH-006', 'started'],
      ['RK-DASH-006', 'passed'],
    ]);
    await post('ship', [
      ['RK-DASH-006', 'started'],
      ['RK-DASH-006', 'passed'],
    ]);
    api = await startService('api', { ...env, PORT: String(apiPort) });
    await expectEventually(async () => expect(await text('kpi-actual')).toBe('6'), { timeoutMs: 30_000 });
    await expectEventually(async () =>
      expect(await page.locator('[data-testid="live-status"]').getAttribute('data-state')).toBe('live'),
    );
    expect(await text('flow-count-burn_in')).toBe('0');
  });
});
