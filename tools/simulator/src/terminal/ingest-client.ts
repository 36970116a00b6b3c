import type { StationSpec } from '../factory/factory-model.js';
import { abortableDelay, withRequestSignal } from './abortable.js';

/** What ingest answered for one event in a 202. */
export type ReceiptStatus = 'accepted' | 'duplicate';

export interface IngestAnswer {
  /** HTTP status; 0 when no answer arrived (connection refused, reset, timeout). */
  status: number;
  receipts: { eventId: string; status: ReceiptStatus }[];
  /** From Retry-After on 503/429. */
  retryAfterMs: number | null;
  /** The error body (or the network error) for anything but 202, for the summary. */
  problem: string | null;
}

export interface IngestClientOptions {
  ingestUrl: string;
  requestTimeoutMs?: number;
  /** Ends every request and wait of this client at once (a stopping simulation). */
  signal?: AbortSignal;
}

/** The HTTP side of a station terminal: posts events the way real terminals do, and registers stations. */
export class IngestClient {
  private readonly base: string;
  private readonly timeoutMs: number;
  private readonly signal: AbortSignal | undefined;

  constructor(options: IngestClientOptions) {
    this.base = options.ingestUrl.replace(/\/+$/, '');
    this.timeoutMs = options.requestTimeoutMs ?? 15_000;
    this.signal = options.signal;
  }

  /** One event to `POST /v1/events`, several to `POST /v1/events/batch`. Aborted, it answers status 0. */
  async postEvents(token: string, events: readonly object[]): Promise<IngestAnswer> {
    const single = events.length === 1;
    const url = single ? `${this.base}/v1/events` : `${this.base}/v1/events/batch`;
    const body = JSON.stringify(single ? events[0] : { events });
    let response: { status: number; text: string; retryAfter: string | null };
    try {
      response = await withRequestSignal(this.signal, this.timeoutMs, async (signal) => {
        const answer = await fetch(url, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body,
          signal,
        });
        return {
          status: answer.status,
          text: await answer.text().catch(() => ''),
          retryAfter: answer.headers.get('retry-after'),
        };
      });
    } catch (error) {
      return { status: 0, receipts: [], retryAfterMs: null, problem: describeFetchError(error) };
    }
    const text = response.text;
    if (response.status === 202) {
      const parsed = safeJson(text) as { events?: { eventId: string; status: ReceiptStatus }[] } | null;
      return { status: 202, receipts: parsed?.events ?? [], retryAfterMs: null, problem: null };
    }
    const retryAfter = Number(response.retryAfter);
    return {
      status: response.status,
      receipts: [],
      retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : null,
      problem: text.slice(0, 500),
    };
  }

  /**
   * Registers every station and returns their tokens. A station left registered by an earlier run is revoked
   * and registered again: its token was shown once, to that run, and is not ours to know.
   */
  async registerStations(
    adminToken: string,
    stations: readonly StationSpec[],
    concurrency = 8,
  ): Promise<Map<string, string>> {
    const tokens = new Map<string, string>();
    const queue = [...stations];
    const worker = async () => {
      for (let station = queue.shift(); station !== undefined; station = queue.shift()) {
        tokens.set(station.stationId, await this.registerStation(adminToken, station));
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, stations.length) }, worker));
    return tokens;
  }

  private async registerStation(adminToken: string, station: StationSpec): Promise<string> {
    const headers = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
    const body = JSON.stringify({
      stationId: station.stationId,
      stage: station.stage,
      role: station.role,
      siteId: station.siteId,
      lineId: station.lineId,
    });
    let revoked = false;
    for (;;) {
      const response = await withRequestSignal(this.signal, this.timeoutMs, async (signal) => {
        const answer = await fetch(`${this.base}/v1/stations`, { method: 'POST', headers, body, signal });
        return {
          status: answer.status,
          text: await answer.text(),
          retryAfter: answer.headers.get('retry-after'),
        };
      });
      if (response.status === 201) return (JSON.parse(response.text) as { token: string }).token;
      if (response.status === 429 || response.status === 503) {
        // Registering a large factory outruns the admin token's rate limit: wait as asked, then go on.
        const seconds = Number(response.retryAfter);
        await abortableDelay(Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000, this.signal);
        continue;
      }
      if (response.status === 409 && !revoked) {
        revoked = true;
        await withRequestSignal(this.signal, this.timeoutMs, async (signal) => {
          const revocation = await fetch(
            `${this.base}/v1/stations/${encodeURIComponent(station.stationId)}`,
            { method: 'DELETE', headers: { authorization: `Bearer ${adminToken}` }, signal },
          );
          await revocation.text();
        });
        continue;
      }
      throw new Error(
        `registering station ${station.stationId} answered ${response.status}: ${response.text.slice(0, 300)}`,
      );
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function describeFetchError(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ?? cause?.message ?? error.message;
  }
  return String(error);
}
