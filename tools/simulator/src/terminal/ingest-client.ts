import type { StationSpec } from '../factory/factory-model.js';
import { AbortableHttpClient, type AbortableHttpOptions, type HttpExchange } from './abortable.js';

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

export interface IngestClientOptions extends AbortableHttpOptions {
  ingestUrl: string;
}

/** The HTTP side of a station terminal: posts events the way real terminals do, and registers stations. */
export class IngestClient extends AbortableHttpClient {
  constructor(options: IngestClientOptions) {
    super(options.ingestUrl, options);
  }

  /** One event to `POST /v1/events`, several to `POST /v1/events/batch`. Aborted, it answers status 0. */
  async postEvents(token: string, events: readonly object[]): Promise<IngestAnswer> {
    const single = events.length === 1;
    const path = single ? '/v1/events' : '/v1/events/batch';
    const body = JSON.stringify(single ? events[0] : { events });
    let response: HttpExchange;
    try {
      response = await this.send('POST', path, token, body);
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
    const body = JSON.stringify({
      stationId: station.stationId,
      stage: station.stage,
      role: station.role,
      siteId: station.siteId,
      lineId: station.lineId,
    });
    let revoked = false;
    for (;;) {
      const response = await this.send('POST', '/v1/stations', adminToken, body);
      if (response.status === 201) return (JSON.parse(response.text) as { token: string }).token;
      if (response.status === 429 || response.status === 503) {
        // Registering a large factory outruns the admin token's rate limit: wait as asked, then go on.
        await this.waitAsAsked(response);
        continue;
      }
      if (response.status === 409 && !revoked) {
        revoked = true;
        await this.send('DELETE', `/v1/stations/${encodeURIComponent(station.stationId)}`, adminToken);
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
  // Read by shape, not instanceof: an error from another realm (a test's VM context) is an Error all the same.
  if (typeof error === 'object' && error !== null && 'message' in error) {
    // node:http names a refused or reset connection by its code; an abort carries the timeout as its cause.
    const { name, message, code, cause } = error as {
      name?: string;
      message: string;
      code?: string;
      cause?: { code?: unknown; message?: string };
    };
    if (name !== 'AbortError' && typeof code === 'string') return code;
    // A system error's code is a name (ECONNRESET); a DOMException's is a legacy number, worth less than its text.
    if (typeof cause?.code === 'string') return cause.code;
    return cause?.message ?? message;
  }
  return String(error);
}
