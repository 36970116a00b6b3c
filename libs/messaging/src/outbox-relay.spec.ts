import { describe, expect, it } from '@jest/globals';
import type { BatchingProducer } from './batching-producer.js';
import { OutboxRelay, type OutboxEntry, type OutboxStore, type RelayPass } from './outbox-relay.js';

/** An outbox in memory; `relayOldest` can be held open to model a relay pass in flight. */
class MemoryOutbox implements OutboxStore {
  readonly rows: OutboxEntry[] = [];
  passes = 0;
  /** Rows committed but behind a transaction still open: reported as held back, not handed out. */
  readonly held: OutboxEntry[] = [];
  private hold: Promise<void> | null = null;
  private releaseHold: (() => void) | null = null;

  holdNextPass(): void {
    this.hold = new Promise((resolve) => {
      this.releaseHold = resolve;
    });
  }

  release(): void {
    this.releaseHold?.();
    this.hold = null;
  }

  async relayOldest(limit: number, publish: (entries: OutboxEntry[]) => Promise<void>): Promise<RelayPass> {
    this.passes += 1;
    const batch = this.rows.slice(0, limit);
    if (this.hold) await this.hold;
    if (batch.length === 0) return { relayed: 0, heldBack: this.held.length > 0 };
    await publish(batch);
    this.rows.splice(0, batch.length);
    return { relayed: batch.length };
  }
}

function entry(id: number): OutboxEntry {
  return { id: String(id), topic: 'rack-transitions', message: { key: `RK-${id}`, value: '{}' } };
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('OutboxRelay', () => {
  it('relays a commit announced while a pass was in flight at once, not after the idle poll', async () => {
    const store = new MemoryOutbox();
    const sent: string[] = [];
    const producer = {
      send: async (_topic: string, messages: { key: string }[]) =>
        void sent.push(...messages.map((m) => m.key)),
    };
    // An idle poll far longer than the test may take: only a wake-up can explain a prompt second pass.
    const sut = new OutboxRelay(store, producer as unknown as BatchingProducer, {
      batchSize: 100,
      idlePollMs: 60_000,
    });
    store.holdNextPass();
    sut.start();
    await until(() => store.passes === 1);

    store.rows.push(entry(1)); // committed after the pass in flight read the table
    sut.wake();
    store.release();

    await until(() => sent.length === 1);
    expect(sent).toEqual(['RK-1']);
    expect(store.passes).toBe(2);
    await Promise.race([sut.stop(), new Promise((resolve) => setTimeout(resolve, 1000))]);
  });

  it('sleeps the idle poll when nothing was announced', async () => {
    const store = new MemoryOutbox();
    const producer = { send: async () => undefined };
    const sut = new OutboxRelay(store, producer as unknown as BatchingProducer, {
      batchSize: 100,
      idlePollMs: 60_000,
    });
    sut.start();
    await until(() => store.passes === 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(store.passes).toBe(1);
    await sut.stop();
    expect(store.passes).toBe(1);
  });

  it('looks again within milliseconds while committed rows are held back by an open transaction', async () => {
    const store = new MemoryOutbox();
    const sent: string[] = [];
    const producer = {
      send: async (_topic: string, messages: { key: string }[]) =>
        void sent.push(...messages.map((m) => m.key)),
    };
    // No wake-up will come (the open transaction is another process's): only the short retry can explain it.
    const sut = new OutboxRelay(store, producer as unknown as BatchingProducer, {
      batchSize: 100,
      idlePollMs: 60_000,
    });
    store.held.push(entry(7));
    sut.start();
    await until(() => store.passes >= 3);
    store.rows.push(...store.held.splice(0)); // the open transaction ended
    await until(() => sent.length === 1);
    expect(sent).toEqual(['RK-7']);
    await sut.stop();
  });
  it('says since when every pass has failed and why, keeps that start across failures, and clears on success', async () => {
    const store = new MemoryOutbox();
    store.rows.push(entry(1));
    let refusals = 2;
    // What the relay says about itself as each pass publishes: before the first failure, after one, after two.
    const observed: ReturnType<OutboxRelay['failure']>[] = [];
    const producer = {
      send: async () => {
        observed.push(sut.failure());
        if (refusals > 0) {
          refusals -= 1;
          throw new Error(`topic station-events.dlq does not exist (${refusals} left)`);
        }
      },
    };
    // A poll of a millisecond: after a failure the relay waits one poll, so the test need not wait long.
    const sut = new OutboxRelay(store, producer as unknown as BatchingProducer, {
      batchSize: 100,
      idlePollMs: 1,
    });
    sut.start();
    await until(() => store.rows.length === 0);
    await sut.stop();

    expect(observed).toHaveLength(3);
    expect(observed[0]).toBeNull();
    expect(observed[1]?.reason).toBe('Error: topic station-events.dlq does not exist (1 left)');
    expect(observed[2]?.reason).toBe('Error: topic station-events.dlq does not exist (0 left)');
    expect(observed[2]?.since).toBe(observed[1]?.since);
    expect(sut.failure()).toBeNull();
  });
});
