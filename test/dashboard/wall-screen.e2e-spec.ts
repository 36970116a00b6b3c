import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { adminRequest, BEHIND_PLAN_ONLY, weekStartedDaysAgo } from '../alerts/alerts-fixtures.js';
import { issueToken } from '../api/api-fixtures.js';
import { call, registerStation } from '../ingest/ingest-client.js';
import { BurnInLine, HOUR_MS } from '../support/burn-in-line.js';
import { launchChromium, type HeadlessBrowser } from '../support/browser.js';
import { expectEventually } from '../support/expect-eventually.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';

const SCREENSHOTS = resolve(import.meta.dirname, '../../docs/screenshots');
// A long site id and a six-figure target: what overflowed cards and widened the phone page before.
const SITE = 'kiosk-line-with-a-rather-long-site-name-7';
// A test leftover that sorts first and has hardly any activity: a fresh kiosk must not open on it.
const LEFTOVER = 'aaa-test-leftover';
const TARGET = 100_000;
const ZONE = 'Europe/Berlin';
const EIGHT_HOUR_SHIFTS = [
  { start: '00:00', end: '08:00' },
  { start: '08:00', end: '16:00' },
  { start: '16:00', end: '24:00' },
];
const WEEK = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const KEEP_ALIVE_MS = 1000;
const HOLD_REASON = 'leak detector warning on manifold B';

/**
 * The wall screen a shift manager trusts, in headless Chromium, on the real line (ingest, tracker, api, alerts):
 * the default site, staleness when the stream is cut, the andon acknowledgement, the shifts panel, the three
 * languages and three viewports without sideways overflow. The browser reaches the api through a TCP proxy the
 * test can cut, as a dropped network would.
 */
