/** Where the quality queries learn "now" (default windows, the current week); tests pin it. */
export interface QualityClock {
  now(): Date;
}

export const QUALITY_CLOCK = Symbol('QUALITY_CLOCK');

export const systemClock: QualityClock = { now: () => new Date() };
