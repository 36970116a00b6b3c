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

  it('refuses U+0000 in values and in keys, each at its path', () => {
    expect(problemsWithBodyShape({ details: { note: 'a\u0000b' } })).toEqual([
      { path: 'details.note', reason: 'contains U+0000 (NUL), which cannot be stored' },
    ]);
    expect(problemsWithBodyShape({ details: { ['k\u0000']: 1 } })).toEqual([
      { path: 'details.k\\u0000', reason: 'key contains U+0000 (NUL), which cannot be stored' },
    ]);
  });

  it('refuses lone UTF-16 surrogates anywhere, as the JSON parser makes them, and keeps emoji', () => {
    // Express's JSON parser is JSON.parse: the escape \ud800 becomes a lone surrogate in the string.
    const body: unknown = JSON.parse(
      '{"events":[{"rackSerial":"RK-\\udc01","details":{"note":"\\ud800","mood":"\\ud83d\\ude00"},' +
        '"measurements":[{"name":"t\\ud800x","value":1,"unit":"C"}]},{"details":{"\\ud800":1}}]}',
    );
    expect(problemsWithBodyShape(body)).toEqual([
      {
        path: 'events.0.rackSerial',
        reason: 'contains a lone UTF-16 surrogate (U+DC01), which cannot be stored',
      },
      {
        path: 'events.0.details.note',
        reason: 'contains a lone UTF-16 surrogate (U+D800), which cannot be stored',
      },
      {
        path: 'events.0.measurements.0.name',
        reason: 'contains a lone UTF-16 surrogate (U+D800), which cannot be stored',
      },
      {
        path: 'events.1.details.\\uD800',
        reason: 'key contains a lone UTF-16 surrogate (U+D800), which cannot be stored',
      },
    ]);
    expect(problemsWithBodyShape({ note: '\ud83d\ude00', replaced: '\ufffd' })).toEqual([]);
  });

  it('refuses numbers beyond double precision (JSON 1e400 parses as Infinity) at their path', () => {
    const body: unknown = JSON.parse(
      '{"measurements":[{"name":"t","value":1e400,"unit":"C","low":-1e400,"high":1.7976931348623157e308}]}',
    );
    expect(problemsWithBodyShape(body)).toEqual([
      { path: 'measurements.0.value', reason: expect.stringContaining('Infinity') },
      { path: 'measurements.0.low', reason: expect.stringContaining('Infinity') },
    ]);
  });

  it('reports a bounded number of unstorable strings, however many the body holds', () => {
    expect(problemsWithBodyShape(Array.from({ length: 1000 }, () => '\u0000'))).toHaveLength(20);
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
