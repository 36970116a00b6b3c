import { createRequire } from 'node:module';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';

/*
 * patches/kafkajs+2.2.4.patch (applied by `npm ci`, postinstall) stops kafkajs's per-connection request queue from
 * waking every millisecond. As released, each answered request armed a timer to look for queued requests even when
 * none was queued, and each such timer armed the next: every open connection (each service holds several: producer,
 * consumers, admin) spun for as long as it lived. In the latency benchmark at one event a second that loop was a
 * sixth of each service's busy time. Queued requests must still go out: when an in-flight slot frees up, and when
 * the broker's throttling ends.
 */

interface RequestEntry {
  correlationId: number;
  apiName: string;
  apiKey: number;
  apiVersion: number;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}
interface RequestQueue {
  push(request: { entry: RequestEntry; expectResponse: boolean; sendRequest: () => void }): void;
  fulfillRequest(response: { correlationId: number; payload: Buffer; size: number }): void;
  maybeThrottle(milliseconds: number): void;
  destroy(): void;
}
type RequestQueueClass = new (options: {
  maxInFlightRequests: number | null;
  requestTimeout: number;
  enforceRequestTimeout: boolean;
  clientId: string;
  broker: string;
  logger: { debug: () => void; warn: () => void };
}) => RequestQueue;

const requireFromHere = createRequire(import.meta.url);
const RequestQueue = requireFromHere('kafkajs/src/network/requestQueue/index.js') as RequestQueueClass;

const quiet = { debug: () => undefined, warn: () => undefined };

function queueOf(maxInFlightRequests: number | null): RequestQueue {
  return new RequestQueue({
    maxInFlightRequests,
    requestTimeout: 30_000,
    enforceRequestTimeout: false,
    clientId: 'spec',
    broker: '127.0.0.1:9092',
    logger: quiet,
  });
}

/** Pushes a request and returns what the socket saw of it: whether it was written yet. */
function push(queue: RequestQueue, correlationId: number): { sent: boolean } {
  const seen = { sent: false };
  queue.push({
    entry: {
      correlationId,
      apiName: 'Fetch',
      apiKey: 1,
      apiVersion: 11,
      resolve: () => undefined,
      reject: () => undefined,
    },
    expectResponse: true,
    sendRequest: () => {
      seen.sent = true;
    },
  });
  return seen;
}

const answer = (queue: RequestQueue, correlationId: number): void =>
  queue.fulfillRequest({ correlationId, payload: Buffer.alloc(0), size: 0 });

describe('the installed kafkajs request queue', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('sleeps once every request is answered: no timer is left armed on an idle connection', () => {
    const queue = queueOf(null);
    for (let id = 1; id <= 3; id++) {
      expect(push(queue, id).sent).toBe(true);
      answer(queue, id);
    }
    expect(jest.getTimerCount()).toBe(0);
    // And it stays asleep: nothing runs if time passes.
    jest.advanceTimersByTime(1_000);
    expect(jest.getTimerCount()).toBe(0);
    queue.destroy();
  });

  it('sends a request queued behind the in-flight limit as soon as a slot frees up', () => {
    const queue = queueOf(1);
    expect(push(queue, 1).sent).toBe(true);
    const second = push(queue, 2);
    expect(second.sent).toBe(false);
    answer(queue, 1);
    expect(second.sent).toBe(true);
    answer(queue, 2);
    // The fallback check armed while the request waited may still fire once; it must not arm another.
    jest.runOnlyPendingTimers();
    expect(jest.getTimerCount()).toBe(0);
    queue.destroy();
  });

  it('holds requests while the broker throttles the client and sends them when the throttle ends', () => {
    const queue = queueOf(null);
    queue.maybeThrottle(50);
    const throttled = push(queue, 1);
    const alsoThrottled = push(queue, 2);
    expect([throttled.sent, alsoThrottled.sent]).toEqual([false, false]);
    jest.advanceTimersByTime(49);
    expect(throttled.sent).toBe(false);
    jest.advanceTimersByTime(1);
    expect([throttled.sent, alsoThrottled.sent]).toEqual([true, true]);
    answer(queue, 1);
    answer(queue, 2);
    expect(jest.getTimerCount()).toBe(0);
    queue.destroy();
  });
});
