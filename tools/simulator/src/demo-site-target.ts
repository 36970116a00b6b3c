// Prints the demo sites' target body (weekly target and the shift calendar the simulated crews work) as JSON, for
// scripts/run-system.sh to PUT to the alerts service: one definition of the demo's shifts, next to the crews.
import { DEMO_SHIFT_CALENDAR } from './factory/factory-config.js';

const DEMO_WEEKLY_TARGET = 1000;

process.stdout.write(`${JSON.stringify({ weeklyTarget: DEMO_WEEKLY_TARGET, ...DEMO_SHIFT_CALENDAR })}\n`);
