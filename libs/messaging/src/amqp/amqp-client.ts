import { describeAmqpError } from './amqp-error.js';
import rhea, { type Connection, type EventContext } from 'rhea';

/** What a sender sets on a message beyond its body. */
export interface AmqpSendOptions {
  readonly messageId?: string;
  readonly replyTo?: string;
  readonly subject?: string;
}

/** A message as an AmqpClient receives it. */
export interface AmqpReceived {
  readonly body: Buffer;
  readonly correlationId: string | null;
  readonly subject: string | null;
}

function bytesOf(body: unknown): Buffer {
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body !== null && typeof body === 'object' && 'content' in body && Buffer.isBuffer(body.content))
    return body.content;
  return Buffer.from(JSON.stringify(body ?? null));
}

/**
 * A small AMQP 1.0 client for what plays the equipment's side (the simulator's CFX line, the suites): sends
 * bodies as data sections, exactly the bytes given, and waits for the broker's acceptance; receives from an
 * address one message at a time.
 */
export class AmqpClient {
  private constructor(private readonly connection: Connection) {}

  static connect(url: string, containerId: string): Promise<AmqpClient> {
    const parsed = new URL(url);
    const container = rhea.create_container({ id: containerId });
    return new Promise((resolve, reject) => {
      const connection = container.connect({
        host: parsed.hostname,
        port: Number(parsed.port || 5672),
        ...(parsed.username === '' ? {} : { username: decodeURIComponent(parsed.username) }),
        ...(parsed.password === '' ? {} : { password: decodeURIComponent(parsed.password) }),
        reconnect: false,
      });
      connection.once('connection_open', () => resolve(new AmqpClient(connection)));
      connection.once('connection_error', (context: EventContext) =>
        reject(new Error(`AMQP connection refused: ${describeAmqpError(context.connection.error)}`)),
      );
      connection.once('disconnected', (context: EventContext) =>
        reject(new Error(`cannot reach AMQP at ${parsed.host}: ${describeAmqpError(context.error)}`)),
      );
    });
  }

  /** Sends each body in order on one link and resolves once the broker accepted them all. */
  sendAll(address: string, bodies: readonly { body: Buffer; options?: AmqpSendOptions }[]): Promise<void> {
    return new Promise((resolve, reject) => {
      const sender = this.connection.open_sender({ target: { address } });
      let next = 0;
      let accepted = 0;
      const fail = (why: string) => {
        sender.close();
        reject(new Error(`${why} (sending to ${address})`));
      };
      sender.on('sendable', () => {
        while (next < bodies.length && sender.sendable()) {
          const { body, options = {} } = bodies[next]!;
          next += 1;
          sender.send({
            body: rhea.message.data_section(body),
            content_type: 'application/json',
            ...(options.messageId === undefined ? {} : { message_id: options.messageId }),
            ...(options.replyTo === undefined ? {} : { reply_to: options.replyTo }),
            ...(options.subject === undefined ? {} : { subject: options.subject }),
          });
        }
      });
      sender.on('accepted', () => {
        accepted += 1;
        if (accepted === bodies.length) {
          sender.close();
          resolve();
        }
      });
      sender.on('rejected', () => fail('the broker rejected a message'));
      sender.on('released', () => fail('the broker released a message'));
      sender.on('sender_error', (context: EventContext) => fail(describeAmqpError(context.sender?.error)));
      if (bodies.length === 0) {
        sender.close();
        resolve();
      }
    });
  }

  send(address: string, body: Buffer, options: AmqpSendOptions = {}): Promise<void> {
    return this.sendAll(address, [{ body, options }]);
  }

  /** The next message on `address`, accepted; rejects after `timeoutMs` without one. */
  receiveOne(address: string, timeoutMs: number): Promise<AmqpReceived> {
    return new Promise((resolve, reject) => {
      const receiver = this.connection.open_receiver({
        source: { address },
        credit_window: 1,
        autoaccept: true,
      });
      const timer = setTimeout(() => {
        receiver.close();
        reject(new Error(`no message on ${address} within ${timeoutMs} ms`));
      }, timeoutMs);
      receiver.once('message', (context: EventContext) => {
        clearTimeout(timer);
        const message = context.message;
        receiver.close();
        resolve({
          body: bytesOf(message?.body),
          correlationId: typeof message?.correlation_id === 'string' ? message.correlation_id : null,
          subject: typeof message?.subject === 'string' ? message.subject : null,
        });
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, 2000);
      this.connection.once('connection_close', () => {
        clearTimeout(timer);
        resolve();
      });
      this.connection.close();
    });
  }
}
