// The plain entry: the package's default Node entry registers every language (700 KB bundled).
import countries from 'i18n-iso-countries/index.js';
import english from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import french from 'i18n-iso-countries/langs/fr.json' with { type: 'json' };
import type { Language } from '../i18n/language.js';
import { EEA } from './reference.js';

// One registration per language of shared/i18n/language.ts: a country is named in the reader's language.
const LOCALE_DATA: Record<Language, countries.LocaleData> = { en: english, fr: french };
for (const data of Object.values(LOCALE_DATA)) countries.registerLocale(data);

const eeaCodes: ReadonlySet<string> = new Set([...EEA.members, ...EEA.territoriesInsideEu]);

/** True for an assigned ISO 3166-1 alpha-2 code, upper case. */
export function isIsoCountryCode(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && countries.isValid(code);
}

/** The country's official name in the language ("United States of America", « États-Unis »). */
export function countryName(code: string, language: Language = 'en'): string {
  return countries.getName(code, language, { select: 'official' }) ?? code;
}

/** EEA members and the EU territories with ISO codes of their own (Åland, outermost regions). */
export function isInEea(code: string): boolean {
  return eeaCodes.has(code);
}
