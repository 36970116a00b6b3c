import { gunzipSync } from 'node:zlib';
import { describeAmqpError } from './amqp-error.js';
import rhea, {
  type Connection,
  type ConnectionOptions,
  type Delivery,
  type EventContext,
  type Receiver,
} from 'rhea';

export interface AmqpConsumerSettings {
  /** amqp://user:password@host:port (amqps:// for TLS). */
  readonly url: string;
  /** The node to consume from, e.g. `/queue/cfx` on RabbitMQ's AMQP 1.0 plugin. */
  readonly address: string;
  /** Messages the broker may send ahead of the one being handled. */
  readonly credit: number;
  /** The AMQP container id, which the broker shows as the client's name. */
  readonly containerId: string;
  /** Largest body accepted after decompression; a bigger one is handed over truncated to this. */
  readonly maxBodyBytes: number;
}

/** One message as received: its body as bytes, exactly as sent when the sender used a data section. */
export interface ReceivedAmqpMessage {
  readonly body: Buffer;
  readonly messageId: string | null;
  readonly replyTo: string | null;
  readonly correlationId: string | null;
  /** The broker says it delivered this message before (delivery-count > 0). */
  readonly redelivered: boolean;
}

/** accept: done with it, the broker forgets it; release: not handled (shutting down), deliver it again. */
export type AmqpOutcome = 'accept' | 'release';

export class AmqpSendError extends Error {
  override name = 'AmqpSendError';
}

function idText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (Buffer.isBuffer(value)) return value.toString('hex');
  return null;
}

/**
 * The body's bytes. Data sections (how the IPC-CFX SDK sends) arrive as bytes and stay exact; an AMQP string
 * value is re-encoded as UTF-8; anything else (a map, a list) is written as JSON so it can be recorded.
 */
function bodyBytes(body: unknown): Buffer {
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body !== null && typeof body === 'object' && 'content' in body && Buffer.isBuffer(body.content))
    return body.content;
  if (body === undefined || body === null) return Buffer.alloc(0);
  try {
    return Buffer.from(
      JSON.stringify(body, (_, value: unknown) => (typeof value === 'bigint' ? String(value) : value)),
    );
  } catch {
    // A body JSON cannot write (a cycle): recorded as what is known of it.
    return Buffer.from(`unserialisable AMQP body of type ${typeof body}`);
  }
}

function settingsOf(url: string): ConnectionOptions {
  const parsed = new URL(url);
  const common = {
    host: parsed.hostname,
    port: Number(parsed.port || (parsed.protocol === 'amqps:' ? 5671 : 5672)),
    ...(parsed.username === '' ? {} : { username: decodeURIComponent(parsed.username) }),
    ...(parsed.password === '' ? {} : { password: decodeURIComponent(parsed.password) }),
    reconnect: true,
    initial_reconnect_delay: 200,
    max_reconnect_delay: 10_000,
    idle_time_out: 30_000,
  };
  return parsed.protocol === 'amqps:' ? { ...common, transport: 'tls' } : common;
}

/**
 * An AMQP 1.0 consumer (rhea behind our own adapter, as kafkajs is): one receiver on one address, messages
 * handed over one at a time in the order the broker sent them and settled only after the handler decided,
 * so a crash before that leaves the message with the broker. Reconnects by itself with backoff; `send`
 * answers a request on its reply-to address over the same connection.
 */
