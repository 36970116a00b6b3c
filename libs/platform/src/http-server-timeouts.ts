import type { Server } from 'node:http';

export interface HttpServerTimeouts {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  /** How often Node looks for connections past the first two limits; it enforces them no sooner. */
  checkIntervalMs: number;
}

/**
 * Every service's HTTP server, on purpose rather than by Node's defaults:
 * - headers: 10 s. Terminals and browsers send their headers in one packet; ten seconds covers a congested
 *   factory Wi-Fi, and anything slower is a client holding a socket open byte by byte (slowloris). Node: 60 s.
 * - request: 30 s for the whole request, body included: ingest's largest batch (1 MB) still arrives at ~35 kB/s,
 *   slower than any working link. Node's 300 s lets one slow sender hold a socket and a parser for five minutes.
 *   It bounds receiving the request only, so a live stream's response stays open for as long as it is read.
 * - keep-alive: 65 s, longer than the idle timeout of the proxies and load balancers in front (60 s is common),
 *   so they close idle connections first; the other way round, a request sent just as we close fails (a 502).
 *   Terminals posting every few seconds reuse their connection.
 * - checked every second: Node's default interval (30 s) would enforce a 10 s limit up to 40 s late.
 */
export const HTTP_SERVER_TIMEOUTS: Readonly<HttpServerTimeouts> = Object.freeze({
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 65_000,
  checkIntervalMs: 1_000,
});

/** Before the server listens: the checking interval is read when it starts listening. */
export function applyHttpServerTimeouts(
  server: Server,
  timeouts: HttpServerTimeouts = HTTP_SERVER_TIMEOUTS,
): void {
  server.headersTimeout = timeouts.headersTimeoutMs;
  server.requestTimeout = timeouts.requestTimeoutMs;
  server.keepAliveTimeout = timeouts.keepAliveTimeoutMs;
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval =
    timeouts.checkIntervalMs;
}
