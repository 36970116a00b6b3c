import type { ChatNotice } from './chat-notice.js';
import { markOf } from './slack-payload.js';

/** Google Chat incoming webhook: `text` (shown in notifications and by clients without cards) plus a card. */
export interface GoogleChatPayload {
  text: string;
  cardsV2: { cardId: string; card: GoogleChatCard }[];
}

export interface GoogleChatCard {
  header: { title: string; subtitle: string };
  sections: { header?: string; widgets: GoogleChatWidget[] }[];
}

export type GoogleChatWidget =
  | { textParagraph: { text: string } }
  | { decoratedText: { topLabel: string; text: string } }
  | { buttonList: { buttons: { text: string; onClick: { openLink: { url: string } } }[] } };

/** Card text is read as a small subset of HTML, so markup characters in our text must be escaped. */
function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

export function googleChatPayload(notice: ChatNotice): GoogleChatPayload {
  const mark = markOf(notice);
  const lines = [
    `${mark} *${notice.title}*`,
    notice.summary,
    ...(notice.outlook === null ? [] : [notice.outlook]),
    notice.dashboardUrl,
  ];
  const intro: GoogleChatWidget[] = [{ textParagraph: { text: escapeHtml(notice.summary) } }];
  if (notice.outlook !== null) intro.push({ textParagraph: { text: escapeHtml(notice.outlook) } });
  return {
    text: lines.join('\n'),
    cardsV2: [
      {
        // Unique per message, as Google Chat requires of card ids within one message's cards.
        cardId: `notice-${notice.id}`,
        card: {
          header: { title: `${mark} ${notice.title}`, subtitle: `${notice.severity} · ${notice.occurredAt}` },
          sections: [
            { widgets: intro },
            {
              header: 'Figures',
              widgets: notice.facts.map((fact) => ({
                decoratedText: { topLabel: fact.label, text: escapeHtml(fact.value) },
              })),
            },
            {
              widgets: [
                {
                  buttonList: {
                    buttons: [
                      { text: 'Open dashboard', onClick: { openLink: { url: notice.dashboardUrl } } },
                    ],
                  },
                },
              ],
            },
          ],
        },
      },
    ],
  };
}
