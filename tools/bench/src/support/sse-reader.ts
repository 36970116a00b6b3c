/**
 * Reads a Server-Sent Events stream and hands every event of one type to a callback, at the moment its last
 * line arrives. Returns null when the endpoint does not answer with a stream (an api without live updates).
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
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        const receivedAt = Date.now();
        buffer += value;
        for (let boundary = buffer.indexOf('\n\n'); boundary >= 0; boundary = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, boundary);
          buffer = buffer.slice(boundary + 2);
          let type = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) type = line.slice(7);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
          }
          if (type === eventType && data.length > 0)
            onEvent(JSON.parse(data.join('\n')) as unknown, receivedAt);
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  return { close: () => controller.abort() };
}
