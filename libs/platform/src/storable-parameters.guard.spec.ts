import { describe, expect, it } from '@jest/globals';
import type { ExecutionContext } from '@nestjs/common';
import { HttpProblemException } from './http-exception.filter.js';
import { problemsWithRequestParameters, StorableParametersGuard } from './storable-parameters.guard.js';

describe('problemsWithRequestParameters', () => {
  it.each([
    ['ordinary parameters', { serial: 'RK-1' }, { site: 'site-1', limit: '50' }, []],
    ['nothing at all', undefined, undefined, []],
    [
      'U+0000 in a path parameter (GET /v1/racks/RK%00)',
      { serial: 'RK\u0000' },
      {},
      [{ path: 'serial', reason: 'path parameter contains U+0000 (NUL), which cannot be stored' }],
    ],
    [
      'U+0000 in a query parameter, and in a repeated one',
      {},
      { site: 'a\u0000', tag: ['ok', '\u0000'] },
      [
        { path: 'site', reason: 'query parameter contains U+0000 (NUL), which cannot be stored' },
        { path: 'tag.1', reason: 'query parameter contains U+0000 (NUL), which cannot be stored' },
      ],
    ],
    [
      'U+0000 in a query parameter name',
      {},
      { ['si\u0000te']: 'x' },
      [{ path: 'si\\u0000te', reason: 'query parameter key contains U+0000 (NUL), which cannot be stored' }],
    ],
    [
      'a lone surrogate, and a path and a query problem together',
      { model: '\ud800' },
      { q: '\u0000' },
      [
        {
          path: 'model',
          reason: 'path parameter contains a lone UTF-16 surrogate (U+D800), which cannot be stored',
        },
        { path: 'q', reason: 'query parameter contains U+0000 (NUL), which cannot be stored' },
      ],
    ],
  ])('%s', (_, params, query, problems) => {
    expect(problemsWithRequestParameters(params, query)).toEqual(problems);
  });

  it('reports a bounded number of problems, however long the query', () => {
    const query = Object.fromEntries(Array.from({ length: 100 }, (_, index) => [`p${index}`, '\u0000']));
    expect(problemsWithRequestParameters({ id: '\u0000' }, query)).toHaveLength(20);
  });
});

describe('StorableParametersGuard', () => {
  function httpContext(request: { params?: Record<string, string>; query?: unknown }): ExecutionContext {
    return {
      getType: () => 'http',
      switchToHttp: () => ({ getRequest: () => request }),
    } as unknown as ExecutionContext;
  }

  it('lets ordinary parameters through', () => {
    expect(new StorableParametersGuard().canActivate(httpContext({ params: { id: '7' }, query: {} }))).toBe(
      true,
    );
  });

  it('answers 400 naming the parameter', () => {
    let thrown: unknown;
    try {
      new StorableParametersGuard().canActivate(httpContext({ params: { stationId: 'X\u0000' }, query: {} }));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(HttpProblemException);
    const problem = thrown as HttpProblemException;
    expect(problem.getStatus()).toBe(400);
    expect(problem.getResponse()).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'stationId: path parameter contains U+0000 (NUL), which cannot be stored',
      errors: [{ path: 'stationId', reason: 'path parameter contains U+0000 (NUL), which cannot be stored' }],
    });
  });

  it('leaves other transports alone', () => {
    const context = { getType: () => 'rpc' } as unknown as ExecutionContext;
    expect(new StorableParametersGuard().canActivate(context)).toBe(true);
  });
});