describe('dashboard: the wall screen a shift manager trusts', () => {
  const line = new BurnInLine('dashboard_wall', SITE, ['ingest', 'tracker', 'api', 'alerts']);
  let proxy: TcpProxy;
  let origin: string;
  let browser: HeadlessBrowser;
  let page: Page;
  let manager: string;
  // Uncaught errors, and console errors other than the network failures the stream cut causes on purpose.
  const pageErrors: string[] = [];
  let cutting = false;
  const testId = (id: string) => page.locator(`[data-testid="${id}"]`);
  const text = (id: string) => testId(id).first().innerText();

  /**
   * What makes a reader scroll sideways or lose a figure: the page wider than the screen, any element reaching
   * past the screen's right edge (unless a scrolling or clipping box holds it), and a card, figure or name whose
   * content spills out of it. Text cut with an ellipsis inside its box is not spilling (its title has it whole);
   * the headline figures must not even be cut.
   */
  const overflowing = () =>
    page.evaluate<string[]>(`(() => {
      const found = [];
      const name = (element) =>
        element.dataset.testid || element.id || (typeof element.className === 'string' && element.className) || element.tagName + ' in ' + element.parentElement.className;
      const root = document.scrollingElement;
      if (root.scrollWidth > root.clientWidth) found.push('page ' + root.scrollWidth + ' > ' + root.clientWidth);
      const held = (element) => {
        for (let box = element.parentElement; box && box !== document.body; box = box.parentElement)
          if (getComputedStyle(box).overflowX !== 'visible') return true;
        return false;
      };
      for (const element of document.body.querySelectorAll('*')) {
        if (element.getClientRects().length === 0 || element.closest('dialog:not([open])')) continue;
        const right = element.getBoundingClientRect().right;
        if (right > window.innerWidth + 1 && !held(element)) found.push('past the edge: ' + name(element) + ' ' + Math.round(right));
      }
      const boxes = document.querySelectorAll('.top, .alerts, .kpi, .panel, .flow-stage, .burn-in-figure, #site-name');
      for (const box of boxes) {
        if (box.getClientRects().length === 0) continue;
        // A card that clips (an ellipsis) is fine; one that spills or scrolls sideways is not.
        const clipped = ['hidden', 'clip'].includes(getComputedStyle(box).overflowX);
        if (!clipped && box.scrollWidth > box.clientWidth + 1)
          found.push('spills: ' + name(box) + ' ' + box.scrollWidth + ' > ' + box.clientWidth);
      }
      for (const figure of document.querySelectorAll('.kpi-value')) {
        // The text's own width: an ellipsis is only painted, the laid-out text keeps its full width.
        const text = document.createRange();
        text.selectNodeContents(figure);
        const width = Math.max(figure.scrollWidth, Math.ceil(text.getBoundingClientRect().width));
        if (width > figure.clientWidth + 1)
          found.push('figure cut: ' + name(figure) + ' ' + width + ' > ' + figure.clientWidth);
      }
      return found;
    })()`);

  beforeAll(async () => {
    await line.start({ ALERTS_DEBOUNCE_MS: '200', LIVE_KEEPALIVE_MS: String(KEEP_ALIVE_MS) });
    const alerts = line.service('alerts').url;
    expect((await adminRequest(alerts, 'PUT', `/v1/sites/${SITE}/rules`, BEHIND_PLAN_ONLY)).status).toBe(200);
    const target = await adminRequest(alerts, 'PUT', `/v1/sites/${SITE}/target`, {
      weeklyTarget: TARGET,
      timeZone: ZONE,
      weekStartsOn: weekStartedDaysAgo(3),
      shifts: Object.fromEntries(WEEK.map((day) => [day, EIGHT_HOUR_SHIFTS])),
    });
    expect(target.status).toBe(200);

    // Three racks through assembly and one held there longest, with its reason.
    const last: [string, string][] = [];
    await line.post('assembly', 'RK-WALL-HOLD', 'started', 20);
    last.push([
      'RK-WALL-HOLD',
      await line.post('assembly', 'RK-WALL-HOLD', 'hold', 19, {
        reason: HOLD_REASON,
        reasonCode: 'quality',
      }),
    ]);
    for (const serial of ['RK-WALL-001', 'RK-WALL-002', 'RK-WALL-003'])
      last.push([serial, await line.assembled(serial, 2)]);

    // The leftover site: one event, days ago.
    const ingest = line.service('ingest').url;
    const station = await registerStation(ingest, {
      stationId: 'AAA-LEFTOVER-ASSEMBLY',
      stage: 'assembly',
      siteId: LEFTOVER,
    });
    const leftover = await call(`${ingest}/v1/events`, {
      token: station.token,
      json: {
        eventId: randomUUID(),
        rackSerial: 'RK-LEFTOVER-1',
        stationId: station.stationId,
        stage: 'assembly',
        type: 'started',
        occurredAt: new Date(Date.now() - 30 * HOUR_MS).toISOString(),
      },
    });
    expect(leftover.status).toBe(202);
    await Promise.all(last.map(([serial, eventId]) => line.applied(serial, eventId)));

    const api = line.service('api').url;
    manager = (await issueToken(api, 'manager', 'Wall screen')).token;
    const port = Number(new URL(api).port);
    proxy = await startTcpProxy('127.0.0.1', port);
    origin = `http://127.0.0.1:${proxy.port}`;
    browser = await launchChromium();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.on('pageerror', (error) => pageErrors.push(`uncaught: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      if (cutting && /Failed to load resource|ERR_|EventSource/i.test(message.text())) return;
      pageErrors.push(message.text());
    });
    await mkdir(SCREENSHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
    await line.stop();
  });

  it('opens a fresh kiosk on the busiest site, not the test leftover that sorts first', async () => {
    const sites = await line.manager.get<{ items: { siteId: string }[]; defaultSiteId: string | null }>(
      '/v1/sites',
    );
    expect(sites.body.defaultSiteId).toBe(SITE);
    await page.goto(`${origin}/#token=${manager}`);
    await expectEventually(async () => expect(await text('site-name')).toContain(SITE));
    await expectEventually(async () => expect(await text('kpi-target')).toBe('100,000'));

    // Archived, the leftover leaves the picker: one site left, so no picker at all.
    const archived = await line.admin.post(`/v1/sites/${LEFTOVER}/archive`, {});
    expect(archived.status).toBe(200);
    await page.reload();
    await expectEventually(async () => expect(await text('site-name')).toContain(SITE));
    expect(await page.locator('#site-select option').allInnerTexts()).not.toContain(LEFTOVER);
  });

  it("says when the figures were last current, and shows the site's clock and time zone", async () => {
    await expectEventually(async () =>
      expect(await testId('live-status').getAttribute('data-state')).toBe('live'),
    );
    expect(await text('updated-at')).toMatch(/^updated \d\d:\d\d:\d\d$/);
    const siteNow = new Intl.DateTimeFormat('en-GB', {
      timeZone: ZONE,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    await expectEventually(async () => {
      const shown = await text('site-clock-time');
      const expected = [siteNow.format(new Date(Date.now() - 60_000)), siteNow.format(new Date())];
      expect(expected).toContain(shown);
    });
    expect(await text('site-clock-zone')).toContain(ZONE);
  });

  it('turns stale, dimmed, two keep-alives after the stream is cut, and live again once it is back', async () => {
    await expectEventually(async () =>
      expect(await testId('live-status').getAttribute('data-state')).toBe('live'),
    );
    const opacity = () => page.evaluate<string>(`getComputedStyle(document.querySelector('.kpis')).opacity`);
    expect(await opacity()).toBe('1');
    cutting = true;
    const cutAt = Date.now();
    await proxy.cut();
    try {
      await expectEventually(
        async () => expect(await testId('live-status').getAttribute('data-state')).toBe('stale'),
        { timeoutMs: 10 * KEEP_ALIVE_MS },
      );
      // Not before two keep-alive intervals of silence.
      expect(Date.now() - cutAt).toBeGreaterThanOrEqual(2 * KEEP_ALIVE_MS - 200);
      expect(await testId('live-status').textContent()).toMatch(/^stale since \d\d:\d\d$/);
      await expectEventually(async () => expect(Number(await opacity())).toBeLessThan(0.6));
    } finally {
      await proxy.restore();
    }
    await expectEventually(
      async () => expect(await testId('live-status').getAttribute('data-state')).toBe('live'),
      { timeoutMs: 30_000 },
    );
    cutting = false;
    await expectEventually(async () => expect(await opacity()).toBe('1'));
  });

  it('lets a named person acknowledge a firing alert, and shows who and when; until then, when it escalates', async () => {
    const alert = page.locator('#alerts [data-rule="behind_plan"]');
    await expectEventually(async () => expect(await alert.count()).toBe(1), { timeoutMs: 60_000 });
    expect(await alert.getAttribute('data-acknowledged')).toBe('false');
    expect(await alert.locator('[data-testid="alert-escalation"]').innerText()).toMatch(
      /^escalates in \d+ min$/,
    );

    await alert.locator('[data-testid="alert-acknowledge"]').click();
    const dialog = testId('acknowledge-dialog');
    await expectEventually(async () => expect(await dialog.isVisible()).toBe(true));
    // No name, no acknowledgement.
    await testId('acknowledge-submit').click();
    expect(await dialog.isVisible()).toBe(true);
    await testId('acknowledge-name').fill('Dana Whitfield');
    await testId('acknowledge-note').fill('calling the burn-in lead');
    await testId('acknowledge-submit').click();
    await expectEventually(async () =>
      expect({ open: await dialog.isVisible(), error: await text('acknowledge-error') }).toEqual({
        open: false,
        error: '',
      }),
    );

    await expectEventually(async () =>
      expect(await alert.locator('[data-testid="alert-acknowledged"]').innerText()).toMatch(
        /^acknowledged by Dana Whitfield at \d\d:\d\d$/,
      ),
    );
    expect(await alert.locator('[data-testid="alert-acknowledge"]').count()).toBe(0);
    const id = await alert.getAttribute('data-alert-id');
    const stored = await line.manager.get<{ acknowledgedBy: string | null; escalatesAt: string | null }>(
      `/v1/alerts/${id}`,
    );
    expect(stored.body).toMatchObject({ acknowledgedBy: 'Dana Whitfield', escalatesAt: null });

    // Another screen, loaded afresh, hears the same from the stream.
    await page.reload();
    await expectEventually(async () =>
      expect(
        await page.locator('#alerts [data-rule="behind_plan"] [data-testid="alert-acknowledged"]').count(),
      ).toBe(1),
    );
  });

  it("shows each shift's plan, done, due now and gap, the rate still needed, and the shift's hand-over", async () => {
    await expectEventually(async () => expect(await testId('shift-row').count()).toBe(3));
    expect(await page.locator('[data-testid="shift-row"].current').count()).toBe(1);
    expect(await text('shift-needs')).toMatch(
      /racks? behind plan · needs [\d,.]+\/h for the rest of the week, running [\d,.]+\/h$/,
    );
    expect(await text('kpi-verdict')).toContain('Behind plan');
    expect(await text('verdict-shortfall')).toMatch(/^[\d,]+ racks short$/);
    await expectEventually(async () => expect(await testId('handover-shipped').count()).toBe(1));
    expect(await testId('handover-alerts').getAttribute('data-count')).toBe('1');
    // The held rack is the oldest at assembly: its reason is beside it.
    expect(await text('flow-stage-assembly')).toContain(HOLD_REASON);
    // "Just now" starts with what happened before the page opened.
    await expectEventually(async () => expect(await page.locator('#ticker li').count()).toBeGreaterThan(0));
  });

  it('speaks Chinese and Spanish, with their number and date formats, chosen by ?lang=', async () => {
    const weekRange = () => page.evaluate<string>(`document.getElementById('week-range').textContent`);
    await page.goto(`${origin}/?lang=zh`);
    await expectEventually(async () => expect(await text('kpi-target')).toBe('100,000'));
    expect(await page.evaluate<string>('document.documentElement.lang')).toBe('zh-CN');
    expect(await page.locator('.kpi-label').first().innerText()).toBe('本周已发货');
    expect(await text('kpi-verdict')).toContain('落后于计划');
    expect(await text('updated-at')).toMatch(/^更新于 \d\d:\d\d:\d\d$/);
    expect(await weekRange()).toMatch(/\d+月\d+日/);

    await page.goto(`${origin}/?lang=es`);
    await expectEventually(async () => expect(await text('kpi-target')).toBe('100.000'));
    expect(await page.evaluate<string>('document.documentElement.lang')).toBe('es-ES');
    expect(await text('kpi-verdict')).toContain('Por detrás del plan');
    expect(await text('shift-needs')).toMatch(/necesita [\d.]+(,\d)?\/h el resto de la semana/);
    // The picker switches back, keeping the rest of the address.
    await page.selectOption('[data-testid="lang-select"]', 'en');
    await expectEventually(async () => expect(page.url()).toContain('lang=en'));
    await expectEventually(async () => expect(await text('kpi-target')).toBe('100,000'));
  });

  it.each([
    [1920, 1080],
    [1366, 768],
    [390, 844],
  ])('fits %i×%i without sideways overflow, long numbers and names included', async (width, height) => {
    await page.setViewportSize({ width, height });
    await page.goto(`${origin}/?lang=en`);
    await expectEventually(async () => expect(await text('kpi-target')).toBe('100,000'));
    await expectEventually(async () => expect(await testId('shift-row').count()).toBe(3));
    // Taken first, so a failure below can be looked at; a passing run leaves the final picture.
    await page.screenshot({ path: resolve(SCREENSHOTS, `dashboard-${width}x${height}.png`), fullPage: true });
    await expectEventually(async () => expect(await overflowing()).toEqual([]));
    // A figure keeps its full text as a title, should a narrower card ever cut it.
    expect(await testId('kpi-expected').getAttribute('title')).toMatch(/^[\d,]+$/);
  });

  it('is a wall screen at 1920×1080: each page of the rotation fits without scrolling, read from across a room', async () => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    for (const wallPage of [1, 2, 3]) {
      await page.goto(`${origin}/?wall=1&page=${wallPage}`);
      await expectEventually(async () => expect(await text('kpi-target')).toBe('100,000'));
      expect(await text('wall-page')).toBe(`Page ${wallPage} of 3`);
      await expectEventually(async () => expect(await overflowing()).toEqual([]));
      const root = await page.evaluate<{ scrollHeight: number; clientHeight: number }>(
        `({ scrollHeight: document.scrollingElement.scrollHeight, clientHeight: document.scrollingElement.clientHeight })`,
      );
      expect(root.scrollHeight).toBeLessThanOrEqual(root.clientHeight);
      // Headline figures at least 60 px tall at 1080p: readable from five metres.
      const size = await page.evaluate<string>(
        `getComputedStyle(document.querySelector('[data-testid="kpi-actual"]')).fontSize`,
      );
      expect(parseFloat(size)).toBeGreaterThanOrEqual(60);
      await page.screenshot({ path: resolve(SCREENSHOTS, `dashboard-wall-page-${wallPage}-1920x1080.png`) });
    }
    // Rotating by itself: the next page comes after the given period.
    await page.goto(`${origin}/?rotate=5s`);
    await expectEventually(async () => expect(await text('wall-page')).toBe('Page 1 of 3'));
    await expectEventually(async () => expect(await text('wall-page')).toBe('Page 2 of 3'), {
      timeoutMs: 15_000,
    });
  });

  it('raised no uncaught error and no console error in any of the above', () => {
    expect(pageErrors).toEqual([]);
  });
});
