import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectEventually } from '../support/expect-eventually.js';
import { startService, type RunningService } from '../support/service-process.js';
import { createTestDatabase, createTestTopics, type TestDatabase } from '../support/stack.js';

// The alerts service is a skeleton for now; this holds it to what every service must do from day one.
describe('alerts: service skeleton', () => {
  let database: TestDatabase;
  let alerts: RunningService;

  beforeAll(async () => {
    database = await createTestDatabase('alerts');
    alerts = await startService('alerts', {
      DATABASE_URL: database.url,
      KAFKA_TOPIC_PREFIX: await createTestTopics(),
    });
  });

  afterAll(async () => {
    await alerts?.stop();
    await database?.drop();
  });

  it('is ready once Kafka and PostgreSQL answer', async () => {
    await expectEventually(async () => {
      const response = await fetch(`${alerts.url}/health`);
      const body = (await response.json()) as { status: string; checks: Record<string, { status: string }> };
      expect(body.checks).toMatchObject({ postgres: { status: 'up' }, kafka: { status: 'up' } });
      expect(response.status).toBe(200);
    });
    expect((await fetch(`${alerts.url}/health/live`)).status).toBe(200);
  });

  it('serves Prometheus metrics labelled with its name', async () => {
    const response = await fetch(`${alerts.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(await response.text()).toContain('service="alerts"');
  });

  it('logs structured JSON and stops cleanly on SIGTERM', async () => {
    expect(alerts.logs.some((line) => line.includes('"service":"alerts"'))).toBe(true);
    // Nest closes the app on SIGTERM and then re-raises the signal, so a clean stop ends "by SIGTERM" (code null).
    expect([0, null]).toContain(await alerts.stop());
    expect(alerts.logs.filter((line) => /"level":"(error|fatal)"/.test(line))).toEqual([]);
  });
});
