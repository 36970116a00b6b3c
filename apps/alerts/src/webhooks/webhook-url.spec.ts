import { describe, expect, it } from '@jest/globals';
import { redactWebhookUrl, webhookUrlProblem } from './webhook-url.js';

describe('webhookUrlProblem', () => {
  it.each([
    ['https://hooks.slack.com/services/T000/B000/XXXX', null],
    ['http://127.0.0.1:8080/hook', null],
    ['ftp://example.com/x', 'url must use http or https'],
    ['not a url', 'url must be an absolute URL'],
    ['https://user:pass@example.com/x', 'url must not contain a user name or password'],
    ['https://example.com/x#frag', 'url must not contain a #fragment'],
    [`https://example.com/${'a'.repeat(2100)}`, 'url must be at most 2048 characters'],
  ])('%s → %s', (url, problem) => {
    expect(webhookUrlProblem(url)).toBe(problem);
  });
});

describe('redactWebhookUrl', () => {
  it('keeps the origin and first segment, hides the rest', () => {
    expect(redactWebhookUrl('https://hooks.slack.com/services/T000/B000/XXXX')).toBe(
      'https://hooks.slack.com/services/***',
    );
    expect(redactWebhookUrl('https://chat.googleapis.com/v1/spaces/AAA/messages?key=k&token=t')).toBe(
      'https://chat.googleapis.com/v1/***?***',
    );
    expect(redactWebhookUrl('http://127.0.0.1:8080/hook')).toBe('http://127.0.0.1:8080/hook');
    expect(redactWebhookUrl('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080/');
  });
});
