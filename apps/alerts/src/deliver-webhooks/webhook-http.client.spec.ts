import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { LookupAddress, LookupAllOptions } from 'node:dns';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebhookAllowList, WebhookDestinationPolicy } from '../webhooks/webhook-destination.js';
import { checkedLookup, networkFailureOf, WebhookHttpClient } from './webhook-http.client.js';

function policy(allowHosts: string): WebhookDestinationPolicy {
  const allowList = WebhookAllowList.parse(allowHosts);
  if (!(allowList instanceof WebhookAllowList)) throw new Error(allowList.problems.join('; '));
  return new WebhookDestinationPolicy(allowList);
}

const REQUEST = { headers: { 'content-type': 'application/json' }, body: '{"text":"hi"}' };

/** A resolver that answers each lookup with the next of the given answers, as a rebinding DNS server would. */
function resolverAnswering(...answers: string[][]) {
  let call = 0;
  const resolve = (
    _hostname: string,
    _options: LookupAllOptions,
    callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
  ) => {
    const addresses = answers[Math.min(call, answers.length - 1)].map((address) => ({
      address,
      family: address.includes(':') ? 6 : 4,
    }));
    call += 1;
    process.nextTick(() => callback(null, addresses));
  };
  return resolve as unknown as typeof import('node:dns').lookup;
}

describe('WebhookHttpClient against a real receiver on loopback', () => {
  let server: Server;
  let port: number;
  const received: string[] = [];

  beforeAll(async () => {
    server = createServer((incoming, response) => {
      received.push(incoming.url ?? '');
      if (incoming.url === '/missing') {
        response.writeHead(404).end('internal detail that must not be shown');
        return;
      }
      response.writeHead(200, { 'retry-after': '3' }).end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('refuses loopback without the allow list, and sends nothing', async () => {
    const before = received.length;
    for (const host of ['127.0.0.1', '2130706433', '0177.0.0.1', '127.1', '[::ffff:127.0.0.1]']) {
      expect(
        await new WebhookHttpClient(policy('')).post(`http://${host}:${port}/hook`, REQUEST, 2000),
      ).toEqual({
        type: 'refused',
        reason: '127.0.0.1 is a loopback address; list it in WEBHOOK_ALLOW_HOSTS to allow it',
      });
    }
    expect(
      await new WebhookHttpClient(policy('')).post(`http://localhost:${port}/hook`, REQUEST, 2000),
    ).toEqual({
      type: 'refused',
      reason: 'localhost is a loopback name; list it in WEBHOOK_ALLOW_HOSTS to allow it',
    });
    expect(received.length).toBe(before);
  });

  it('delivers where the allow list opens loopback, and keeps only the status of the answer', async () => {
    const client = new WebhookHttpClient(policy(`127.0.0.1:${port}`));
    expect(await client.post(`http://127.0.0.1:${port}/hook`, REQUEST, 2000)).toEqual({
      type: 'response',
      status: 200,
      retryAfter: '3',
    });
    expect(await client.post(`http://127.0.0.1:${port}/missing`, REQUEST, 2000)).toEqual({
      type: 'response',
      status: 404,
      retryAfter: null,
    });
  });

  it('names a transport failure by a fixed category, never by the socket error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const client = new WebhookHttpClient(policy('127.0.0.1'));
    expect(await client.post(`http://127.0.0.1:${closedPort}/hook`, REQUEST, 2000)).toEqual({
      type: 'network_error',
      reason: 'could not connect',
    });
    expect(
      await new WebhookHttpClient(policy('')).post('https://no-such-host.invalid/hook', REQUEST, 2000),
    ).toEqual({ type: 'network_error', reason: 'could not resolve the host name' });
  });

  it.each([
    [{ code: 'ECONNREFUSED' }, 'could not connect'],
    [{ code: 'EHOSTUNREACH' }, 'could not connect'],
    [{ code: 'ECONNRESET' }, 'could not connect'],
    [{ code: 'ENOTFOUND' }, 'could not resolve the host name'],
    [{ code: 'EAI_AGAIN' }, 'could not resolve the host name'],
    [{ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }, 'TLS handshake failed'],
    [{ code: 'ERR_TLS_CERT_ALTNAME_INVALID' }, 'TLS handshake failed'],
    [{ code: 'ERR_SSL_WRONG_VERSION_NUMBER' }, 'TLS handshake failed'],
    [new Error('connect ECONNREFUSED 10.0.0.5:5432'), 'could not connect'],
  ])('%j → %s', (error, category) => {
    expect(networkFailureOf(error)).toBe(category);
  });

  describe('the lookup a socket connects through', () => {
    const post = (lookup: ReturnType<typeof checkedLookup>) =>
      new Promise<number>((resolve, reject) => {
        const outgoing = request(
          `http://sink.test:${port}/rebinding`,
          { method: 'POST', lookup, agent: false },
          (response) => {
            response.resume();
            resolve(response.statusCode ?? 0);
          },
        );
        outgoing.on('error', reject);
        outgoing.end('{}');
      });

    it('connects to the address it checked', async () => {
      const refusals: string[] = [];
      const lookup = checkedLookup(
        policy(`127.0.0.1:${port}`),
        port,
        (reason) => refusals.push(reason),
        resolverAnswering(['127.0.0.1']),
      );
      expect(await post(lookup)).toBe(200);
      expect(refusals).toEqual([]);
    });

    it('refuses a name that rebinds to a refused address on the next lookup', async () => {
      const refusals: string[] = [];
      const lookup = checkedLookup(
        policy(`127.0.0.1:${port}`),
        port,
        (reason) => refusals.push(reason),
        resolverAnswering(['127.0.0.1'], ['169.254.169.254']),
      );
      expect(await post(lookup)).toBe(200);
      const before = received.length;
      await expect(post(lookup)).rejects.toMatchObject({ code: 'ERR_WEBHOOK_DESTINATION_REFUSED' });
      expect(refusals).toEqual([
        'the host resolves to 169.254.169.254, a cloud metadata address; list it in WEBHOOK_ALLOW_HOSTS to allow it',
      ]);
      expect(received.length).toBe(before);
    });

    it('refuses the lot when any one address is refused, whatever the order', async () => {
      const refusals: string[] = [];
      const lookup = checkedLookup(
        policy(`127.0.0.1:${port}`),
        port,
        (reason) => refusals.push(reason),
        resolverAnswering(['127.0.0.1', '10.0.0.7']),
      );
      await expect(post(lookup)).rejects.toMatchObject({ code: 'ERR_WEBHOOK_DESTINATION_REFUSED' });
      expect(refusals).toEqual([expect.stringContaining('10.0.0.7, a private address')]);
    });
  });
});
