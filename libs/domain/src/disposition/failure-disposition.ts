import { ruleFor, type DispositionAction, type DispositionTable } from './disposition-table.js';
import type { FailureReport } from './failure-report.js';

const HOUR_MS = 3_600_000;

/** What the line is told to do about one reported failure, and why. */
export interface FailureDisposition {
  readonly code: string;
  readonly componentSerial: string | null;
  readonly message: string | null;
  // The part when one is named, else the rack: what "the same serial" means for escalation.
  readonly subjectSerial: string;
  readonly action: DispositionAction;
  // 1 for the first occurrence of the code on the subject within the row's window, 2 for the second, …
  readonly occurrence: number;
  // The row that decided, or null for a code no row covers.
  readonly pattern: string | null;
  readonly why: string;
  readonly tableVersion: number;
}

/** When the same code was seen before on a part or rack: what escalation counts. */
export interface FailureHistory {
  // Times, in any order, that `code` was dispositioned on `subjectSerial` before the failure being decided.
  occurrences(code: string, subjectSerial: string): readonly Date[];
}

export const NO_FAILURE_HISTORY: FailureHistory = { occurrences: () => [] };

// A code nobody wrote a row for has unknown consequences: a person decides (docs/architecture.md §Dispositions).
const UNKNOWN_CODE_ACTION: DispositionAction = 'engineering_hold';

function describeOccurrence(occurrence: number, windowHours: number): string {
  if (occurrence === 1) return 'first occurrence';
  return `occurrence ${occurrence} within ${windowHours} h`;
}

/**
 * Dispositions for the failures one event reports, from the table in force and the failures seen before. Pure and
 * deterministic: the same table, history and event give the same answer, which is what makes a replay agree with
 * the live line. Two failures of one event with the same code and subject count as one occurrence each, in order.
 */
export function disposeFailures(
  table: DispositionTable,
  history: FailureHistory,
  failures: readonly FailureReport[],
  rackSerial: string,
  at: Date,
): FailureDisposition[] {
  const earlierInEvent = new Map<string, number>();
  return failures.map((failure) => {
    const subjectSerial = failure.componentSerial ?? rackSerial;
    const componentSerial = failure.componentSerial ?? null;
    const message = failure.message ?? null;
    const rule = ruleFor(table, failure.code);
    if (rule === undefined) {
      return {
        code: failure.code,
        componentSerial,
        message,
        subjectSerial,
        action: UNKNOWN_CODE_ACTION,
        occurrence: 1,
        pattern: null,
        why: `no row of disposition table v${table.version} covers ${failure.code}; unknown codes go to engineering hold`,
        tableVersion: table.version,
      };
    }
    const key = `${failure.code}\u0000${subjectSerial}`;
    const since = at.getTime() - rule.windowHours * HOUR_MS;
    const before = history
      .occurrences(failure.code, subjectSerial)
      .filter((time) => time.getTime() >= since && time.getTime() <= at.getTime()).length;
    const sameEvent = earlierInEvent.get(key) ?? 0;
    earlierInEvent.set(key, sameEvent + 1);
    const occurrence = before + sameEvent + 1;
    const action = rule.actions[Math.min(occurrence, rule.actions.length) - 1]!;
    return {
      code: failure.code,
      componentSerial,
      message,
      subjectSerial,
      action,
      occurrence,
      pattern: rule.pattern,
      why: `${rule.why}; ${describeOccurrence(occurrence, rule.windowHours)} on ${subjectSerial} (row ${rule.pattern}, table v${table.version})`,
      tableVersion: table.version,
    };
  });
}

/** The disposition that puts the rack on engineering hold, if any of them does. */
export function engineeringHoldOf(
  dispositions: readonly FailureDisposition[],
): FailureDisposition | undefined {
  return dispositions.find((disposition) => disposition.action === 'engineering_hold');
}

/** The hold reason an engineering hold leaves on the rack: one line for the board and chat. */
export function engineeringHoldReason(disposition: FailureDisposition): string {
  const part = disposition.componentSerial === null ? '' : ` on ${disposition.componentSerial}`;
  return `engineering hold (MRB): ${disposition.code}${part}`.slice(0, 200);
}

/** A history that also remembers the dispositions decided since it was loaded (a chunk's earlier events). */
export class FailureHistoryOverlay implements FailureHistory {
  private readonly added = new Map<string, Date[]>();

  constructor(private readonly base: FailureHistory) {}

  occurrences(code: string, subjectSerial: string): readonly Date[] {
    const key = `${code}\u0000${subjectSerial}`;
    return [...this.base.occurrences(code, subjectSerial), ...(this.added.get(key) ?? [])];
  }

  record(dispositions: readonly FailureDisposition[], at: Date): void {
    for (const { code, subjectSerial } of dispositions) {
      const key = `${code}\u0000${subjectSerial}`;
      this.added.set(key, [...(this.added.get(key) ?? []), at]);
    }
  }
}

/** A history from stored rows, as the tracker loads them. */
export class InMemoryFailureHistory implements FailureHistory {
  private readonly byKey = new Map<string, Date[]>();

  constructor(rows: readonly { code: string; subjectSerial: string; occurredAt: Date }[]) {
    for (const { code, subjectSerial, occurredAt } of rows) {
      const key = `${code}\u0000${subjectSerial}`;
      this.byKey.set(key, [...(this.byKey.get(key) ?? []), occurredAt]);
    }
  }

  occurrences(code: string, subjectSerial: string): readonly Date[] {
    return this.byKey.get(`${code}\u0000${subjectSerial}`) ?? [];
  }
}
