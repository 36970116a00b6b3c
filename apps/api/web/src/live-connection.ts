export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'unauthorized';

export const LIVE_EVENTS = [
  'hello',
  'keepalive',
  'resync',
  'transition',
  'progress',
  'wip',
  'alerts',
] as const;
export type LiveEventName = (typeof LIVE_EVENTS)[number];

export interface LiveHandlers {
  state(state: LiveState): void;
  event(name: LiveEventName, data: unknown): void;
  /** Asked when the stream was refused outright: true if the token is still good (so keep retrying). */
  tokenStillValid(): Promise<boolean>;
}

const MAX_BACKOFF_MS = 15_000;

/**
 * The page's one EventSource. While the network hiccups, the browser reconnects by itself and sends
 * Last-Event-ID, and the server replays what was missed. When the server refuses outright (restarting, 503,
 * token revoked) the browser gives up; this then opens a new stream itself, with backoff, passing the last id
 * it saw in the query so the replay still works. A stream whose token is revoked while it is open is told so
 * (`revoked`) before the server ends it: then the page is no longer live, and must not reconnect by itself.
 */
export class LiveConnection {
  private source: EventSource | null = null;
  private lastEventId: string | null = null;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private attempt = 0;
  private stopped = false;

  constructor(
    private readonly url: string,
    private readonly handlers: LiveHandlers,
  ) {}

  start(): void {
    this.stopped = false;
    this.open();
  }

  stop(): void {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    this.source?.close();
    this.source = null;
  }

  private open(): void {
    this.handlers.state(this.attempt === 0 && this.lastEventId === null ? 'connecting' : 'reconnecting');
    const url =
      this.lastEventId === null
        ? this.url
        : `${this.url}&lastEventId=${encodeURIComponent(this.lastEventId)}`;
    const source = new EventSource(url);
    this.source = source;
    for (const name of LIVE_EVENTS) {
      source.addEventListener(name, (message: MessageEvent<string>) => {
        if (message.lastEventId) this.lastEventId = message.lastEventId;
        if (name === 'hello') {
          this.attempt = 0;
          this.handlers.state('live');
        }
        this.handlers.event(name, JSON.parse(message.data) as unknown);
      });
    }
    source.addEventListener('revoked', () => {
      if (this.source !== source) return;
      source.close();
      this.source = null;
      this.stopped = true;
      this.handlers.state('unauthorized');
    });
    source.onerror = () => {
      if (this.stopped || this.source !== source) return;
      if (source.readyState !== EventSource.CLOSED) {
        // The browser is reconnecting on its own (and will send Last-Event-ID).
        this.handlers.state('reconnecting');
        return;
      }
      source.close();
      void this.reopenLater();
    };
  }

  private async reopenLater(): Promise<void> {
    this.handlers.state('reconnecting');
    if (!(await this.handlers.tokenStillValid().catch(() => true))) {
      this.handlers.state('unauthorized');
      return;
    }
    this.attempt += 1;
    const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(this.attempt, 5));
    this.retry = setTimeout(() => {
      if (!this.stopped) this.open();
    }, delay);
  }
}
