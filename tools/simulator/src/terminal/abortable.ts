import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
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

/** An HTTP answer read whole, with what a retry needs. */
export interface HttpExchange {
  ok: boolean;
  status: number;
  text: string;
  retryAfter: string | null;
}

export interface AbortableHttpOptions {
  requestTimeoutMs?: number;
  /** Ends every request and wait of this client at once (a stopping simulation). */
  signal?: AbortSignal;
}

/**
 * What the simulator's HTTP clients share: one base URL, a timeout per request, and the simulation's stop
 * signal, which ends every request and every back-off of the client at once.
 */
export abstract class AbortableHttpClient {
  protected readonly base: string;
  private readonly timeoutMs: number;
  protected readonly signal: AbortSignal | undefined;

  protected constructor(baseUrl: string, options: AbortableHttpOptions) {
    this.base = baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.requestTimeoutMs ?? 15_000;
    this.signal = options.signal;
  }

  /**
   * One request with a bearer token (and a JSON body when given), its answer read whole. Through node:http's
   * keep-alive agent rather than fetch: a terminal's exchange is one small JSON each way, and fetch's streams and
   * objects cost several times the CPU, which on a benchmark machine is taken from the services it measures.
   */
  protected send(method: string, path: string, token: string, body?: string): Promise<HttpExchange> {
    const url = new URL(`${this.base}${path}`);
    const headers: Record<string, string | number> = { authorization: `Bearer ${token}` };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(body);
    }
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return withRequestSignal(
      this.signal,
      this.timeoutMs,
      (signal) =>
        new Promise<HttpExchange>((resolve, reject) => {
          const exchange = request(url, { method, headers, signal }, (answer: IncomingMessage) => {
            const chunks: Buffer[] = [];
            answer.on('data', (chunk: Buffer) => chunks.push(chunk));
            answer.on('error', reject);
            answer.on('end', () => {
              const status = answer.statusCode ?? 0;
              const retryAfter = answer.headers['retry-after'];
              resolve({
                ok: status >= 200 && status < 300,
                status,
                text: Buffer.concat(chunks).toString('utf8'),
                retryAfter: typeof retryAfter === 'string' ? retryAfter : null,
              });
            });
          });
          exchange.on('error', reject);
          exchange.end(body);
        }),
    );
  }

  /** Waits as a 429 or 503 asked (Retry-After in seconds), or a second when it did not say. */
  protected waitAsAsked(answer: HttpExchange): Promise<void> {
    const seconds = Number(answer.retryAfter);
    return abortableDelay(Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000, this.signal);
  }
}
