import { mkdir, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import type { RackDetailView } from '../../apps/api/src/racks/rack.view.js';
import { issueToken } from '../api/api-fixtures.js';
import { call, registerStation, stationEvent } from '../ingest/ingest-client.js';
import { launchChromium, type HeadlessBrowser } from '../support/browser.js';
import { BurnInLine, SOAK_MODEL } from '../support/burn-in-line.js';
import { expectEventually } from '../support/expect-eventually.js';

const RESULTS = resolve(import.meta.dirname, '../../test-results');
const SITE = 'fab-rp';
const OTHER_SITE = 'fab-other';
const ZONE = 'Asia/Shanghai';
const RACK = 'RK-PAGE-7';
const SECOND = 'RK-PAGE-8';
const ELSEWHERE = 'RK-OTHER-PAGE-9';
const SUPPLIER = 'sup-rp';
const LOT = 'W47-RP';
const TRAY = 'CT-RP-1';

const part = (serial: string, kind: string, parentSerial?: string) => ({
  serial,
  partNumber: kind === 'gpu' ? 'GPU-B200' : 'CT-GB200',
  kind,
  supplierId: SUPPLIER,
  // Only the GPUs are of the traced lot.
  lot: kind === 'gpu' ? LOT : 'CT-LOT-1',
  ...(parentSerial === undefined ? {} : { parentSerial }),
});

/** What the page must print for an instant: a full date in the site's zone, in the page's locale. */
const fullDate = (iso: string, locale: string) =>
  new Intl.DateTimeFormat(locale, {
    timeZone: ZONE,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));

/**
 * A rack's own page, the search and the trace in headless Chromium, fed by the real line (ingest, tracker, api):
 * RK-PAGE-7 is built with a tray holding two GPUs, fails burn-in with XID-79 on one GPU and a temperature over
 * its limit, and has that GPU taken out in rework; RK-PAGE-8 holds a GPU of the same lot; another site has a
 * rack whose serial shares the middle.
 */
describe('dashboard: a rack page by URL, search across sites, trace words and CSV, sourcing', () => {
  const line = new BurnInLine('dashboard_rack_page', SITE);
  let browser: HeadlessBrowser;
  let page: Page;
  let api: string;
  let manager: string;
  let detail: RackDetailView;
  const consoleErrors: string[] = [];
  const watchConsole = (watched: Page) => {
    watched.on('console', (message) => {
      // A failed load names only its status; its URL says whose it is.
      if (message.type() === 'error')
        consoleErrors.push(`${message.text()} ${message.location().url}`.trim());
    });
    watched.on('pageerror', (error) => consoleErrors.push(error.message));
  };
  const testId = (id: string) => page.locator(`[data-testid="${id}"]`);

  beforeAll(async () => {
    await line.start();
    await line.database.query(
      `INSERT INTO site_target (site_id, weekly_target, time_zone, week_starts_on, shifts, holidays)
       VALUES ($1, 400, $2, 'monday', $3::jsonb, '{}')`,
      [SITE, ZONE, JSON.stringify({ monday: [{ start: '06:00', end: '22:00' }] })],
    );
    expect(
      (await line.admin.put(`/v1/suppliers/${SUPPLIER}`, { name: 'Taoyuan Boards', country: 'TW' })).status,
    ).toBe(200);
    await line.post('assembly', RACK, 'started', 3);
    await line.post('assembly', RACK, 'component_installed', 2.95, {
      components: [part(TRAY, 'compute_tray'), part('GPU-RP-1', 'gpu', TRAY), part('GPU-RP-2', 'gpu', TRAY)],
    });
    await line.post('assembly', RACK, 'passed', 2.9);
    await line.cell('BI-RP', 4);
    await line.post('burn_in', RACK, 'started', 2.8, { location: { cell: 'BI-RP', position: 2 } });
    await line.post('burn_in', RACK, 'failed', 2, {
      failures: [{ code: 'XID-79', componentSerial: 'GPU-RP-2', message: 'GPU has fallen off the bus' }],
      measurements: [
        { name: 'gpu_temp_max', value: 97, unit: 'C', high: 90 },
        { name: 'inlet_temp', value: 25, unit: 'C', low: 10, high: 35 },
      ],
    });
    await line.post('burn_in', RACK, 'rework_started', 1.9);
    const removed = await line.post('burn_in', RACK, 'component_removed', 1.8, {
      components: [{ serial: 'GPU-RP-2' }],
    });
    await line.post('assembly', SECOND, 'started', 1.5);
    const installed = await line.post('assembly', SECOND, 'component_installed', 1.4, {
      components: [part('GPU-RP-8', 'gpu')],
    });
    const ingest = line.service('ingest').url;
    const elsewhere = await registerStation(ingest, {
      stationId: 'FAB-OTHER-ASSEMBLY',
      stage: 'assembly',
      siteId: OTHER_SITE,
    });
    const otherEvent = stationEvent(elsewhere, { rackSerial: ELSEWHERE, rackModel: SOAK_MODEL });
    expect((await call(`${ingest}/v1/events`, { token: elsewhere.token, json: otherEvent })).status).toBe(
      202,
    );
    detail = await line.applied(RACK, removed);
    await Promise.all([
      line.applied(SECOND, installed),
      line.applied(ELSEWHERE, otherEvent.eventId as string),
    ]);

    api = line.service('api').url;
    manager = (await issueToken(api, 'manager', 'Rack page')).token;
    browser = await launchChromium();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    watchConsole(page);
  });

  afterAll(async () => {
    await browser?.close();
    await line.stop();
  });

  it('opens a rack by its URL: site, zone, full dates, the tree, the failure and its part, measurements', async () => {
    await page.goto(`${api}/racks/${RACK}#token=${manager}`);
    const view = page.locator('[data-testid="rack-page"] article.rack-view');
    await view.waitFor();
    expect(page.url()).toBe(`${api}/racks/${RACK}`);
    expect(await testId('timeline-serial').innerText()).toBe(RACK);
    expect(await testId('rack-site').innerText()).toContain(SITE);
    expect(await testId('rack-zone').innerText()).toMatch(/^Times in Asia\/Shanghai \(GMT\+8\)$/);

    // Every entry has its full date in the site's zone, however long ago.
    const entries = testId('timeline-entry');
    expect(await entries.count()).toBe(detail.history.length);
    expect(await entries.first().locator('td').first().innerText()).toBe(
      fullDate(detail.history[0]!.occurredAt, 'en-GB'),
    );

    // The tray opens onto its GPU; the removed one is gone from the tree.
    const tray = page.locator(`[data-testid="component"][data-serial="${TRAY}"]`);
    const gpu = page.locator('[data-testid="component"][data-serial="GPU-RP-1"]');
    expect(await gpu.isVisible()).toBe(false);
    await tray.locator('summary').click();
    await gpu.waitFor({ state: 'visible' });
    expect(await page.locator('[data-testid="component"][data-serial="GPU-RP-2"]').count()).toBe(0);

    const failure = testId('rack-failure');
    expect(await failure.count()).toBe(1);
    expect(await failure.locator('[data-testid="failure-code"]').innerText()).toBe('XID-79');
    expect(await failure.locator('[data-testid="failure-part"]').innerText()).toContain('GPU-RP-2');

    const hot = page.locator('[data-testid="rack-measurement"][data-name="gpu_temp_max"]');
    expect(await hot.getAttribute('data-within')).toBe('out');
    expect(await hot.locator('[data-testid="measurement-verdict"]').innerText()).toBe('out of limits');
    // Marked in red, as the suppliers panel marks what needs attention.
    expect(
      await page.evaluate<string>(
        `getComputedStyle(document.querySelector('[data-name="gpu_temp_max"] td')).color`,
      ),
    ).toBe('rgb(248, 113, 113)');
    expect(
      await page
        .locator('[data-testid="rack-measurement"][data-name="inlet_temp"]')
        .getAttribute('data-within'),
    ).toBe('within');
    expect(await testId('time-in-state').count()).toBeGreaterThan(0);
  });

  it('follows the rack live: its next event shows without a reload', async () => {
    await page.goto(`${api}/racks/${SECOND}`);
    const entries = testId('timeline-entry');
    await expectEventually(async () => expect(await entries.count()).toBe(2));
    await expectEventually(async () =>
      expect(await page.evaluate<string | undefined>('document.body.dataset.liveState')).toBe('live'),
    );
    await page.evaluate('window.sameDocument = true');
    await line.post('assembly', SECOND, 'passed', 1.3);
    await expectEventually(async () => expect(await entries.count()).toBe(3));
    expect(await entries.last().getAttribute('data-event')).toBe('passed');
    expect(await page.evaluate<boolean>('window.sameDocument === true')).toBe(true);
    await mkdir(RESULTS, { recursive: true });
    await page.goto(`${api}/racks/${RACK}`);
    await page.locator('[data-testid="rack-page"] article.rack-view').waitFor();
    await page.locator(`[data-testid="component"][data-serial="${TRAY}"] summary`).click();
    await page.screenshot({ path: resolve(RESULTS, 'rack-page.png'), fullPage: true });
  });

  it('fits a phone: the page never scrolls sideways, wide tables scroll in their own section', async () => {
    const phone = await browser.context.newPage();
    try {
      watchConsole(phone);
      await phone.setViewportSize({ width: 390, height: 844 });
      await phone.goto(`${api}/racks/${RACK}`);
      await phone.locator('[data-testid="rack-page"] article.rack-view').waitFor();
      expect(await phone.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      await phone.screenshot({ path: resolve(RESULTS, 'rack-page-phone.png'), fullPage: true });
    } finally {
      await phone.close();
    }
  });

  it('speaks Chinese with Chinese dates at ?lang=zh', async () => {
    await page.goto(`${api}/racks/${RACK}?lang=zh`);
    await page.locator('[data-testid="rack-page"] article.rack-view').waitFor();
    expect(await page.locator('.rack-timeline h3').innerText()).toBe('时间线');
    expect(await page.locator('.rack-failures h3').innerText()).toBe('故障');
    expect(await testId('rack-zone').innerText()).toContain('时间按 Asia/Shanghai');
    const first = await testId('timeline-entry').first().locator('td').first().innerText();
    expect(first).toBe(fullDate(detail.history[0]!.occurredAt, 'zh-CN'));
    expect(first).toMatch(/\d{4}年\d{1,2}月\d{1,2}日/);
    expect(
      await page
        .locator('[data-testid="timeline-entry"][data-event="failed"] [data-testid="timeline-note"]')
        .innerText(),
    ).toContain('XID-79（部件 GPU-RP-2） → 重新插拔');
    expect(
      await page
        .locator(
          '[data-testid="rack-measurement"][data-name="gpu_temp_max"] [data-testid="measurement-verdict"]',
        )
        .innerText(),
    ).toBe('超出限值');
  });

  it('finds a rack by the middle of its serial in lower case; Enter opens the rack the list shows', async () => {
    await page.goto(`${api}/?site=${SITE}`);
    await page.waitForSelector('body[data-ready-ms]');
    const results = () =>
      page.evaluate<[string, string][]>(
        `[...document.querySelectorAll('[data-testid="search-result"]')].map((b) => [b.dataset.serial, b.dataset.site])`,
      );
    await page.fill('[data-testid="search-input"]', 'page-');
    await expectEventually(async () =>
      expect(await results()).toEqual([
        [RACK, SITE],
        [SECOND, SITE],
      ]),
    );
    expect(await page.locator(`[data-testid="search-result"][data-serial="${RACK}"]`).innerText()).toContain(
      SITE,
    );
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="timeline"][open]');
    expect(await page.locator('#timeline-body [data-testid="timeline-serial"]').innerText()).toBe(RACK);
    expect(await page.locator('#timeline-body [data-testid="rack-page-link"]').getAttribute('href')).toBe(
      `/racks/${RACK}`,
    );
    await page.click('[data-testid="timeline"] button.close');

    // Typed and Enter at once, before the list is there: the same rack the list then shows first.
    await page.fill('[data-testid="search-input"]', 'page-8');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="timeline"][open]');
    expect(await page.locator('#timeline-body [data-testid="timeline-serial"]').innerText()).toBe(SECOND);
    await page.click('[data-testid="timeline"] button.close');

    // The other site's rack: none here, so Enter opens nothing; with all sites, it is listed with its site.
    await page.fill('[data-testid="search-input"]', 'other-page');
    await testId('search-empty').waitFor();
    await page.keyboard.press('Enter');
    expect(await page.locator('[data-testid="timeline"][open]').count()).toBe(0);
    await page.check('[data-testid="search-all-sites"]');
    await expectEventually(async () => expect(await results()).toEqual([[ELSEWHERE, OTHER_SITE]]));
    await page.press('[data-testid="search-input"]', 'Enter');
    await page.waitForSelector('[data-testid="timeline"][open]');
    expect(await page.locator('#timeline-body [data-testid="timeline-serial"]').innerText()).toBe(ELSEWHERE);
    await page.click('[data-testid="timeline"] button.close');
    await page.uncheck('[data-testid="search-all-sites"]');
    await page.fill('[data-testid="search-input"]', '');
  });

  it('traces a lower-case lot with totals that add up, and downloads every row as CSV', async () => {
    await page.fill('[data-testid="trace-lot"]', LOT.toLowerCase());
    await page.click('[data-testid="trace-submit"]');
    await expectEventually(async () =>
      expect(await testId('trace-summary').innerText()).toBe('2 racks · 2 parts installed now · 1 removed'),
    );
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid="trace-csv"]'),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const csv = (await readFile((await download.path())!, 'utf8')).trim().split(/\r?\n/);
    // A header and one row per part the racks hold or held.
    expect(csv).toHaveLength(4);
    for (const serial of ['GPU-RP-1', 'GPU-RP-2', 'GPU-RP-8'])
      expect(csv.some((row) => row.includes(serial))).toBe(true);
  });

  it('downloads the Pareto as CSV', async () => {
    await page.selectOption('[data-testid="pareto-group"]', 'code');
    await page.waitForSelector('[data-testid="pareto"][data-group-by="code"]');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid="pareto-csv"]'),
    ]);
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv).toContain('XID-79');
  });

  it('fits the whole Pareto table inside its panel on a 1080p screen', async () => {
    for (const grouping of ['code', 'lot', 'partNumber', 'measurement']) {
      await page.selectOption('[data-testid="pareto-group"]', grouping);
      await page.waitForSelector(`[data-testid="pareto"][data-group-by="${grouping}"]`);
      const box = await page.evaluate<{
        panel: number;
        table: number;
        scroll: number;
        client: number;
      }>(`(() => {
        const panel = document.querySelector('[data-testid="pareto"]').getBoundingClientRect();
        const holder = document.querySelector('[data-testid="pareto-table"]');
        const table = holder.querySelector('table').getBoundingClientRect();
        return { panel: panel.right, table: table.right, scroll: holder.scrollWidth, client: holder.clientWidth };
      })()`);
      expect({ grouping, inside: box.table <= box.panel + 0.5 && box.panel <= 1920 }).toEqual({
        grouping,
        inside: true,
      });
      expect({ grouping, overflow: box.scroll - box.client }).toEqual({ grouping, overflow: 0 });
    }
  });

  it("shows the week's parts by supplier country, as the api counts them", async () => {
    const sourcing = (
      await line.manager.get<{
        parts: number;
        byCountry: { country: string | null; parts: number; share: number }[];
      }>(`/v1/sourcing?site=${SITE}`)
    ).body;
    await expectEventually(async () =>
      expect(await testId('sourcing').getAttribute('data-parts')).toBe(String(sourcing.parts)),
    );
    const shown = await page.evaluate<[string, string, string][]>(
      `[...document.querySelectorAll('[data-testid="sourcing-country"]')].map((row) => [
        row.dataset.country, row.dataset.parts, row.querySelector('[data-testid="sourcing-share"]').textContent,
      ])`,
    );
    expect(shown).toEqual(
      sourcing.byCountry.map((share) => [
        share.country ?? '',
        String(share.parts),
        `${Math.round(share.share * 100)} %`,
      ]),
    );
    // One supplier, in Taiwan: every part of the week (unless the week turned within the last three hours).
    expect(sourcing.byCountry.map((share) => share.country)).toEqual(sourcing.parts > 0 ? ['TW'] : []);
  });

  it('raised no uncaught error in the console on any page', () => {
    expect(consoleErrors).toEqual([]);
  });
});
