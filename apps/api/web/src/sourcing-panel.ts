import './quality-panels.css';
import type { ApiClient } from './api-client.js';
import { byId, el, setText } from './dom.js';
import { formatCount } from './format.js';
import { currentLocale, t } from './i18n.js';
import type { CountryShare, Sourcing } from './rack-detail-types.js';
import { countryName, wholePercents } from './rack-format.js';

/**
 * Where this week's parts came from: the share of parts installed in the site's production week (and still in place)
 * by supplier country, for the domestic-sourcing goal, overall and per kind of part. Whole per cents that add up.
 */
export class SourcingPanel {
  constructor(
    private readonly api: ApiClient,
    private readonly site: string,
  ) {}

  async refresh(): Promise<void> {
    try {
      const sourcing = await this.api.get<Sourcing>(
        `/v1/sourcing?${new URLSearchParams({ site: this.site, racks: 'false' }).toString()}`,
      );
      this.show(sourcing);
    } catch (error) {
      setText('sourcing-summary', t('sourcing.failed'));
      throw error;
    }
  }

  private show(sourcing: Sourcing): void {
    const panel = byId('sourcing');
    panel.dataset.parts = String(sourcing.parts);
    panel.dataset.week = sourcing.week;
    setText('sourcing-summary', t('sourcing.summary', { week: sourcing.week, count: sourcing.parts }));
    const body = byId('sourcing-body');
    if (sourcing.parts === 0) {
      body.replaceChildren(el('p', { class: 'muted' }, t('sourcing.none')));
      return;
    }
    body.replaceChildren(
      shareBars(sourcing.byCountry),
      ...(sourcing.byKind.length > 1
        ? [
            el(
              'table',
              { class: 'sourcing-kinds' },
              el('caption', {}, t('sourcing.kinds')),
              el(
                'tbody',
                {},
                ...sourcing.byKind.map((kind) =>
                  el(
                    'tr',
                    { 'data-testid': 'sourcing-kind', 'data-kind': kind.kind },
                    el('th', {}, kind.kind.replaceAll('_', ' ')),
                    el('td', {}, formatCount(kind.parts)),
                    el('td', {}, describeShares(kind.byCountry)),
                  ),
                ),
              ),
            ),
          ]
        : []),
    );
  }
}

function countryLabel(country: string | null): string {
  return country === null ? t('sourcing.unregistered') : countryName(country, currentLocale());
}

/** `Taiwan 60 % · United States 40 %`. */
function describeShares(shares: readonly CountryShare[]): string {
  const percents = wholePercents(shares);
  return shares
    .map(
      (share, index) => `${countryLabel(share.country)} ${t('sourcing.share', { percent: percents[index] })}`,
    )
    .join(' · ');
}

/** One bar per country, longest first as the api orders them, its share written beside it. */
function shareBars(shares: readonly CountryShare[]): HTMLElement {
  const percents = wholePercents(shares);
  return el(
    'ul',
    { class: 'sourcing-bars' },
    ...shares.map((share, index) => {
      const bar = el('span', { class: 'sourcing-bar' });
      bar.style.width = `${Math.max(share.share * 100, 0.5)}%`;
      return el(
        'li',
        {
          'data-testid': 'sourcing-country',
          'data-country': share.country ?? '',
          'data-parts': String(share.parts),
        },
        el('span', { class: 'sourcing-country' }, countryLabel(share.country)),
        el('span', { class: 'sourcing-track' }, bar),
        el(
          'span',
          { class: 'sourcing-share', 'data-testid': 'sourcing-share' },
          t('sourcing.share', { percent: percents[index] }),
        ),
        el('small', { class: 'muted' }, formatCount(share.parts)),
      );
    }),
  );
}
