/** The time, injected so that services reading "now" can be driven by a pinned clock in tests. */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
