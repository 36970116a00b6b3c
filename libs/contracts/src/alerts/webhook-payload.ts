import { assertUnreachable } from '#domain';
import type { ChatNotice } from './chat-notice.js';
import { genericPayload } from './generic-payload.js';
import { googleChatPayload } from './google-chat-payload.js';
import { slackPayload } from './slack-payload.js';
import { teamsPayload } from './teams-payload.js';
import type { WebhookKind } from './webhook-kind.js';

/** The raw body for a platform, rendered once when the delivery is queued and sent as is on every attempt. */
export function renderWebhookBody(kind: WebhookKind, notice: ChatNotice): string {
  switch (kind) {
    case 'slack':
      return JSON.stringify(slackPayload(notice));
    case 'teams':
      return JSON.stringify(teamsPayload(notice));
    case 'google_chat':
      return JSON.stringify(googleChatPayload(notice));
    case 'generic':
      return JSON.stringify(genericPayload(notice));
    default:
      return assertUnreachable(kind, 'webhook kind');
  }
}
