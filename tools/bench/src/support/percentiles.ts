export interface Percentiles {
  p50: number;
  p99: number;
  p99_9: number;
  max: number;
}

/** Nearest-rank percentiles in whole milliseconds; NaN when there are no samples. */
export function percentiles(samples: readonly number[]): Percentiles {
  if (samples.length === 0) return { p50: Number.NaN, p99: Number.NaN, p99_9: Number.NaN, max: Number.NaN };
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (fraction: number) =>
    Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]);
  return { p50: at(0.5), p99: at(0.99), p99_9: at(0.999), max: Math.round(sorted[sorted.length - 1]) };
}
