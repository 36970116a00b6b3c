import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { Injectable } from '@nestjs/common';
import { destinationPort, WebhookDestinationPolicy } from '../webhooks/webhook-destination.js';
import type { AttemptResult, NetworkFailure } from './retry-policy.js';
import type { WebhookRequest } from './webhook-request.js';

/** The lookup refused every address it was given a chance to connect to; carries the policy's reason. */
class DestinationRefusedError extends Error {
  readonly code = 'ERR_WEBHOOK_DESTINATION_REFUSED';
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'DestinationRefusedError';
  }
}

const RESOLUTION_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME']);

/**
 * The transport error as one of a few fixed categories. Neither the error's message nor its code is passed on:
 * both would turn the test endpoint into a port scanner (ECONNREFUSED vs EHOSTUNREACH vs a TLS alert tell an
 * admin token's holder what listens where), and messages can hold the URL with its credentials.
 */
export function networkFailureOf(error: unknown): NetworkFailure {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return 'could not connect';
  if (RESOLUTION_CODES.has(code)) return 'could not resolve the host name';
  if (/^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|HOSTNAME_MISMATCH)/.test(code))
    return 'TLS handshake failed';
  return 'could not connect';
}

/**
 * A socket's DNS lookup that resolves every address, refuses them all if any one is refused (so a resolver
 * answering one public and one private address cannot win by the order it answers in), and hands the socket
 * only addresses it checked.
 */
export function checkedLookup(
  policy: WebhookDestinationPolicy,
  port: number,
  onRefused: (reason: string) => void,
  resolve: typeof dnsLookup = dnsLookup,
): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      for (const { address } of addresses) {
        const problem = policy.resolvedAddressProblem(address, port);
        if (problem !== null) {
          onRefused(problem);
          return callback(new DestinationRefusedError(problem), '', 0);
        }
      }
      if (options.all) return (callback as (error: null, all: LookupAddress[]) => void)(null, addresses);
      return callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

/**
 * One POST with Node's http(s), bounded by a timeout, redirects not followed. The destination is checked
 * before the request (address literals, refused names) and again inside the socket's DNS lookup: every address
 * the name resolves to must pass, and the socket connects to the address that was checked — so a name that
 * resolves to a public address when registered and to 169.254.169.254 a second later still cannot get through.
 */
@Injectable()
export class WebhookHttpClient {
  constructor(private readonly policy: WebhookDestinationPolicy) {}

  async post(url: string, request: WebhookRequest, timeoutMs: number): Promise<AttemptResult> {
    const target = new URL(url);
    const verdict = this.policy.checkUrl(target);
    if (verdict.verdict === 'refused') return { type: 'refused', reason: verdict.reason };
    const signal = AbortSignal.timeout(timeoutMs);
    let refusal: string | null = null;
    const lookup = verdict.checkResolvedAddresses
      ? checkedLookup(this.policy, destinationPort(target), (reason) => (refusal = reason))
      : undefined;
    try {
      const response = await this.send(target, request, signal, lookup);
      const retryAfter = response.headers['retry-after'];
      return { type: 'response', status: response.statusCode ?? 0, retryAfter: retryAfter ?? null };
    } catch (error) {
      if (refusal !== null) return { type: 'refused', reason: refusal };
      if (signal.aborted) return { type: 'timeout', timeoutMs };
      return { type: 'network_error', reason: networkFailureOf(error) };
    }
  }

  /** Resolves with the response once its body has been read and dropped (which frees the connection). */
  private send(
    target: URL,
    request: WebhookRequest,
    signal: AbortSignal,
    lookup: LookupFunction | undefined,
  ): Promise<IncomingMessage> {
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const outgoing = send(
        target,
        // A connection of its own per attempt (agent: false): each attempt resolves and checks afresh, and a
        // chat's few messages an hour gain nothing from keep-alive.
        { method: 'POST', headers: request.headers, signal, lookup, agent: false },
        (response: IncomingMessage) => {
          // Only the status matters: the body is read and discarded, never kept or shown.
          response.on('error', reject);
          response.on('end', () => resolve(response));
          response.resume();
        },
      );
      outgoing.on('error', reject);
      outgoing.end(request.body);
    });
  }
}
