import type { NextFunction, Request, Response } from 'express';

const MAX_DEPTH = 32;

/**
 * What no request body may be, whatever the endpoint: nested deeper than any contract needs (class-transformer
 * recurses and would overflow the stack: a 500 instead of a 400), or carrying U+0000, which PostgreSQL
 * cannot store in text or jsonb (an accepted event with it would fail its batch on every retry).
 * Walks the parsed body iteratively, so the check itself cannot overflow.
 */
export function problemWithBodyShape(body: unknown): string | null {
  const stack: [unknown, number][] = [[body, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return 'body contains U+0000 (NUL), which cannot be stored';
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_DEPTH) return `body is nested deeper than ${MAX_DEPTH} levels`;
    for (const [key, inner] of Object.entries(value)) {
      if (key.includes('\u0000')) return 'body contains U+0000 (NUL), which cannot be stored';
      stack.push([inner, depth + 1]);
    }
  }
  return null;
}

export function jsonBodyShape() {
  return (request: Request, response: Response, next: NextFunction) => {
    const problem = problemWithBodyShape(request.body);
    if (problem === null) return next();
    response
      .status(400)
      .json({
        statusCode: 400,
        error: 'Bad Request',
        message: problem,
        errors: [{ path: 'body', reason: problem }],
      });
  };
}
