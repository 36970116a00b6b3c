import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Waits `milliseconds`, or less when `signal` aborts: then it rejects with the abort's error. Every wait of the
 * simulator goes through here, so that a stop request ends it at once rather than after the longest back-off.
 */
export async function abortableDelay(milliseconds: number, signal?: AbortSignal): Promise<void> {
  await sleep(milliseconds, undefined, signal === undefined ? undefined : { signal });
}

/**
 * Runs one HTTP exchange (request and body) under its own signal, which aborts after `timeoutMs` or as soon as
 * `parent` does. A fresh controller per request, detached afterwards, keeps a long run's parent signal from
 * accumulating listeners.
 */
export async function withRequestSignal<T>(
  parent: AbortSignal | undefined,
  timeoutMs: number,
  exchange: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const forward = () => controller.abort(parent?.reason);
  if (parent?.aborted) forward();
  else parent?.addEventListener('abort', forward, { once: true });
  const timer = setTimeout(
    () => controller.abort(new DOMException(`no answer within ${timeoutMs} ms`, 'TimeoutError')),
    timeoutMs,
  );
  try {
    return await exchange(controller.signal);
  } finally {
    clearTimeout(timer);
    parent?.removeEventListener('abort', forward);
  }
}
