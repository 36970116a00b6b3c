import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';

export interface WebhookDelivery {
  receivedAt: Date;
  path: string;
  /** One line a person can read: the alert's title and summary, or the chat text. */
  headline: string;
  /** For signed (generic) deliveries: whether X-Signature matched the secret. */
  signature: 'valid' | 'invalid' | 'unsigned';
  body: string;
}

const MAX_BODY_BYTES = 256 * 1024;

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** What a chat message says, whichever platform format it is in (generic, Slack, Teams, Google Chat). */
export function headlineOf(body: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return body.slice(0, 200);
  }
  const value = parsed as {
    title?: unknown;
    summary?: unknown;
    severity?: unknown;
    type?: unknown;
    text?: unknown;
    attachments?: { content?: { body?: { text?: unknown }[] } }[];
  };
  if (typeof value.title === 'string') {
    const summary = typeof value.summary === 'string' ? ` — ${value.summary}` : '';
    const label = [value.type, value.severity].filter((part) => typeof part === 'string').join(' ');
    return `${label ? `[${label}] ` : ''}${value.title}${summary}`;
  }
  if (typeof value.text === 'string') return value.text.split('\n')[0];
  const card = value.attachments?.[0]?.content?.body?.find((block) => typeof block.text === 'string');
  if (card && typeof card.text === 'string') return card.text;
  return body.slice(0, 200);
}

function signatureOf(
  request: IncomingMessage,
  body: string,
  secret: string | null,
): WebhookDelivery['signature'] {
  const header = request.headers['x-signature'];
  if (secret === null || typeof header !== 'string') return 'unsigned';
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`);
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given) ? 'valid' : 'invalid';
}

/**
 * A local stand-in for a chat channel: it accepts any webhook POST, answers 200, and reports what the message
 * says, so the demo shows alerts in the console the moment the alerts service delivers them.
 */
export class WebhookSink {
  private server: Server | null = null;
  readonly deliveries: WebhookDelivery[] = [];
  /** While paused the sink answers 503 (a chat platform having a bad minute): senders must retry, not lose. */
  paused = false;

  constructor(
    private readonly onDelivery: (delivery: WebhookDelivery) => void,
    private readonly secret: string | null = null,
  ) {}

  async listen(port: number, host = '127.0.0.1'): Promise<string> {
    this.server = createServer((request, response) => {
      void (async () => {
        if (request.method !== 'POST') {
          response.writeHead(405, { allow: 'POST' }).end();
          return;
        }
        const body = await readBody(request);
        if (this.paused) {
          response.writeHead(503, { 'retry-after': '1' }).end();
          return;
        }
        const delivery: WebhookDelivery = {
          receivedAt: new Date(),
          path: request.url ?? '/',
          headline: headlineOf(body),
          signature: signatureOf(request, body, this.secret),
          body,
        };
        this.deliveries.push(delivery);
        this.onDelivery(delivery);
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      })().catch(() => response.writeHead(400).end());
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, host, () => resolve());
    });
    const address = this.server.address();
    const actualPort = typeof address === 'object' && address !== null ? address.port : port;
    return `http://${host}:${actualPort}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
