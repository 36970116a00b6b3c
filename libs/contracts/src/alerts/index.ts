export {
  NOTICE_TYPES,
  noticeFromAlertMessage,
  testNotice,
  type ChatNotice,
  type NoticeAlert,
  type NoticeType,
} from './chat-notice.js';
export {
  GENERIC_PAYLOAD_SCHEMA_VERSION,
  genericPayload,
  webhookSignature,
  type GenericPayload,
} from './generic-payload.js';
export { googleChatPayload, type GoogleChatPayload } from './google-chat-payload.js';
export { slackPayload, type SlackPayload } from './slack-payload.js';
export { teamsPayload, type TeamsPayload } from './teams-payload.js';
export { isWebhookKind, WEBHOOK_HEADERS, WEBHOOK_KINDS, type WebhookKind } from './webhook-kind.js';
export { renderWebhookBody } from './webhook-payload.js';
