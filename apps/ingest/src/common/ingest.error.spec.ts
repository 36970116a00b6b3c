import { describe, expect, it } from '@jest/globals';
import { IngestError, toHttpException, type IngestErrorCode } from './ingest.error.js';

const EXPECTED: Record<IngestErrorCode, { status: number; headers: Record<string, string> }> = {
  stale_event: { status: 400, headers: {} },
  unauthenticated: { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } },
  forbidden: { status: 403, headers: {} },
  kafka_unavailable: { status: 503, headers: { 'Retry-After': '5' } },
  station_directory_unavailable: { status: 503, headers: { 'Retry-After': '5' } },
  station_exists: { status: 409, headers: {} },
  station_not_found: { status: 404, headers: {} },
};

describe('toHttpException', () => {
  it.each(Object.entries(EXPECTED))('maps %s', (code, expected) => {
    const sut = toHttpException(new IngestError(code as IngestErrorCode, 'why'));
    expect(sut?.getStatus()).toBe(expected.status);
    expect(sut?.headers).toEqual(expected.headers);
    expect(sut?.getResponse()).toEqual({
      statusCode: expected.status,
      error: expect.any(String),
      message: 'why',
    });
  });

  it('carries field details as errors', () => {
    const sut = toHttpException(
      new IngestError('forbidden', 'not allowed', [{ path: 'events.1.stage', reason: 'wrong stage' }]),
    );
    expect(sut?.getResponse()).toEqual({
      statusCode: 403,
      error: 'Forbidden',
      message: 'not allowed',
      errors: [{ path: 'events.1.stage', reason: 'wrong stage' }],
    });
  });

  it('leaves other errors alone', () => {
    expect(toHttpException(new Error('boom'))).toBeUndefined();
  });
});
