import type { ChatNotice } from './chat-notice.js';

/** Slack incoming webhook: `text` is the notification fallback, `blocks` the message (Block Kit). */
export interface SlackPayload {
  text: string;
  blocks: SlackBlock[];
}

type SlackText = { type: 'plain_text'; text: string; emoji?: boolean } | { type: 'mrkdwn'; text: string };

export type SlackBlock =
  | { type: 'header'; text: SlackText }
  | { type: 'section'; text?: SlackText; fields?: SlackText[] }
  | { type: 'context'; elements: SlackText[] }
  | {
      type: 'actions';
      elements: { type: 'button'; text: SlackText; url: string; style?: 'primary' | 'danger' }[];
    };

// Block Kit's limits: longer text is refused with a 400, so cut rather than lose the whole message.
const HEADER_LIMIT = 150;
const SECTION_LIMIT = 3000;
const FIELD_LIMIT = 2000;
const MAX_FIELDS = 10;

export const SEVERITY_MARKS = { info: '🔵', warning: '🟠', critical: '🔴', resolved: '✅' } as const;

export function truncate(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

/** Slack reads `&`, `<` and `>` as markup; everything else is literal. */
function escapeMrkdwn(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

export function markOf(notice: ChatNotice): string {
  return notice.type === 'alert.resolved' ? SEVERITY_MARKS.resolved : SEVERITY_MARKS[notice.severity];
}

export function slackPayload(notice: ChatNotice): SlackPayload {
  const mark = markOf(notice);
  const body = [notice.summary, notice.outlook]
    .filter((line): line is string => line !== null)
    .map(escapeMrkdwn)
    .join('\n');
  return {
    text: truncate(`${mark} ${notice.title}: ${notice.summary}`, SECTION_LIMIT),
    blocks: [
      {
        type: 'header',
        text: { type: 'plain_text', text: truncate(`${mark} ${notice.title}`, HEADER_LIMIT), emoji: true },
      },
      { type: 'section', text: { type: 'mrkdwn', text: truncate(body, SECTION_LIMIT) } },
      {
        type: 'section',
        fields: notice.facts.slice(0, MAX_FIELDS).map((fact) => ({
          type: 'mrkdwn' as const,
          text: truncate(`*${escapeMrkdwn(fact.label)}*\n${escapeMrkdwn(fact.value)}`, FIELD_LIMIT),
        })),
      },
      {
        type: 'actions',
        elements: [
          { type: 'button', text: { type: 'plain_text', text: 'Open dashboard' }, url: notice.dashboardUrl },
        ],
      },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: escapeMrkdwn(`${notice.type} · ${notice.severity} · ${notice.occurredAt}`),
          },
        ],
      },
    ],
  };
}
