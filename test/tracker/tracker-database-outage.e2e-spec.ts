import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectEventually } from '../support/expect-eventually.js';
import { stationEventMessage } from '../support/line-events.js';
import { produceStationMessages } from '../support/pipeline.js';
import { startService, type RunningService } from '../support/service-process.js';
import { createTestDatabase, createTestTopics, type TestDatabase } from '../support/stack.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';

const started = (rackSerial: string) => stationEventMessage(rackSerial, Date.now());

interface RetryLine {
  attempt: number;
  retryInMs: number;
  failure: string;
}

/**
 * PostgreSQL away is not poison: the chunk waits and is applied once the database is back, nothing is
 * refused, and the waits grow (exponential backoff to TRACKER_RETRY_MAX_MS) instead of a tight loop.
 */
describe('tracker: a database that is away is waited for, with backoff, and nothing is refused', () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let tracker: RunningService;

  beforeAll(async () => {
    let prefix: string;
    [database, prefix] = await Promise.all([createTestDatabase('outage'), createTestTopics()]);
    proxy = await startTcpProxy('127.0.0.1', Number(new URL(database.url).port || 5432));
    const viaProxy = new URL(database.url);
    viaProxy.port = String(proxy.port);
    viaProxy.hostname = '127.0.0.1';
    tracker = await startService('tracker', {
      DATABASE_URL: viaProxy.toString(),
      KAFKA_TOPIC_PREFIX: prefix,
      TRACKER_CONSUMER_GROUP: `g-${prefix}`,
      TRACKER_RETRY_MAX_MS: '2000',
    });
    await produceStationMessages(prefix, [started('RK-BEFORE')]);
    await expectEventually(async () =>
      expect(await database.query(`SELECT 1 FROM rack WHERE serial = 'RK-BEFORE'`)).toHaveLength(1),
    );
    await proxy.cut();
    await produceStationMessages(prefix, [started('RK-DURING')]);
  });

  afterAll(async () => {
    await tracker?.stop();
    await proxy?.close();
    await database?.drop();
  });

  it('retries with growing waits up to the cap, then applies the chunk once the database is back', async () => {
    const retries = await expectEventually(
      () => {
        const lines: RetryLine[] = tracker.logs
          .filter((line) => line.includes('database unavailable; retrying the chunk'))
          .map((line) => (JSON.parse(line) as { message: RetryLine }).message);
        expect(lines.length).toBeGreaterThanOrEqual(5);
        return lines;
      },
      { timeoutMs: 60000, intervalMs: 250 },
    );
    // Attempts 1..5 wait about 250, 500, 1000, 2000, 2000 ms (up to 20 % less, for jitter), never more than the cap.
    const firstFive = retries.slice(0, 5);
    expect(firstFive.map((retry) => retry.attempt)).toEqual([1, 2, 3, 4, 5]);
    [250, 500, 1000, 2000, 2000].forEach((expected, index) => {
      expect(firstFive[index]!.retryInMs).toBeGreaterThanOrEqual(expected * 0.8);
      expect(firstFive[index]!.retryInMs).toBeLessThanOrEqual(expected);
    });
    expect(firstFive.every((retry) => retry.failure.length <= 300)).toBe(true);

    await proxy.restore();
    await expectEventually(
      async () =>
        expect(await database.query(`SELECT 1 FROM rack WHERE serial = 'RK-DURING'`)).toHaveLength(1),
      {
        timeoutMs: 30000,
      },
    );
    expect(await database.query('SELECT reason FROM rejection')).toEqual([]);
  });
});
