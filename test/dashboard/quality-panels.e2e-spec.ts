import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { adminRequest, LOT_ESCAPE_ONLY } from '../alerts/alerts-fixtures.js';
import { issueToken } from '../api/api-fixtures.js';
import { BurnInLine } from '../support/burn-in-line.js';
import { launchChromium, type HeadlessBrowser } from '../support/browser.js';
import { expectEventually } from '../support/expect-eventually.js';

const SUPPLIER = 'sup-tw-wall';

/**
 * The quality panels of the wall screen in headless Chromium, fed by the real line (ingest, tracker, api, alerts):
 * eight racks with a GPU of lot W45 pass, three of four with a GPU of lot W47-BAD fail with DCGM-ISOLATE (replace
 * the part), one has it taken out in rework (a supplier return opens), one more fails on a leak.
 */
describe('dashboard: failures by code, open returns per supplier and the lot-escape alert in a browser', () => {
  const line = new BurnInLine('dashboard_quality', 'fab-wall', ['ingest', 'tracker', 'api', 'alerts']);
  let browser: HeadlessBrowser;
  let page: Page;
  const testId = (id: string) => page.locator(`[data-testid="${id}"]`);

  async function build(rack: string, lot: string, then: [type: string, extra?: Record<string, unknown>][]) {
    await line.post('assembly', rack, 'started', 5);
    let last = await line.post('assembly', rack, 'component_installed', 4.9, {
      components: [{ serial: `GPU-${rack}`, partNumber: 'GPU-B200', kind: 'gpu', supplierId: SUPPLIER, lot }],
    });
    for (const [type, extra] of then) last = await line.post('assembly', rack, type, 4.8, extra);
    return last;
  }

  beforeAll(async () => {
    await line.start({ ALERTS_DEBOUNCE_MS: '200' });
    expect(
      (
        await adminRequest(
          line.service('alerts').url,
          'PUT',
          `/v1/sites/${line.siteId}/rules`,
          LOT_ESCAPE_ONLY,
        )
      ).status,
    ).toBe(200);
    expect(
      (await line.admin.put(`/v1/suppliers/${SUPPLIER}`, { name: 'Hsinchu Silicon', country: 'TW' })).status,
    ).toBe(200);
    const last = new Map<string, string>();
    for (let index = 1; index <= 8; index += 1)
      last.set(`RK-W${index}`, await build(`RK-W${index}`, 'W45', [['passed']]));
    last.set('RK-B4', await build('RK-B4', 'W47-BAD', [['passed']]));
    for (const rack of ['RK-B1', 'RK-B2', 'RK-B3']) {
      const failure = { failures: [{ code: 'DCGM-ISOLATE', componentSerial: `GPU-${rack}` }] };
      last.set(rack, await build(rack, 'W47-BAD', [['failed', failure]]));
    }
    last.set('RK-B1', await line.post('assembly', 'RK-B1', 'rework_started', 4.7));
    last.set(
      'RK-B1',
      await line.post('assembly', 'RK-B1', 'component_removed', 4.6, {
        components: [{ serial: 'GPU-RK-B1' }],
      }),
    );
    last.set('RK-L1', await build('RK-L1', 'W45', [['failed', { failures: [{ code: 'LEAK-CRITICAL' }] }]]));
    await Promise.all([...last].map(([serial, eventId]) => line.applied(serial, eventId)));

    const api = line.service('api').url;
    const manager = (await issueToken(api, 'manager', 'Quality wall')).token;
    browser = await launchChromium();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.goto(`${api}/?site=${line.siteId}#token=${manager}`);
    await page.waitForSelector('[data-testid="supplier-row"]');
  });

  afterAll(async () => {
    await browser?.close();
    await line.stop();
  });

  it('charts failures by code, each with the action it was dispositioned to', async () => {
    // The last 24 hours rather than the default site week: the line's events are five hours old, which on a
    // Monday morning is last week (this failed every week's first hours).
    await page.selectOption('[data-testid="pareto-window"]', '24h');
    await page.selectOption('[data-testid="pareto-group"]', 'code');
    await page.waitForSelector('[data-testid="pareto"][data-group-by="code"]');
    const rows = await page.evaluate<[string, string, string][]>(
      `[...document.querySelectorAll('[data-testid="pareto-row"]')].map((row) => [
        row.dataset.key, row.querySelector('[data-testid="pareto-failures"]').textContent, row.querySelector('th').innerText,
      ])`,
    );
    expect(rows.map(([key, failures]) => [key, failures])).toEqual([
      ['DCGM-ISOLATE', '3'],
      ['LEAK-CRITICAL', '1'],
    ]);
    expect(rows[0]![2]).toContain('→ replace part · GPU-B200');
    expect(rows[1]![2]).toContain('→ engineering hold');
    expect(await testId('pareto-summary').innerText()).toContain('4 failure codes reported');
  });

  it('shows the supplier with its failures per 1,000 and its open return in red', async () => {
    const row = page.locator(`[data-testid="supplier-row"][data-supplier="${SUPPLIER}"]`);
    // 13 GPUs installed, 3 failed: 230.8 per 1,000; one return open.
    expect(await row.locator('[data-testid="supplier-rate"]').innerText()).toBe('230.8 / 1,000');
    const open = row.locator('[data-testid="supplier-open-returns"]');
    expect(await open.innerText()).toBe('1');
    expect(
      await page.evaluate<string>(
        `getComputedStyle(document.querySelector('[data-supplier="${SUPPLIER}"] [data-testid="supplier-open-returns"]')).color`,
      ),
    ).toBe('rgb(248, 113, 113)');
    expect(await row.locator('[data-testid="supplier-codes"]').innerText()).toBe('DCGM-ISOLATE ×3');
    expect(await testId('suppliers-summary').innerText()).toContain('1 open return');
  });

  it('raises the lot-escape alert on the banner as soon as the alerts service fires it', async () => {
    const alert = page.locator('#alerts [data-rule="lot_escape"]');
    await expectEventually(async () => expect(await alert.count()).toBe(1));
    // 3 of 4 failed, 750 per 1,000 against the floor of 5: far past 5× the baseline, so critical at once.
    expect(await alert.locator('.alert-severity').innerText()).toBe('CRITICAL');
    expect(await alert.locator('.alert-title').innerText()).toBe(
      `Lot escape (${SUPPLIER}/W47-BAD) at ${line.siteId}`,
    );
    // Nobody has taken it yet: the andon offers to, and counts down to its escalation.
    expect(await alert.locator('[data-testid="alert-acknowledge"]').innerText()).toBe('Acknowledge');
  });

  it("shows each failure code and its disposition on the rack's timeline", async () => {
    await page.fill('[data-testid="search-input"]', 'RK-B1');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="timeline"][open]');
    const failed = page.locator(
      '[data-testid="timeline-entry"][data-event="failed"] [data-testid="timeline-note"]',
    );
    await failed.waitFor();
    expect((await failed.innerText()).trim()).toBe('DCGM-ISOLATE on GPU-RK-B1 → replace part');
    await page.click('[data-testid="timeline"] button.close');
    await page.fill('[data-testid="search-input"]', '');
  });

  it('picks up a closed return without a reload', async () => {
    const [opened] = (await line.manager.get<{ items: { id: string }[] }>('/v1/rma?status=open')).body.items;
    expect((await line.admin.post(`/v1/rma/${opened!.id}/close`, { outcome: 'no_fault_found' })).status).toBe(
      200,
    );
    // Any failure on the line refreshes the panel shortly after.
    await build('RK-L2', 'W45', [['failed', { failures: [{ code: 'FUNC-BOOT' }] }]]);
    const row = page.locator(`[data-testid="supplier-row"][data-supplier="${SUPPLIER}"]`);
    await expectEventually(async () => {
      expect(await row.locator('[data-testid="supplier-open-returns"]').innerText()).toBe('0');
      expect(await row.locator('td').nth(3).innerText()).toBe('0 / 1');
    });
  });
});
