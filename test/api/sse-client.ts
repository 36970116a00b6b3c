import { expectEventually } from '../support/expect-eventually.js';

export interface StreamEvent {
  id: string | null;
  event: string;
  data: unknown;
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
 * A Server-Sent Events client over fetch, parsing `id:`, `event:` and `data:` lines as EventSource does
 * (without reconnecting: tests reconnect explicitly, with the Last-Event-ID they choose).
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
  if (response.ok && response.body) {
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    void (async () => {
      let buffer = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) {
            serverEnded(Date.now());
            return;
          }
          buffer += value;
          let boundary: number;
          while ((boundary = buffer.indexOf('\n\n')) >= 0) {
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
            if (data.length > 0) events.push({ id, event, data: JSON.parse(data.join('\n')) as unknown });
          }
        }
      } catch {
        // aborted by close()
      }
    })();
  }
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
