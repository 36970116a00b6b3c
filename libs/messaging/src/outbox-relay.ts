import { Logger } from '@nestjs/common';
import type { BatchingProducer } from './batching-producer.js';
import type { OutgoingMessage } from './outgoing-message.js';

export interface OutboxEntry {
  id: string;
  topic: string;
  message: OutgoingMessage;
}

/** What one pass relayed, and whether committed entries wait behind a transaction still open. */
export interface RelayPass {
  relayed: number;
  /**
   * Entries are committed but may not leave yet (an older transaction is still open and may still commit rows
   * that go before them): the relay looks again soon rather than after the idle poll.
   */
  heldBack?: boolean;
}

/** What the relay needs from storage; persistence implements it with SQL. */
export interface OutboxStore {
  /**
   * Runs `publish` over the oldest pending entries under a lock that only one relay can hold, and marks them
   * relayed when it resolves. Reports how many were relayed (0 when idle or when another relay holds the lock).
   */
  relayOldest(limit: number, publish: (entries: OutboxEntry[]) => Promise<void>): Promise<RelayPass>;
}

export interface OutboxRelaySettings {
  batchSize: number;
  /** How often an idle relay looks for work written by other processes. */
  idlePollMs: number;
}

// A relay held back by an open transaction looks again after this long, doubling up to the idle poll.
const FIRST_HELD_BACK_RETRY_MS = 2;
// A failure's message as readiness repeats it: enough to name the cause, never a whole statement.
const MAX_REASON_CHARS = 300;

export interface RelayFailure {
  since: Date;
  reason: string;
}

/**
 * Publishes outbox rows to Kafka after the transaction that wrote them has committed: at least once, in
 * order (one relay at a time), and never lost on a crash because a row is deleted only after Kafka acked it.
 * Consumers deduplicate by the event id the payload carries.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private stopped = true;
  private wakeUp: (() => void) | null = null;
  /** A commit announced while the relay was busy: it must look again at once rather than sleep a poll period. */
  private wakeRequested = false;
  private loop: Promise<void> | null = null;
  private heldBackRetryMs = FIRST_HELD_BACK_RETRY_MS;
  private failing: RelayFailure | null = null;
  relayedTotal = 0;

  constructor(
    private readonly store: OutboxStore,
    private readonly producer: BatchingProducer,
    private readonly settings: OutboxRelaySettings,
  ) {}

  start(): void {
    this.stopped = false;
    this.loop = this.run();
  }

  /** Called after a local commit so fresh transitions leave without waiting for the poll. */
  wake(): void {
    if (this.wakeUp) this.wakeUp();
    else this.wakeRequested = true;
  }

  /**
   * Since when every pass has failed, and why the latest did; null while passes succeed. A relay that fails
   * only logs and retries, so this is how readiness learns that nothing leaves.
   */
  failure(): RelayFailure | null {
    return this.failing;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let pass: RelayPass = { relayed: 0 };
      let failed = false;
      // This pass reads every row committed so far, so wake-ups until now are answered by it.
      this.wakeRequested = false;
      try {
        pass = await this.store.relayOldest(this.settings.batchSize, (entries) => this.publish(entries));
        this.relayedTotal += pass.relayed;
        this.failing = null;
      } catch (error) {
        failed = true;
        this.failing = {
          since: this.failing?.since ?? new Date(),
          reason: String(error).slice(0, MAX_REASON_CHARS),
        };
        this.logger.warn({ msg: 'outbox relay failed; will retry', error: String(error) });
      }
      if (pass.relayed < this.settings.batchSize) await this.idle(failed, pass.heldBack === true);
    }
  }

  private async publish(entries: OutboxEntry[]): Promise<void> {
    const byTopic = new Map<string, OutgoingMessage[]>();
    for (const entry of entries) {
      const list = byTopic.get(entry.topic) ?? [];
      list.push(entry.message);
      byTopic.set(entry.topic, list);
    }
    await Promise.all([...byTopic].map(([topic, messages]) => this.producer.send(topic, messages)));
  }

  /**
   * Waits for a wake-up or the poll period; after a failure always the full period, as a backoff. Held back by
   * another process's open transaction (whose commit wakes no one here), it looks again within milliseconds.
   */
  private idle(afterFailure: boolean, heldBack: boolean): Promise<void> {
    if (this.wakeRequested && !afterFailure) {
      this.wakeRequested = false;
      return Promise.resolve();
    }
    let waitMs = this.settings.idlePollMs;
    if (heldBack && !afterFailure) {
      waitMs = Math.min(this.heldBackRetryMs, waitMs);
      this.heldBackRetryMs = Math.min(this.heldBackRetryMs * 2, this.settings.idlePollMs);
    } else {
      this.heldBackRetryMs = FIRST_HELD_BACK_RETRY_MS;
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = null;
        resolve();
      };
      const timer = setTimeout(done, waitMs);
      this.wakeUp = done;
    });
  }
}
