import { randomBytes } from 'node:crypto';

export const LIVE_EVENT_TYPES = ['transition', 'progress', 'wip', 'alerts'] as const;
export type LiveEventType = (typeof LIVE_EVENT_TYPES)[number];

/** One event of the live stream. `id` is `<instance>.<sequence>`; `siteId` null means every site's concern. */
export interface LiveEvent {
  readonly id: string;
  readonly type: LiveEventType;
  readonly siteId: string | null;
  readonly data: unknown;
}

export type LiveListener = (event: LiveEvent) => void;

/** What a reconnecting client missed, or `gap` when the buffer no longer reaches back to its last id. */
export type Replay = { kind: 'events'; events: LiveEvent[] } | { kind: 'gap' };

/**
 * The stream's memory: a bounded ring of recent events, replayed to a client that reconnects with
 * `Last-Event-ID`. Ids carry this process's instance tag, so an id from another instance (or from before a
 * restart) is recognised as a gap rather than misread as a position here; the client then reloads the
 * current state instead of silently missing what happened.
 */
export class LiveFeed {
  readonly instance: string;
  private readonly buffer: LiveEvent[] = [];
  private readonly listeners = new Set<LiveListener>();
  private sequence = 0;

  constructor(
    private readonly capacity: number,
    instance: string = randomBytes(4).toString('hex'),
  ) {
    this.instance = instance;
  }

  get lastId(): string | null {
    return this.buffer[this.buffer.length - 1]?.id ?? null;
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }

  publish(type: LiveEventType, siteId: string | null, data: unknown): LiveEvent {
    this.sequence += 1;
    const event: LiveEvent = { id: `${this.instance}.${this.sequence}`, type, siteId, data };
    this.buffer.push(event);
    if (this.buffer.length > this.capacity) this.buffer.splice(0, this.buffer.length - this.capacity);
    for (const listener of this.listeners) listener(event);
    return event;
  }

  subscribe(listener: LiveListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Everything after `lastEventId`, oldest first; a gap when the id is not one this instance can place. */
  since(lastEventId: string): Replay {
    const match = /^([0-9a-f]+)\.(\d{1,15})$/.exec(lastEventId);
    if (!match || match[1] !== this.instance) return { kind: 'gap' };
    const after = Number(match[2]);
    if (after > this.sequence) return { kind: 'gap' };
    const oldest = this.buffer[0] === undefined ? this.sequence + 1 : this.sequenceOf(this.buffer[0]);
    // The client saw up to `after`; the buffer must still hold `after + 1` onwards.
    if (after + 1 < oldest) return { kind: 'gap' };
    return { kind: 'events', events: this.buffer.filter((event) => this.sequenceOf(event) > after) };
  }

  private sequenceOf(event: LiveEvent): number {
    return Number(event.id.slice(this.instance.length + 1));
  }
}
