// The plain entry: the package's default Node entry registers every language (700 KB bundled).
import countries from 'i18n-iso-countries/index.js';
import english from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import { EEA } from './reference.js';

countries.registerLocale(english);

const eeaCodes: ReadonlySet<string> = new Set([...EEA.members, ...EEA.territoriesInsideEu]);

/** True for an assigned ISO 3166-1 alpha-2 code, upper case. */
export function isIsoCountryCode(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && countries.isValid(code);
}

export function countryName(code: string): string {
  return countries.getName(code, 'en', { select: 'official' }) ?? code;
}

/** EEA members and the EU territories with ISO codes of their own (Åland, outermost regions). */
export function isInEea(code: string): boolean {
  return eeaCodes.has(code);
}
