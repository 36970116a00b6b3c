import type { NextFunction, Request, Response } from 'express';

const MAX_DEPTH = 32;
/**
 * Keys that name an object's prototype machinery. JSON.parse makes them plain own properties, but whatever copies
 * the body onwards (class-transformer, spreads, merges) either drops them without a word, so the client gets a 202
 * for data that was never kept, or worse, follows them to the prototype. Refused by name, wherever they sit.
 */
export const RESERVED_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];
// A body of nothing but reserved keys must not turn into an answer larger than itself.
const MAX_PROBLEMS = 20;

export interface BodyShapeProblem {
  /** Where, as a client would find it (`events.0.details.__proto__`), or `body` for the body as a whole. */
  path: string;
  reason: string;
}

const NUL_PROBLEM: BodyShapeProblem = {
  path: 'body',
  reason: 'body contains U+0000 (NUL), which cannot be stored',
};

interface Visit {
  value: unknown;
  depth: number;
  path: string;
  /** The key this value sits under; '' for the body itself. */
  key: string;
}

/**
 * What no request body may be, whatever the endpoint: nested deeper than any contract needs (class-transformer
 * recurses and would overflow the stack: a 500 instead of a 400), carrying U+0000, which PostgreSQL cannot store
 * in text or jsonb (an accepted event with it would fail its batch on every retry), or using a reserved key.
 * Walks the parsed body iteratively, so the check itself cannot overflow, in the body's own order. Nesting and
 * U+0000 end the walk; every reserved key met before that is reported, each at its path.
 */
export function problemsWithBodyShape(body: unknown): BodyShapeProblem[] {
  const problems: BodyShapeProblem[] = [];
  const stack: Visit[] = [{ value: body, depth: 0, path: '', key: '' }];
  while (stack.length > 0 && problems.length < MAX_PROBLEMS) {
    const { value, depth, path, key } = stack.pop()!;
    if (key.includes('\u0000')) return [...problems, NUL_PROBLEM];
    if (RESERVED_KEYS.includes(key)) {
      problems.push({
        path,
        reason: `the key ${key} is not accepted anywhere in a body (${RESERVED_KEYS.join(', ')} are reserved)`,
      });
      continue;
    }
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return [...problems, NUL_PROBLEM];
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_DEPTH)
      return [...problems, { path: 'body', reason: `body is nested deeper than ${MAX_DEPTH} levels` }];
    const children = Object.entries(value);
    // Last to first, so that they come off the stack first to last.
    for (let index = children.length - 1; index >= 0; index -= 1) {
      const [childKey, child] = children[index]!;
      const childPath = path === '' ? childKey : `${path}.${childKey}`;
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