export class AmqpConsumer {
  private readonly container = rhea.create_container();
  private connection: Connection | null = null;
  private receiver: Receiver | null = null;
  private open = false;
  private stopping = false;
  // Messages are handled strictly in turn: one station's WorkStarted must reach Kafka before its UnitsTested.
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly settings: AmqpConsumerSettings,
    private readonly handle: (message: ReceivedAmqpMessage) => Promise<AmqpOutcome>,
    private readonly log: (level: 'log' | 'warn', entry: Record<string, unknown>) => void,
  ) {
    this.container.id = settings.containerId;
    // Without a listener an AMQP error event would end the process; the connection reconnects by itself.
    this.container.on('error', (error: unknown) =>
      this.log('warn', { msg: 'AMQP error', error: error instanceof Error ? error.message : String(error) }),
    );
  }

  isOpen(): boolean {
    return this.open;
  }

  start(): void {
    const connection = this.container.connect(settingsOf(this.settings.url));
    this.connection = connection;
    connection.on('connection_open', () => {
      this.open = true;
      this.log('log', { msg: 'AMQP connection open', address: this.settings.address });
    });
    connection.on('disconnected', (context: EventContext) => {
      this.open = false;
      if (!this.stopping)
        this.log('warn', {
          msg: 'AMQP connection lost; reconnecting',
          error: context.error instanceof Error ? context.error.message : describeAmqpError(context.error),
        });
    });
    connection.on('connection_error', (context: EventContext) =>
      this.log('warn', { msg: 'AMQP connection error', error: describeAmqpError(context.connection.error) }),
    );
    this.receiver = connection.open_receiver({
      source: { address: this.settings.address },
      autoaccept: false,
      credit_window: this.settings.credit,
    });
    this.receiver.on('receiver_error', (context: EventContext) =>
      this.log('warn', { msg: 'AMQP receiver refused', error: describeAmqpError(context.receiver?.error) }),
    );
    this.receiver.on('message', (context: EventContext) => {
      const { message, delivery } = context;
      if (message === undefined || delivery === undefined) return;
      this.queue = this.queue.then(() => this.deliver(message, delivery));
    });
  }

  private async deliver(message: NonNullable<EventContext['message']>, delivery: Delivery): Promise<void> {
    // Released without a modified outcome: RabbitMQ's AMQP 1.0 plugin refuses `modified` and ends the session.
    if (this.stopping) return delivery.release();
    let body = bodyBytes(message.body);
    if (message.content_encoding === 'gzip') {
      try {
        body = gunzipSync(body, { maxOutputLength: this.settings.maxBodyBytes });
      } catch {
        // Left compressed: the envelope parser then records it as not UTF-8, with the bytes as received.
      }
    }
    const received: ReceivedAmqpMessage = {
      body,
      messageId: idText(message.message_id),
      replyTo: typeof message.reply_to === 'string' ? message.reply_to : null,
      correlationId: idText(message.correlation_id),
      redelivered: typeof message.delivery_count === 'number' && message.delivery_count > 0,
    };
    let outcome: AmqpOutcome;
    try {
      outcome = await this.handle(received);
    } catch (error) {
      // A handler that throws has not decided: the broker keeps the message for the next attempt.
      this.log('warn', { msg: 'CFX message handler failed; releasing it', error: String(error) });
      outcome = 'release';
    }
    if (outcome === 'accept') delivery.accept();
    else delivery.release();
  }

  /** Sends one message to `address` (a reply-to) and resolves once the broker accepted it. */
  send(
    address: string,
    body: string,
    properties: { correlationId?: string | null; subject?: string },
  ): Promise<void> {
    const connection = this.connection;
    if (connection === null || !this.open) return Promise.reject(new AmqpSendError('AMQP is not connected'));
    return new Promise((resolve, reject) => {
      const sender = connection.open_sender({ target: { address } });
      const timer = setTimeout(
        () => finish(new AmqpSendError(`no answer from the broker for ${address}`)),
        10_000,
      );
      let sent = false;
      const finish = (error?: Error) => {
        clearTimeout(timer);
        sender.close();
        if (error) reject(error);
        else resolve();
      };
      sender.on('sendable', () => {
        if (sent) return;
        sent = true;
        sender.send({
          body: rhea.message.data_section(Buffer.from(body, 'utf8')),
          content_type: 'application/json',
          ...(properties.subject === undefined ? {} : { subject: properties.subject }),
          ...(properties.correlationId ? { correlation_id: properties.correlationId } : {}),
        });
      });
      sender.on('accepted', () => finish());
      sender.on('rejected', () => finish(new AmqpSendError(`the broker rejected the message to ${address}`)));
      sender.on('released', () => finish(new AmqpSendError(`the broker released the message to ${address}`)));
      sender.on('sender_error', (context: EventContext) =>
        finish(new AmqpSendError(`cannot send to ${address}: ${describeAmqpError(context.sender?.error)}`)),
      );
    });
  }

  /** Stops taking messages, lets the one in hand finish and be settled, and closes the connection. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.receiver?.close();
    await this.queue;
    const connection = this.connection;
    if (connection === null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 2000);
      connection.once('connection_close', () => {
        clearTimeout(timer);
        resolve();
      });
      connection.close();
    });
  }
}
