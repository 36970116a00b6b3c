import type { ChatNotice } from './chat-notice.js';
import { markOf } from './slack-payload.js';

/**
 * Microsoft Teams workflow webhook ("Post to a channel when a webhook request is received"): a message whose
 * one attachment is an Adaptive Card. 1.4 is the newest card version every Teams client renders.
 */
export interface TeamsPayload {
  type: 'message';
  attachments: {
    contentType: 'application/vnd.microsoft.card.adaptive';
    contentUrl: null;
    content: AdaptiveCard;
  }[];
}

export interface AdaptiveCard {
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  type: 'AdaptiveCard';
  version: '1.4';
  msteams: { width: 'Full' };
  body: AdaptiveElement[];
  actions: { type: 'Action.OpenUrl'; title: string; url: string }[];
}

export type AdaptiveElement =
  | {
      type: 'TextBlock';
      text: string;
      wrap: true;
      weight?: 'Bolder';
      size?: 'Medium' | 'Large';
      color?: 'Attention' | 'Warning' | 'Good' | 'Accent';
      isSubtle?: boolean;
    }
  | { type: 'FactSet'; facts: { title: string; value: string }[] };

const COLORS = { info: 'Accent', warning: 'Warning', critical: 'Attention' } as const;

export function teamsPayload(notice: ChatNotice): TeamsPayload {
  const body: AdaptiveElement[] = [
    {
      type: 'TextBlock',
      text: `${markOf(notice)} ${notice.title}`,
      wrap: true,
      weight: 'Bolder',
      size: 'Medium',
      color: notice.type === 'alert.resolved' ? 'Good' : COLORS[notice.severity],
    },
    { type: 'TextBlock', text: notice.summary, wrap: true },
  ];
  if (notice.outlook !== null)
    body.push({ type: 'TextBlock', text: notice.outlook, wrap: true, isSubtle: true });
  body.push({
    type: 'FactSet',
    facts: notice.facts.map((fact) => ({ title: fact.label, value: fact.value })),
  });
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          msteams: { width: 'Full' },
          body,
          actions: [{ type: 'Action.OpenUrl', title: 'Open dashboard', url: notice.dashboardUrl }],
        },
      },
    ],
  };
}
