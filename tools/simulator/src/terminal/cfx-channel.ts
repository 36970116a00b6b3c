import { setMaxListeners } from 'node:events';
import { cfxEventId } from '#contracts';
import { AmqpClient } from '#messaging';
import type { PostedEvent, StationSpec } from '../factory/factory-model.js';
import { abortableDelay, withRequestSignal } from './abortable.js';
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
const LOOKUP_TIMEOUT_MS = 10_000;

/**
 * One line's equipment speaking IPC-CFX over AMQP 1.0 instead of posting to ingest. An event CFX can say all
 * of goes to the bridge's address; anything else (a burn-in position, a rack model, a hold) stays on the
 * terminal's HTTP post. A rack's next event waits until this one is applied (read back from the api), so a
 * rack whose events take both ways still reaches the tracker in order.
 */
export class CfxChannel {
  sent = 0;
  /**
   * Aborted with the run. One listener per wait or lookup under way: a CFX line at the demo's pace has hundreds
   * at once, by design, so they listen here rather than on the run's signal, which holds one listener for all.
   */
  private readonly ending = new AbortController();

  private constructor(
    private readonly client: AmqpClient,
    private readonly options: CfxChannelOptions,
  ) {
    setMaxListeners(0, this.ending.signal);
    const end = () => this.ending.abort(options.signal.reason);
    if (options.signal.aborted) end();
    else options.signal.addEventListener('abort', end, { once: true });
  }

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
    // The bridge, Kafka (keyed by rack) and the tracker keep a rack's order: once its last event here is applied,
    // so are the ones before it, and only that one needs to be looked for.
    const lastPerRack = new Map(bodies.map((event) => [event.rackSerial, event]));
    await Promise.all([...lastPerRack.values()].map((event) => this.untilApplied(event)));
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
    const signal = this.ending.signal;
    while (Date.now() < deadline && !signal.aborted) {
      try {
        const applied = await withRequestSignal(signal, LOOKUP_TIMEOUT_MS, async (request) => {
          const response = await fetch(
            `${this.options.apiUrl}/v1/racks/${encodeURIComponent(event.rackSerial)}`,
            { headers: { authorization: `Bearer ${this.options.adminToken}` }, signal: request },
          );
          if (response.status !== 200) {
            await response.body?.cancel();
            return false;
          }
          const rack = (await response.json()) as {
            history: { eventId: string }[];
            rejections: { eventId: string | null }[];
          };
          return [...rack.history, ...rack.rejections].some((entry) => entry.eventId === eventId);
        });
        if (applied) return;
      } catch {
        // The api away, slow, or the run ending: wait and look again (or stop, below).
      }
      await abortableDelay(APPLIED_POLL_MS, signal).catch(() => undefined);
    }
  }

  close(): Promise<void> {
    this.ending.abort(new Error('the CFX channel is closed'));
    return this.client.close();
  }
}
