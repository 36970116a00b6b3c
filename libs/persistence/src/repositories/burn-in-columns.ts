import type { HoldReason, RackStatus, SoakClock } from '#domain';

/** The burn-in columns of a `rack` row, as node-postgres returns them. */
export interface BurnInColumns {
  stage: string;
  status: RackStatus;
  soak_started_at: Date | null;
  // bigint: node-postgres hands it over as a string.
  soak_held_ms: string;
  soak_retest: boolean;
  hold_started_at: Date | null;
  hold_reason: string | null;
  hold_reason_code: string | null;
}

/** The soak clock lives on the rack only while it runs at its (dwell) stage. */
export function soakClockOf(row: BurnInColumns): SoakClock | null {
  return row.soak_started_at === null
    ? null
    : {
        stage: row.stage,
        startedAt: row.soak_started_at,
        heldMs: Number(row.soak_held_ms),
        holdStartedAt: row.hold_started_at,
        retest: row.soak_retest,
      };
}

export function holdReasonOf(row: BurnInColumns): HoldReason | null {
  return row.status === 'on_hold' ? { reason: row.hold_reason, reasonCode: row.hold_reason_code } : null;
}
