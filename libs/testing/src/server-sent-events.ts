import { expectEventually } from './expect-eventually.js';

export interface StreamEvent {
  id: string | null;
  event: string;
  data: unknown;
}

/**
 * Reads a Server-Sent Events body, parsing `id:`, `event:` and `data:` lines as EventSource does, and hands each
 * event with data to `onEvent` the moment its last line arrives (with that time, Date.now()). `onEnd` runs when
 * the server ends the stream; an abort ends the reading silently.
 */
function readEvents(
  body: ReadableStream<Uint8Array>,
  onEvent: (event: StreamEvent, receivedAt: number) => void,
  onEnd: (at: number) => void = () => undefined,
): void {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return onEnd(Date.now());
        const receivedAt = Date.now();
        buffer += value;
        for (let boundary = buffer.indexOf('\n\n'); boundary >= 0; boundary = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, boundary);
          buffer = buffer.slice(boundary + 2);
          let id: string | null = null;
          let event = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('id: ')) id = line.slice(4);
            else if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
          }
          if (data.length > 0)
            onEvent({ id, event, data: JSON.parse(data.join('\n')) as unknown }, receivedAt);
        }
      }
    } catch {
      // aborted by close()
    }
  })();
}

export interface OpenStream {
  status: number;
  contentType: string | null;
  events: StreamEvent[];
  /** Settles with the time (Date.now()) the server ended the stream; never, while it stays open or after close(). */
  ended: Promise<number>;
  /** Waits until an event matching `predicate` has arrived, and returns it. */
  next(predicate: (event: StreamEvent) => boolean, timeoutMs?: number): Promise<StreamEvent>;
  close(): void;
}

/**
 * A Server-Sent Events client over fetch that collects every event (without reconnecting: tests reconnect
 * explicitly, with the Last-Event-ID they choose).
 */
export async function openStream(url: string, headers: Record<string, string> = {}): Promise<OpenStream> {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: { accept: 'text/event-stream', ...headers },
    signal: controller.signal,
  });
  const events: StreamEvent[] = [];
  let serverEnded: (at: number) => void = () => undefined;
  const ended = new Promise<number>((resolve) => (serverEnded = resolve));
  if (response.ok && response.body) readEvents(response.body, (event) => events.push(event), serverEnded);
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    events,
    ended,
    next: (predicate, timeoutMs = 15_000) =>
      expectEventually(
        () => {
          const found = events.find(predicate);
          if (!found)
            throw new Error(
              `no matching event among ${events.map((event) => event.event).join(', ') || 'none'}`,
            );
          return found;
        },
        { timeoutMs, intervalMs: 25 },
      ),
    close: () => controller.abort(),
  };
}

/**
 * Hands every event of one type to a callback, at the moment its last line arrives, for measuring latency.
 * Returns null when the endpoint does not answer with a stream (an api without live updates).
 */
export async function readServerSentEvents(
  url: string,
  headers: Record<string, string>,
  eventType: string,
  onEvent: (data: unknown, receivedAt: number) => void,
): Promise<{ close(): void } | null> {
  const controller = new AbortController();
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { accept: 'text/event-stream', ...headers },
      signal: controller.signal,
    });
  } catch {
    return null;
  }
  if (
    !response.ok ||
    !response.body ||
    !(response.headers.get('content-type') ?? '').includes('text/event-stream')
  ) {
    controller.abort();
    return null;
  }
  readEvents(response.body, (event, receivedAt) => {
    if (event.event === eventType) onEvent(event.data, receivedAt);
  });
  return { close: () => controller.abort() };
}
