import { describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { applyHttpServerTimeouts, HTTP_SERVER_TIMEOUTS } from './http-server-timeouts.js';

async function listening(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function closed(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

describe('HTTP server timeouts', () => {
  it('are set deliberately, in an order Node accepts', () => {
    const { headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs, checkIntervalMs } = HTTP_SERVER_TIMEOUTS;
    expect(headersTimeoutMs).toBeLessThanOrEqual(requestTimeoutMs);
    expect(checkIntervalMs).toBeLessThan(headersTimeoutMs);
    // Longer than the common 60 s idle timeout of proxies in front.
    expect(keepAliveTimeoutMs).toBeGreaterThan(60_000);
    const server = createServer();
    applyHttpServerTimeouts(server);
    expect([server.headersTimeout, server.requestTimeout, server.keepAliveTimeout]).toEqual([
      10_000, 30_000, 65_000,
    ]);
  });

  // The same settings, scaled down, on a real server: what each limit does and does not cut.
  const scaled = {
    headersTimeoutMs: 300,
    requestTimeoutMs: 600,
    keepAliveTimeoutMs: 5000,
    checkIntervalMs: 50,
  };

  it('answers 408 and closes a client that sends its headers too slowly', async () => {
    const server = createServer((_request, response) => response.end('ok'));
    applyHttpServerTimeouts(server, scaled);
    const port = await listening(server);
    try {
      const socket = connect(port, '127.0.0.1', () => socket.write('GET / HTTP/1.1\r\nHost: x\r\n'));
      let answer = '';
      socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
      const started = Date.now();
      await new Promise((resolve) => socket.on('close', resolve));
      expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
      expect(Date.now() - started).toBeLessThan(scaled.headersTimeoutMs + 5 * scaled.checkIntervalMs + 500);
    } finally {
      await closed(server);
    }
  });

  it('leaves a long response, such as a live stream, open past the request timeout', async () => {
    const server = createServer((_request, response) => {
      response.writeHead(200);
      const tick = setInterval(() => response.write('.'), 100);
      setTimeout(() => {
        clearInterval(tick);
        response.end('done');
      }, 3 * scaled.requestTimeoutMs);
    });
    applyHttpServerTimeouts(server, scaled);
    const port = await listening(server);
    try {
      const body = await (await fetch(`http://127.0.0.1:${port}/`)).text();
      expect(body.endsWith('done')).toBe(true);
    } finally {
      await closed(server);
    }
  });
});
