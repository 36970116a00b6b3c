import { createHmac } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { composeAlertMessage, type SiteFigures } from '#domain';
import { noticeFromAlertMessage, testNotice } from './chat-notice.js';
import { webhookSignature } from './generic-payload.js';
import { renderWebhookBody } from './webhook-payload.js';
import { WEBHOOK_KINDS } from './webhook-kind.js';

const FIGURES: SiteFigures = {
  siteId: 'site-1',
  timeZone: 'UTC',
  weekStart: '2026-11-23T00:00:00.000Z',
  weekEnd: '2026-11-30T00:00:00.000Z',
  weekTarget: 1000,
  expectedByNow: 450,
  actual: 380,
  projected: 871.6,
  projectionMethod: 'run_rate',
  runRatePerHour: 5.46,
  runRateWindowHours: 8,
  productionHoursRemaining: 90,
};

const notice = noticeFromAlertMessage(
  'alert-event-9',
  composeAlertMessage({
    alertId: '3',
    rule: 'stuck_rack',
    subject: 'RK-<1>&',
    notification: 'firing',
    severity: 'critical',
    detail: {
      rule: 'stuck_rack',
      rackSerial: 'RK-<1>&',
      stage: 'qa',
      status: 'failed',
      hoursInState: 13,
      limitHours: 6,
      clock: 'production',
    },
    figures: FIGURES,
    occurredAt: new Date('2026-11-25T12:00:00Z'),
    dashboardUrl: 'http://dash.example/?site=site-1&rack=RK-1',
  }),
);

describe('renderWebhookBody', () => {
  it('builds a Slack message with fallback text and blocks, escaping markup', () => {
    const body = JSON.parse(renderWebhookBody('slack', notice));
    expect(body.text).toContain('Stuck rack RK-<1>& at site-1');
    expect(body.blocks.map((block: { type: string }) => block.type)).toEqual([
      'header',
      'section',
      'section',
      'actions',
      'context',
    ]);
    expect(body.blocks[1].text.text).toContain(
      'Rack RK-&lt;1&gt;&amp; has been failed at qa for 13.0 h of production time',
    );
    expect(body.blocks[2].fields.length).toBeLessThanOrEqual(10);
    expect(body.blocks[3].elements[0].url).toBe('http://dash.example/?site=site-1&rack=RK-1');
  });

  it('builds a Teams message with one Adaptive Card attachment', () => {
    const body = JSON.parse(renderWebhookBody('teams', notice));
    expect(body.type).toBe('message');
    expect(body.attachments).toHaveLength(1);
    expect(body.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(body.attachments[0].content).toMatchObject({ type: 'AdaptiveCard', version: '1.4' });
    expect(body.attachments[0].content.body[0]).toMatchObject({
      type: 'TextBlock',
      color: 'Attention',
      weight: 'Bolder',
    });
    expect(body.attachments[0].content.actions[0]).toEqual({
      type: 'Action.OpenUrl',
      title: 'Open dashboard',
      url: notice.dashboardUrl,
    });
  });

  it('builds a Google Chat message with text and cardsV2', () => {
    const body = JSON.parse(renderWebhookBody('google_chat', notice));
    expect(body.text.split('\n')[0]).toBe('🔴 *Stuck rack RK-<1>& at site-1*');
    expect(body.cardsV2[0].cardId).toBe('notice-alert-event-9');
    expect(body.cardsV2[0].card.sections[0].widgets[0].textParagraph.text).toContain('RK-&lt;1&gt;&amp;');
  });

  it('builds the generic JSON with the alert for programs', () => {
    const body = JSON.parse(renderWebhookBody('generic', notice));
    expect(body).toMatchObject({
      schemaVersion: 1,
      id: 'alert-event-9',
      type: 'alert.firing',
      timestamp: '2026-11-25T12:00:00.000Z',
      severity: 'critical',
    });
    expect(body.alert).toMatchObject({
      id: '3',
      rule: 'stuck_rack',
      siteId: 'site-1',
      subject: 'RK-<1>&',
      figures: FIGURES,
    });
  });

  it('renders a test message for every kind', () => {
    const test = testNotice('test-1', 'ops', new Date('2026-11-25T12:00:00Z'), 'http://dash.example/');
    for (const kind of WEBHOOK_KINDS)
      expect(renderWebhookBody(kind, test)).toContain('Test message from the rack line tracker');
  });
});

describe('webhookSignature', () => {
  it('is the hex HMAC-SHA256 of the raw body', () => {
    const body = '{"a":1}';
    expect(webhookSignature('secret-secret-16', body)).toBe(
      `sha256=${createHmac('sha256', 'secret-secret-16').update(body).digest('hex')}`,
    );
  });
});
