import type { Measurement } from './station-event.js';

export interface EvaluatedMeasurement extends Measurement {
  readonly passed: boolean;
}

// Limits are inclusive. A value that is not a finite number cannot be said to be within any limits.
export function evaluateMeasurement(measurement: Measurement): EvaluatedMeasurement {
  const { value, low, high } = measurement;
  const passed =
    Number.isFinite(value) && (low === undefined || value >= low) && (high === undefined || value <= high);
  return { ...measurement, passed };
}

export function formatMeasurement(measurement: Measurement): string {
  const low = measurement.low ?? '-inf';
  const high = measurement.high ?? '+inf';
  return `${measurement.name} = ${measurement.value} ${measurement.unit} (limits ${low}..${high})`;
}
