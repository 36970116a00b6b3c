import { describe, expect, it } from '@jest/globals';
import { HttpProblemException } from '#platform';
import { API_ERROR_CODES, API_ERROR_STATUS, ApiError, toHttpException } from './api.error.js';

describe('api errors', () => {
  it('maps every code to a client error status', () => {
    for (const code of API_ERROR_CODES) expect(API_ERROR_STATUS[code]).toBeGreaterThanOrEqual(400);
  });

  it('becomes an HTTP answer with its message and details', () => {
    const sut = toHttpException(
      new ApiError('invalid_route', 'Invalid route', [
        { path: 'body', reason: 'route must have at least one stage' },
      ]),
    );
    expect(sut).toBeInstanceOf(HttpProblemException);
    expect(sut?.getStatus()).toBe(400);
    expect(sut?.getResponse()).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'Invalid route',
      errors: [{ path: 'body', reason: 'route must have at least one stage' }],
    });
  });

  it('leaves errors out when there are none', () => {
    expect(toHttpException(new ApiError('rack_not_found', 'No rack RK-1'))?.getResponse()).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'No rack RK-1',
    });
  });

  it('does not claim errors that are not its own', () => {
    expect(toHttpException(new Error('boom'))).toBeUndefined();
  });
});
