import { describe, expect, it } from '@jest/globals';
import { describeRelayStall, type RelayState } from './relay-stall.js';

const now = new Date('2026-12-08T10:00:00Z');
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);
const fine: RelayState = { failing: null, heldBack: null };

describe('describeRelayStall', () => {
  it.each<[string, RelayState, string | null]>([
    ['passes succeed and nothing holds it', fine, null],
    [
      'failing for less than the limit: late, not stuck',
      { ...fine, failing: { since: ago(59), reason: 'x' } },
      null,
    ],
    [
      'failing for the limit',
      {
        ...fine,
        failing: { since: ago(60), reason: 'Kafka is unavailable: no acknowledgement within 10000 ms' },
      },
      'the rack-transitions relay has failed every pass for 60 s: Kafka is unavailable: no acknowledgement within 10000 ms',
    ],
    ['held for less than the limit', { ...fine, heldBack: { since: ago(30), by: null } }, null],
    [
      'held for longer, by a transaction it could name',
      {
        ...fine,
        heldBack: {
          since: ago(95),
          by: 'pid 4242 (psql, idle in transaction since 2026-12-08T09:58:00.000Z)',
        },
      },
      'the rack-transitions relay has been held back for 95 s by pid 4242 (psql, idle in transaction since 2026-12-08T09:58:00.000Z)',
    ],
    [
      'held for longer, holder not yet known',
      { ...fine, heldBack: { since: ago(61), by: null } },
      'the rack-transitions relay has been held back for 61 s by an open transaction',
    ],
    [
      'failing and held: the failure is what needs fixing first',
      {
        failing: { since: ago(120), reason: 'connection terminated' },
        heldBack: { since: ago(120), by: null },
      },
      'the rack-transitions relay has failed every pass for 120 s: connection terminated',
    ],
    [
      'a clock stepped back: a start in the future is no stall',
      { ...fine, failing: { since: ago(-30), reason: 'x' } },
      null,
    ],
  ])('%s', (_case, state, expected) => {
    expect(describeRelayStall('rack-transitions', state, now, 60)).toBe(expected);
  });
});
