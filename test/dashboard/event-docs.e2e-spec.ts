import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { launchChromium, type HeadlessBrowser } from '../support/browser.js';
import { startService, type RunningService } from '../support/service-process.js';
import { createTestDatabase, createTestTopics, type TestDatabase } from '../support/stack.js';

const CONTRACT = resolve(import.meta.dirname, '../../docs/events/asyncapi.yaml');

/**
 * The Kafka contract served by the api beside Swagger: the document itself, and a page that renders it in a
 * real browser from what the api serves (no internet), under the api's Content-Security-Policy.
 */
describe('event docs at /docs/events', () => {
  let database: TestDatabase;
  let api: RunningService;
  let browser: HeadlessBrowser;

  beforeAll(async () => {
    const [created, prefix] = await Promise.all([createTestDatabase('event_docs'), createTestTopics()]);
    database = created;
    api = await startService('api', { DATABASE_URL: database.url, KAFKA_TOPIC_PREFIX: prefix });
    browser = await launchChromium({ width: 1400, height: 900 });
  });

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
    await database?.drop();
  });

  it('serves the AsyncAPI document as written, and as JSON, without a token', async () => {
    const yaml = await fetch(`${api.url}/docs/events.yaml`);
    expect(yaml.status).toBe(200);
    expect(yaml.headers.get('content-type')).toMatch(/^application\/yaml/);
    expect(await yaml.text()).toBe(await readFile(CONTRACT, 'utf8'));

    const json = await fetch(`${api.url}/docs/events.json`);
    expect(json.status).toBe(200);
    const document = (await json.json()) as {
      asyncapi: string;
      channels: Record<string, { address: string }>;
    };
    expect(document).toEqual(parse(await readFile(CONTRACT, 'utf8')));
    expect(Object.values(document.channels).map((channel) => channel.address)).toContain(
      '{topicPrefix}station-events',
    );
  });

  it('renders the topics and their messages in a browser, with no policy violation or page error', async () => {
    const page = await browser.context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || /Content Security Policy/i.test(message.text()))
        problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
    });
    const external: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(api.url) && !request.url().startsWith('data:'))
        external.push(request.url());
    });

    const answer = await page.goto(`${api.url}/docs/events`);
    expect(answer?.status()).toBe(200);
    // The relaxed policy is this page's only; the rest of the api keeps its own.
    expect(answer?.headers()['content-security-policy']).toContain("'unsafe-eval'");
    const swagger = await fetch(`${api.url}/docs`);
    expect(swagger.headers.get('content-security-policy')).not.toContain("'unsafe-eval'");

    // The renderer parses the document in the page, then lays out every channel and message.
    // (An expression, since this suite is typed without the DOM library.)
    await page.waitForFunction(
      "document.querySelector('#asyncapi').innerText.includes('StationEvent')",
      null,
      {
        timeout: 30_000,
      },
    );
    const text = await page.locator('#asyncapi').innerText();
    // Nothing refused by the policy, no script error, no failed request: the render is complete.
    expect(problems).toEqual([]);
    expect(text).toContain('Rack line tracker events');
    for (const topic of ['station-events', 'rack-transitions', 'station-events.dlq'])
      expect(text).toContain(topic);
    expect(text).toContain('StationEvent');
    expect(external).toEqual([]);
    await page.close();
  });
});
