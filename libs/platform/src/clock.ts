/**
 * The time as services read it: one injectable class (a Nest token as well as a type), so that a test can
 * pin "now" for a use case, a query or a scheduler without touching the system clock.
 */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
