import type { NextFunction, Request, Response } from 'express';
import { printableKey, unstorableNumberReason, unstorableTextReason } from '#contracts';

const MAX_DEPTH = 32;
/**
 * Keys that name an object's prototype machinery. JSON.parse makes them plain own properties, but whatever copies
 * the body onwards (class-transformer, spreads, merges) either drops them without a word, so the client gets a 202
 * for data that was never kept, or worse, follows them to the prototype. Refused by name, wherever they sit.
 */
export const RESERVED_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];
// A body full of reserved keys or unstorable strings must not turn into an answer larger than itself.
const MAX_PROBLEMS = 20;

export interface BodyShapeProblem {
  /** Where, as a client would find it (`events.0.details.__proto__`), or `body` for the body as a whole. */
  path: string;
  reason: string;
}

interface Visit {
  value: unknown;
  depth: number;
  path: string;
  /** The key this value sits under; '' for the body itself. */
  key: string;
}

/** Why PostgreSQL could not store this string or number, or null (objects, arrays and the rest are fine). */
function unstorableLeafReason(value: unknown): string | null {
  if (typeof value === 'string') return unstorableTextReason(value);
  if (typeof value === 'number') return unstorableNumberReason(value);
  return null;
}

/**
 * What no request body may be, whatever the endpoint: nested deeper than any contract needs (class-transformer
 * recurses and would overflow the stack: a 500 instead of a 400), carrying a string PostgreSQL cannot store in
 * text or jsonb (U+0000, or a lone UTF-16 surrogate, which JSON's `\ud800` escape produces) or a number it
 * cannot hold (1e400 parses as Infinity) — an accepted event with either would fail its batch on every retry —
 * or using a reserved key. Walks the parsed body iteratively, so the check itself cannot overflow, in the
 * body's own order. Nesting ends the walk; every other problem met before that is reported, each at its path,
 * up to MAX_PROBLEMS of them.
 */
export function problemsWithBodyShape(body: unknown): BodyShapeProblem[] {
  const problems: BodyShapeProblem[] = [];
  const stack: Visit[] = [{ value: body, depth: 0, path: '', key: '' }];
  while (stack.length > 0 && problems.length < MAX_PROBLEMS) {
    const { value, depth, path, key } = stack.pop()!;
    const keyReason = unstorableTextReason(key);
    if (keyReason !== null) {
      problems.push({ path, reason: `key ${keyReason}` });
      continue;
    }
    if (RESERVED_KEYS.includes(key)) {
      problems.push({
        path,
        reason: `the key ${key} is not accepted anywhere in a body (${RESERVED_KEYS.join(', ')} are reserved)`,
      });
      continue;
    }
    const leafReason = unstorableLeafReason(value);
    if (leafReason !== null) {
      problems.push({ path: path === '' ? 'body' : path, reason: leafReason });
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_DEPTH)
      return [...problems, { path: 'body', reason: `body is nested deeper than ${MAX_DEPTH} levels` }];
    const children = Object.entries(value);
    // Last to first, so that they come off the stack first to last.
    for (let index = children.length - 1; index >= 0; index -= 1) {
      const [childKey, child] = children[index]!;
      const shownKey = printableKey(childKey);
      const childPath = path === '' ? shownKey : `${path}.${shownKey}`;
      stack.push({ value: child, depth: depth + 1, path: childPath, key: childKey });
    }
  }
  return problems;
}

/** The answer's one line: each problem with the path it is at, for a client that reads only the message. */
function messageOf(problems: readonly BodyShapeProblem[]): string {
  return problems
    .map((problem) => (problem.path === 'body' ? problem.reason : `${problem.path}: ${problem.reason}`))
    .join('; ');
}

export function jsonBodyShape() {
  return (request: Request, response: Response, next: NextFunction) => {
    const problems = problemsWithBodyShape(request.body);
    if (problems.length === 0) return next();
    response.status(400).json({
      statusCode: 400,
      error: 'Bad Request',
      message: messageOf(problems),
      errors: problems,
    });
  };
}
