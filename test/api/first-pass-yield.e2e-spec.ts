import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { QualityFailuresView } from '../../apps/api/src/quality/quality.view.js';
import type { PerformanceView } from '../../apps/api/src/status/site-status.views.js';
import { startService, type RunningService } from '../support/service-process.js';
import { createTestDatabase, createTestTopics, type TestDatabase } from '../support/stack.js';
import { issueToken, jsonClient, seedRacks, seedTransitions, type SeededTransition } from './api-fixtures.js';

const HOUR = 3_600_000;
const ago = (hours: number) => new Date(Date.now() - hours * HOUR).toISOString();

/** Burn-in outcomes of one rack, oldest first, each `[event, hours ago]`. */
function burnIn(serial: string, events: [type: 'passed' | 'failed', hoursAgo: number][]): SeededTransition[] {
  return events.map(([eventType, hoursAgo]) => ({
    rackSerial: serial,
    eventType,
    stage: 'burn_in',
    from: { stage: 'burn_in', status: 'in_progress' },
    to: { stage: 'burn_in', status: eventType },
    occurredAt: ago(hoursAgo),
  }));
}

// The status panel (and the yield-drop alert) and the quality panel used to count first-pass yield with two
// different queries: the quality panel left out racks the rack table does not hold, the status panel counted
// them. Both now read the same rows through the same domain function, so for one site and window they agree.
describe('api: first-pass yield is the same on the status panel and the quality panel', () => {
  let database: TestDatabase;
  let api: RunningService;
  let client: ReturnType<typeof jsonClient>;

  beforeAll(async () => {
    database = await createTestDatabase('api_first_pass');
    await seedRacks(database, [
      { serial: 'RK-FIRST', stage: 'burn_in', status: 'passed', startedAt: ago(20) },
      { serial: 'RK-REWORKED', stage: 'burn_in', status: 'passed', startedAt: ago(20) },
      { serial: 'RK-EARLY', stage: 'burn_in', status: 'passed', startedAt: ago(40) },
      // RK-UNLISTED has burn-in outcomes but no rack row.
    ]);
    await seedTransitions(database, [
      ...burnIn('RK-FIRST', [['passed', 5]]),
      // Failed first, passed after rework: tested, not a first pass.
      ...burnIn('RK-REWORKED', [
        ['failed', 9],
        ['passed', 4],
      ]),
      ...burnIn('RK-UNLISTED', [['passed', 3]]),
      // First outcome before the window: not tested in it, whatever happened since.
      ...burnIn('RK-EARLY', [
        ['failed', 30],
        ['passed', 2],
      ]),
    ]);
    api = await startService('api', {
      DATABASE_URL: database.url,
      KAFKA_TOPIC_PREFIX: await createTestTopics(),
    });
    client = jsonClient(api.url, (await issueToken(api.url, 'manager')).token);
  });

  afterAll(async () => {
    await api?.stop();
    await database?.drop();
  });

  it('gives burn-in the same tested, passed-first-time and yield on both panels', async () => {
    const performance = await client.get<PerformanceView>('/v1/sites/site-a/performance?windowHours=24');
    expect(performance.status).toBe(200);
    const from = encodeURIComponent(performance.body.window.from);
    const quality = await client.get<QualityFailuresView>(`/v1/quality/failures?site=site-a&from=${from}`);
    expect(quality.status).toBe(200);

    const status = performance.body.stages.find((stage) => stage.stage === 'burn_in')!.firstPass;
    const panel = quality.body.firstPassYield.byStage.find((stage) => stage.stage === 'burn_in')!;
    expect(status).toEqual({ tested: 3, passedFirstTime: 2, yield: 2 / 3 });
    expect({
      tested: panel.tested,
      passedFirstTime: panel.passedFirstTime,
      yield: panel.firstPassYield,
    }).toEqual(status);
  });
});
