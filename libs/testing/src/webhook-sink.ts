import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw body, byte for byte as sent (what a signature is computed over). */
  body: string;
  receivedAt: number;
  /** The status the sink answered. */
  status: number;
}

export interface SinkAnswer {
  status: number;
  headers?: Record<string, string>;
  /** Hold the answer back this long (to provoke the sender's timeout). */
  delayMs?: number;
}

export type Responder = (request: ReceivedRequest, index: number) => SinkAnswer;

/** The sink listens on loopback, which webhooks may reach only when the alerts service is told so. */
export const ALLOW_LOOPBACK_SINK = { WEBHOOK_ALLOW_HOSTS: '127.0.0.1' } as const;

/**
 * A real HTTP receiver on 127.0.0.1 standing in for Slack, Teams, Google Chat or a customer's endpoint:
 * records every request and answers as each path's responder says (200 by default).
 */
export class WebhookSink {
  readonly requests: ReceivedRequest[] = [];
  private readonly responders = new Map<string, Responder>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private server: Server | undefined;
  private port = 0;

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const path = request.url ?? '/';
        const received: ReceivedRequest = {
          path,
          headers: request.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          receivedAt: Date.now(),
          status: 0,
        };
        const index = this.requests.filter((earlier) => earlier.path === path).length;
        const responder: Responder = this.responders.get(path) ?? (() => ({ status: 200 }));
        const answer = responder(received, index);
        received.status = answer.status;
        this.requests.push(received);
        const send = () => {
          if (response.destroyed) return;
          response.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
          response.end(answer.status < 300 ? 'ok' : 'no');
        };
        if (answer.delayMs === undefined) return send();
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          send();
        }, answer.delayMs);
        this.timers.add(timer);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server!.address() as AddressInfo).port;
    return this;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  respond(path: string, responder: Responder): void {
    this.responders.set(path, responder);
  }

  received(path: string): ReceivedRequest[] {
    return this.requests.filter((request) => request.path === path);
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
