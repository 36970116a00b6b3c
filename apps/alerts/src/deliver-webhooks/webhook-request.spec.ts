import { createHmac } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { buildWebhookRequest } from './webhook-request.js';

describe('buildWebhookRequest', () => {
  const body = JSON.stringify({
    schemaVersion: 1,
    id: 'alert-event-7',
    type: 'alert.firing',
    timestamp: '2026-11-25T12:00:00.000Z',
  });

  it('signs the generic kind over the raw body and repeats its timestamp', () => {
    const request = buildWebhookRequest({
      id: '42',
      kind: 'generic',
      noticeType: 'alert.firing',
      body,
      secret: 's3cret-s3cret-s3cret',
    });
    const expected = createHmac('sha256', 's3cret-s3cret-s3cret').update(body).digest('hex');
    expect(request.body).toBe(body);
    expect(request.headers).toEqual({
      'Content-Type': 'application/json; charset=utf-8',
      'User-Agent': 'rack-line-tracker-alerts/1',
      'X-Delivery-Id': '42',
      'X-Event': 'alert.firing',
      'X-Timestamp': String(Date.parse('2026-11-25T12:00:00.000Z') / 1000),
      'X-Signature': `sha256=${expected}`,
    });
  });

  it('sends chat platforms plain JSON', () => {
    expect(
      buildWebhookRequest({ id: '1', kind: 'slack', noticeType: 'alert.firing', body: '{}', secret: null })
        .headers,
    ).toEqual({
      'Content-Type': 'application/json; charset=utf-8',
      'User-Agent': 'rack-line-tracker-alerts/1',
    });
  });
});
