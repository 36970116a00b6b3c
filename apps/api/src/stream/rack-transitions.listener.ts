import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { TOPICS, type RackTransitionMessage } from '#contracts';
import { BatchConsumer, type ConsumedMessage, type Kafka } from '#messaging';
import { KAFKA_CLIENT } from '#platform';
import { API_CONFIG, type ApiConfig } from '../api.config.js';
import { LiveFeed } from './live-feed.js';
import { RecentIds } from './recent-ids.js';
import { SiteStatusMonitor } from './site-status.monitor.js';

// Several minutes of a busy line's transitions: more than a relay retry or a rebalance ever repeats.
const DEDUPE_WINDOW = 50_000;

/** What the stream tells clients about a transition: the message as the tracker announced it. */
export type LiveTransition = Omit<RackTransitionMessage, 'schemaVersion'>;

export function parseTransition(message: ConsumedMessage): LiveTransition | null {
  if (message.value === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(message.value.toString('utf8'));
  } catch {
    return null;
  }
  const candidate = parsed as Partial<RackTransitionMessage> | null;
  if (
    candidate === null ||
    typeof candidate !== 'object' ||
    typeof candidate.eventId !== 'string' ||
    typeof candidate.rackSerial !== 'string' ||
    typeof candidate.siteId !== 'string' ||
    typeof candidate.to !== 'object'
  ) {
    return null;
  }
  const { schemaVersion: _schemaVersion, ...transition } = candidate as RackTransitionMessage;
  return transition;
}

/**
 * Reads rack-transitions in a consumer group of this instance's own, starting at the newest message: the
 * stream is about now, and a client that missed something replays it from the feed or reloads. Each
 * transition is published once (the topic is at-least-once) and nudges the site's progress and WIP.
 */
@Injectable()
export class RackTransitionsListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RackTransitionsListener.name);
  private readonly consumer: BatchConsumer;
  private readonly recent = new RecentIds(DEDUPE_WINDOW);
  private stopping = false;
  private starting: Promise<void> = Promise.resolve();

  constructor(
    @Inject(KAFKA_CLIENT) kafka: Kafka,
    @Inject(API_CONFIG) config: ApiConfig,
    private readonly feed: LiveFeed,
    private readonly monitor: SiteStatusMonitor,
  ) {
    this.consumer = new BatchConsumer(
      kafka,
      {
        groupId: `${config.LIVE_CONSUMER_GROUP_PREFIX}-${feed.instance}`,
        topic: config.topic(TOPICS.rackTransitions.name),
        partitionsConsumedConcurrently: 1,
        maxMessagesPerChunk: 1000,
        fromBeginning: false,
        // The group is this process's own and always starts at the newest message, so a committed position
        // is never read back; committing it only delayed each partition's batch by a broker round trip.
        commitOffsets: false,
      },
      async (batch) => {
        for (const message of batch.messages) this.accept(message);
      },
    );
  }

  /** Returns at once: the api serves reads even while Kafka is away, and the stream catches up when it is back. */
  onApplicationBootstrap(): void {
    this.starting = this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.starting;
    await this.consumer.stop();
  }

  private accept(message: ConsumedMessage): void {
    const transition = parseTransition(message);
    if (transition === null) {
      this.logger.warn({
        msg: 'skipping an unreadable rack-transitions message',
        partition: message.partition,
        offset: message.offset,
      });
      return;
    }
    if (!this.recent.firstSighting(transition.eventId)) return;
    this.feed.publish('transition', transition.siteId, transition);
    this.monitor.touched(transition.siteId);
  }

  private async connect(): Promise<void> {
    for (let attempt = 1; !this.stopping; attempt += 1) {
      try {
        await this.consumer.start();
        this.logger.log({ msg: 'streaming rack transitions', attempt });
        return;
      } catch (error) {
        this.logger.warn({
          msg: 'cannot read rack transitions yet; retrying',
          error: String(error),
          attempt,
        });
        await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 250 * attempt)));
      }
    }
  }
}
