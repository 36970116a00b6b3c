import { cfxEventId } from '#contracts';
import { AmqpClient } from '#messaging';
import type { PostedEvent, StationSpec } from '../factory/factory-model.js';
import { abortableDelay } from './abortable.js';
import { cfxEnvelopeFor, cfxMessageFor } from './cfx-message.js';
import type { IngestAnswer } from './ingest-client.js';

export interface CfxChannelOptions {
  amqpUrl: string;
  /** Where the bridge consumes (CFX_AMQP_ADDRESS). */
  address: string;
  /** `site/line` whose equipment speaks CFX. */
  line: string;
  apiUrl: string;
  adminToken: string;
  signal: AbortSignal;
}

const APPLIED_POLL_MS = 100;
const APPLIED_TIMEOUT_MS = 30_000;

/**
 * One line's equipment speaking IPC-CFX over AMQP 1.0 instead of posting to ingest. An event CFX can say all
 * of goes to the bridge's address; anything else (a burn-in position, a rack model, a hold) stays on the
 * terminal's HTTP post. A rack's next event waits until this one is applied (read back from the api), so a
 * rack whose events take both ways still reaches the tracker in order.
 */
export class CfxChannel {
  sent = 0;

  private constructor(
    private readonly client: AmqpClient,
    private readonly options: CfxChannelOptions,
  ) {}

  static async open(options: CfxChannelOptions): Promise<CfxChannel> {
    return new CfxChannel(
      await AmqpClient.connect(options.amqpUrl, `rack-simulator-${process.pid}`),
      options,
    );
  }

  carries(station: StationSpec): boolean {
    return `${station.siteId}/${station.lineId}` === this.options.line && station.role === 'station';
  }

  /** The answer for the batch, or null when CFX cannot say one of its events (post it over HTTP instead). */
  async deliver(bodies: readonly PostedEvent[]): Promise<IngestAnswer | null> {
    const messages = bodies.map(cfxMessageFor);
    if (messages.some((message) => message === null)) return null;
    try {
      await this.client.sendAll(
        this.options.address,
        bodies.map((event, index) => ({
          body: Buffer.from(JSON.stringify(cfxEnvelopeFor(event, messages[index]!))),
          options: { messageId: event.eventId },
        })),
      );
    } catch (error) {
      return { status: 0, receipts: [], retryAfterMs: null, problem: `AMQP: ${String(error)}` };
    }
    this.sent += bodies.length;
    await Promise.all(bodies.map((event) => this.untilApplied(event)));
    return {
      status: 202,
      receipts: bodies.map((event) => ({ eventId: event.eventId, status: 'accepted' as const })),
      retryAfterMs: null,
      problem: null,
    };
  }

  /** Until the rack's history or rejections name the event the bridge made of it (or the run ends). */
  private async untilApplied(event: PostedEvent): Promise<void> {
    const eventId = cfxEventId(event.eventId);
    const deadline = Date.now() + APPLIED_TIMEOUT_MS;
    while (Date.now() < deadline && !this.options.signal.aborted) {
      try {
        const response = await fetch(
          `${this.options.apiUrl}/v1/racks/${encodeURIComponent(event.rackSerial)}`,
          {
            headers: { authorization: `Bearer ${this.options.adminToken}` },
            signal: this.options.signal,
          },
        );
        if (response.status === 200) {
          const rack = (await response.json()) as {
            history: { eventId: string }[];
            rejections: { eventId: string | null }[];
          };
          if ([...rack.history, ...rack.rejections].some((entry) => entry.eventId === eventId)) return;
        } else await response.body?.cancel();
      } catch {
        // The api away or the run ending: wait and look again (or stop, below).
      }
      await abortableDelay(APPLIED_POLL_MS, this.options.signal).catch(() => undefined);
    }
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
