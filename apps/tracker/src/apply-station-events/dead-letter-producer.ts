/**
 * The producer the dead-letter relay publishes with, apart from the one that announces transitions. A request
 * the broker keeps failing (the dead-letter topic missing, say) stays in flight while kafkajs retries it, and a
 * producer sends one request at a time: shared, one missing topic would hold rack-transitions back with it.
 */
export const DEAD_LETTER_PRODUCER = Symbol('DEAD_LETTER_PRODUCER');
