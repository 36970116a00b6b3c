import { jest } from '@jest/globals';

// Integration suites start real processes against real Kafka and Postgres; their waits are bounded by
// expectEventually's own deadlines, so the per-test ceiling only guards against a hang.
jest.setTimeout(180_000);
