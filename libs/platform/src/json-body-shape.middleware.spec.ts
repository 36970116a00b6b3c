import { describe, expect, it } from '@jest/globals';
import type { NextFunction, Request, Response } from 'express';
import { jsonBodyShape, problemsWithBodyShape } from './json-body-shape.middleware.js';

describe('problemsWithBodyShape', () => {
  it('lets ordinary event bodies through', () => {
    expect(problemsWithBodyShape({ events: [{ details: { a: [1, { b: 'x' }] } }] })).toEqual([]);
    expect(problemsWithBodyShape(undefined)).toEqual([]);
    // Only keys are reserved: the words are fine as values.
    expect(problemsWithBodyShape({ details: { note: 'constructor', kind: '__proto__' } })).toEqual([]);
  });

  it('refuses nesting deeper than any contract needs, without overflowing itself', () => {
    let deep: unknown = 'leaf';
    for (let level = 0; level < 100_000; level += 1) deep = [deep];
    expect(problemsWithBodyShape(deep)).toEqual([
      { path: 'body', reason: 'body is nested deeper than 32 levels' },
    ]);
  });

  it('refuses U+0000 in values and in keys', () => {
    expect(problemsWithBodyShape({ details: { note: 'a\u0000b' } })[0]?.reason).toMatch(/U\+0000/);
    expect(problemsWithBodyShape({ details: { ['k\u0000']: 1 } })[0]?.reason).toMatch(/U\+0000/);
  });

  it('refuses __proto__, constructor and prototype keys at any depth, each at its path, in body order', () => {
    // JSON.parse, as the body parser uses it, makes `__proto__` an own key rather than setting the prototype.
    const body: unknown = JSON.parse(
      '{"events":[{"eventId":"e-1"},{"details":{"__proto__":{"admin":true},"ok":1,"prototype":{"x":1}}}],' +
        '"constructor":{"name":"x"}}',
    );
    expect(problemsWithBodyShape(body)).toEqual([
      {
        path: 'events.1.details.__proto__',
        reason: expect.stringContaining('the key __proto__ is not accepted'),
      },
      {
        path: 'events.1.details.prototype',
        reason: expect.stringContaining('the key prototype is not accepted'),
      },
      { path: 'constructor', reason: expect.stringContaining('the key constructor is not accepted') },
    ]);
  });

  it('reports a bounded number of reserved keys, however many the body holds', () => {
    const body = JSON.parse(
      `[${Array.from({ length: 1000 }, () => '{"__proto__":1}').join(',')}]`,
    ) as unknown;
    expect(problemsWithBodyShape(body)).toHaveLength(20);
  });
});

describe('jsonBodyShape', () => {
  function answerTo(body: unknown): { status: number | null; json: unknown; passed: boolean } {
    const answer = { status: null as number | null, json: undefined as unknown, passed: false };
    const response = {
      status(code: number) {
        answer.status = code;
        return this;
      },
      json(value: unknown) {
        answer.json = value;
        return this;
      },
    } as unknown as Response;
    const next: NextFunction = () => {
      answer.passed = true;
    };
    jsonBodyShape()({ body } as Request, response, next);
    return answer;
  }

  it('answers 400 naming the reserved key, instead of letting the body through', () => {
    const answer = answerTo(JSON.parse('{"eventId":"e-1","details":{"constructor":{"prototype":1}}}'));
    expect(answer).toEqual({
      status: 400,
      passed: false,
      json: {
        statusCode: 400,
        error: 'Bad Request',
        message:
          'details.constructor: the key constructor is not accepted anywhere in a body (__proto__, constructor, prototype are reserved)',
        errors: [
          {
            path: 'details.constructor',
            reason:
              'the key constructor is not accepted anywhere in a body (__proto__, constructor, prototype are reserved)',
          },
        ],
      },
    });
  });

  it('passes an ordinary body on', () => {
    expect(answerTo({ eventId: 'e-1' })).toMatchObject({ status: null, passed: true });
  });
});
