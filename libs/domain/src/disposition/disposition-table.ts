/** What the line does about a failure, mildest first. */
export const DISPOSITION_ACTIONS = [
  'retest',
  'reseat',
  'fix_firmware',
  'replace_part',
  'engineering_hold',
] as const;
export type DispositionAction = (typeof DISPOSITION_ACTIONS)[number];

export function isDispositionAction(value: unknown): value is DispositionAction {
  return typeof value === 'string' && (DISPOSITION_ACTIONS as readonly string[]).includes(value);
}

/**
 * One row: the codes it covers, and the actions it takes on the first, second, … occurrence of the same code on
 * the same part (or the rack, when no part is named) within `windowHours`. Past the ladder's end the last action
 * repeats.
 */
export interface DispositionRule {
  // A code (`XID-79`) or a prefix ending in `*` (`XID-*`, `DCGM-NVLINK_*`).
  readonly pattern: string;
  readonly actions: readonly DispositionAction[];
  readonly windowHours: number;
  // Where the row comes from, for the person reading a disposition ("Xid catalog: RESET_GPU").
  readonly why: string;
}

export interface DispositionTable {
  // 0 is the table the project ships, in force until an admin saves one.
  readonly version: number;
  readonly rules: readonly DispositionRule[];
}

export const MAX_DISPOSITION_RULES = 500;
export const MAX_ESCALATION_STEPS = 5;
export const MAX_ESCALATION_WINDOW_HOURS = 24 * 90;
export const MAX_WHY_LENGTH = 200;

// A pattern is a code, or a code's beginning followed by `*`: `XID-*`, `XID-1*`, `DCGM-NVLINK_*`.
const PATTERN = /^[A-Z][A-Z0-9_]{1,15}-(\*|[A-Z0-9][A-Z0-9_.-]{0,47}\*?)$/;

function isPrefixPattern(pattern: string): boolean {
  return pattern.endsWith('*');
}

function covers(pattern: string, code: string): boolean {
  return isPrefixPattern(pattern) ? code.startsWith(pattern.slice(0, -1)) : code === pattern;
}

/**
 * The row for a code: an exact pattern beats any prefix, a longer prefix beats a shorter one, so the order of the
 * rows never matters and two admins editing different rows cannot change each other's meaning. undefined when no
 * row covers the code.
 */
export function ruleFor(table: DispositionTable, code: string): DispositionRule | undefined {
  let best: DispositionRule | undefined;
  let bestScore = -1;
  for (const rule of table.rules) {
    if (!covers(rule.pattern, code)) continue;
    // Exact patterns outrank every prefix; among prefixes the longer literal part wins.
    const score = isPrefixPattern(rule.pattern) ? rule.pattern.length - 1 : Number.MAX_SAFE_INTEGER;
    if (score > bestScore) {
      best = rule;
      bestScore = score;
    }
  }
  return best;
}

/**
 * Every problem with a table as an admin sent it, each naming its row (`rules[3].actions`); empty when it can be
 * saved. Duplicated patterns are refused: two rows for one pattern would make the answer depend on their order.
 */
export function validateDispositionRules(rules: readonly DispositionRule[]): string[] {
  const problems: string[] = [];
  if (rules.length === 0) problems.push('rules must list at least one row');
  if (rules.length > MAX_DISPOSITION_RULES)
    problems.push(`rules may list at most ${MAX_DISPOSITION_RULES} rows`);
  const seen = new Map<string, number>();
  rules.forEach((rule, index) => {
    const at = `rules[${index}]`;
    if (typeof rule.pattern !== 'string' || !PATTERN.test(rule.pattern)) {
      problems.push(`${at}.pattern must be a code such as XID-79 or a prefix such as XID-* (upper case)`);
    } else if (seen.has(rule.pattern)) {
      problems.push(`${at}.pattern ${rule.pattern} repeats rules[${seen.get(rule.pattern)}]`);
    } else {
      seen.set(rule.pattern, index);
    }
    if (
      !Array.isArray(rule.actions) ||
      rule.actions.length === 0 ||
      rule.actions.length > MAX_ESCALATION_STEPS
    ) {
      problems.push(`${at}.actions must list 1 to ${MAX_ESCALATION_STEPS} actions`);
    } else {
      rule.actions.forEach((action, step) => {
        if (!isDispositionAction(action))
          problems.push(`${at}.actions[${step}] must be one of: ${DISPOSITION_ACTIONS.join(', ')}`);
      });
    }
    if (
      typeof rule.windowHours !== 'number' ||
      !Number.isFinite(rule.windowHours) ||
      rule.windowHours <= 0 ||
      rule.windowHours > MAX_ESCALATION_WINDOW_HOURS
    ) {
      problems.push(`${at}.windowHours must be more than 0 and at most ${MAX_ESCALATION_WINDOW_HOURS}`);
    }
    if (typeof rule.why !== 'string' || rule.why.trim() === '' || rule.why.length > MAX_WHY_LENGTH) {
      problems.push(`${at}.why must be 1-${MAX_WHY_LENGTH} characters`);
    }
  });
  return problems;
}
