import { Injectable } from '@nestjs/common';
import type { AttemptResult } from './retry-policy.js';
import type { WebhookRequest } from './webhook-request.js';

/** The transport error's code (ECONNREFUSED, ENOTFOUND…), which, unlike its message, never holds the URL. */
function reasonOf(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; name?: unknown } }).cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.name === 'string') return cause.name;
  return error instanceof Error ? error.name : 'unknown error';
}

/** One POST with Node's fetch, bounded by a timeout, redirects not followed. */
@Injectable()
export class WebhookHttpClient {
  async post(url: string, request: WebhookRequest, timeoutMs: number): Promise<AttemptResult> {
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
        redirect: 'manual',
        signal,
      });
      // Only the status matters; reading the body (bounded by the same timeout) frees the connection.
      await response.arrayBuffer().catch(() => undefined);
      return { type: 'response', status: response.status, retryAfter: response.headers.get('retry-after') };
    } catch (error) {
      if (signal.aborted) return { type: 'timeout', timeoutMs };
      return { type: 'network_error', reason: reasonOf(error) };
    }
  }
}
