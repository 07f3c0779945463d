/**
 * The languages every text a client or a vendor reads exists in. Adding one: add its code here, then
 * fill the catalogue each `Record<Language, …>` asks for (the type check lists every one missing).
 */
export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

/** English stays the default: every contract and processor stored before languages existed reads it. */
export const DEFAULT_LANGUAGE: Language = 'en';

/** The locale whose conventions (dates, plurals) each language is written with. */
export const LOCALES: Record<Language, string> = { en: 'en-GB', fr: 'fr-FR' };

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** A stored language, or the default for an item written before languages existed. */
export function languageOr(value: unknown, fallback: Language = DEFAULT_LANGUAGE): Language {
  return isLanguage(value) ? value : fallback;
}
