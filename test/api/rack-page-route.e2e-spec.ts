import { connect } from 'node:net';
import { describe, expect, it } from '@jest/globals';
import { apiSuite } from './api-fixtures.js';

/** A raw request line, sent as written: fetch() would normalise `..` and encoded slashes before sending. */
function rawGet(url: string, path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () =>
      socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`),
    );
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('utf8')));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', ...rest] = answer.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), body: rest.join('\r\n\r\n') });
    });
  });
}

describe('api: the rack page route /racks/{serial}', () => {
  const { api } = apiSuite('api_rack_page');

  it('answers the dashboard page for any serial, without a token, revalidated on each load', async () => {
    const index = await (await fetch(`${api.url}/`)).text();
    for (const serial of ['RK-2026-000123', 'rk.map', 'RK%2F..%2F..%2Fpackage.json', '..', 'a%2Fb.map']) {
      const response = await fetch(`${api.url}/racks/${serial}`);
      expect({ serial, status: response.status }).toEqual({ serial, status: 200 });
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(await response.text()).toBe(index);
    }
  });

  it('never lets a serial reach a file outside the page, nor a source map', async () => {
    const index = await (await fetch(`${api.url}/`)).text();
    for (const path of [
      '/racks/../package.json',
      '/racks/..%2F..%2F..%2Fpackage.json',
      '/racks/%2e%2e/%2e%2e/package.json',
      '/racks/x/../../../../etc/passwd',
    ]) {
      const answer = await rawGet(api.url, path);
      // Either the page itself or a refusal; never a file of the repository or the machine.
      expect({ path, ok: answer.status === 200 ? answer.body === index : answer.status >= 400 }).toEqual({
        path,
        ok: true,
      });
      expect(answer.body).not.toContain('"dependencies"');
      expect(answer.body).not.toContain('root:');
    }
    // Assets are still files of the page: a source map stays refused, beside a rack page or not.
    const script = /<script[^>]+src="([^"]+)"/.exec(index)![1]!;
    expect((await fetch(`${api.url}${script}.map`)).status).toBe(404);
    expect((await fetch(`${api.url}/racks/RK-1/x.map`)).status).toBe(404);
  });

  it('leaves the API under /v1/racks alone', async () => {
    const response = await fetch(`${api.url}/v1/racks/RK-NONE.map`);
    expect(response.status).toBe(401);
  });
});
