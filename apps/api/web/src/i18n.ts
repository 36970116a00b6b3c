import i18next, { type TOptions } from 'i18next';
import en from './i18n/en.json' with { type: 'json' };
import es from './i18n/es.json' with { type: 'json' };
import zh from './i18n/zh.json' with { type: 'json' };

// The page's languages. Each has one Intl locale for its numbers and dates; times are always in the site's zone.

export const LANGUAGES = ['en', 'zh', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

const LOCALES: Record<Language, string> = { en: 'en-GB', zh: 'zh-CN', es: 'es-ES' };
/** Each language named in itself, as the picker shows it. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', zh: '简体中文', es: 'Español' };

const resources = {
  en: { translation: en },
  zh: { translation: zh },
  es: { translation: es },
};

function supported(tag: string): Language | null {
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
  return (LANGUAGES as readonly string[]).includes(primary) ? (primary as Language) : null;
}

/** `?lang=` wins when it names a language the page has; else the browser's first supported preference; else English. */
export function chooseLanguage(requested: string | null, preferred: readonly string[]): Language {
  if (requested !== null) {
    const language = supported(requested);
    if (language) return language;
  }
  for (const tag of preferred) {
    const language = supported(tag);
    if (language) return language;
  }
  return 'en';
}

/** Loads the resources synchronously (they are bundled), so the first paint is already in the chosen language. */
export function useLanguage(language: Language): void {
  if (!i18next.isInitialized) {
    void i18next.init({
      lng: language,
      fallbackLng: 'en',
      resources,
      initAsync: false,
      interpolation: { escapeValue: false },
    });
  } else {
    void i18next.changeLanguage(language);
  }
}

export function currentLanguage(): Language {
  return supported(i18next.language ?? 'en') ?? 'en';
}

/** The Intl locale of the page's language, e.g. `zh-CN`. */
export function currentLocale(): string {
  return LOCALES[currentLanguage()];
}

/** A text in the page's language (English until a language is chosen, e.g. in unit tests). */
export function t(key: string, values?: TOptions): string {
  if (!i18next.isInitialized) useLanguage('en');
  return i18next.t(key, values ?? {});
}

/**
 * Fills the static page from its data-i18n attributes: `data-i18n` for the text, `data-i18n-placeholder`,
 * `data-i18n-aria-label` and `data-i18n-title` for those attributes.
 */
export function translatePage(root: ParentNode = document): void {
  document.documentElement.lang = currentLocale();
  document.title = t('common.title');
  for (const element of root.querySelectorAll<HTMLElement>('[data-i18n]'))
    element.textContent = t(element.dataset.i18n ?? '');
  for (const [attribute, data] of [
    ['placeholder', 'i18nPlaceholder'],
    ['aria-label', 'i18nAriaLabel'],
    ['title', 'i18nTitle'],
  ] as const) {
    for (const element of root.querySelectorAll<HTMLElement>(`[data-i18n-${attribute}]`))
      element.setAttribute(attribute, t(element.dataset[data] ?? ''));
  }
}
