import { Inject, Injectable } from '@nestjs/common';
import { TOPICS } from '#contracts';
import { describeRelayStall, type RelayState } from '#domain';
import { OutboxRelay } from '#messaging';
import { ReadinessConditions } from '#platform';
import { TrackerConfig } from '../tracker.config.js';
import { TRANSITION_RELAY, TransitionAnnouncements } from './transition-announcements.js';

/**
 * Readiness for what leaves the tracker: a relay that fails every pass, or that an open transaction holds
 * back, for TRACKER_STALL_SECONDS makes the tracker `degraded`, naming the topic and why. Without it a
 * relay that could not publish (a dead-letter topic missing, Kafka refusing a request) only logged and
 * retried, while the partitions advanced and readiness said `ok`.
 */
@Injectable()
export class RelayReadiness {
  constructor(
    @Inject(TRANSITION_RELAY) transitions: OutboxRelay,
    announcements: TransitionAnnouncements,
    deadLetters: OutboxRelay,
    config: TrackerConfig,
    conditions: ReadinessConditions,
  ) {
    const watch = (name: string, topicName: string, state: () => RelayState) =>
      conditions.register({
        name,
        degradation: () =>
          describeRelayStall(config.topic(topicName), state(), new Date(), config.TRACKER_STALL_SECONDS),
      });
    watch('transitionRelay', TOPICS.rackTransitions.name, () => ({
      failing: transitions.failure(),
      heldBack: announcements.heldBack(),
    }));
    watch('deadLetterRelay', TOPICS.stationEventsDeadLetter.name, () => ({
      failing: deadLetters.failure(),
      heldBack: null,
    }));
  }
}
