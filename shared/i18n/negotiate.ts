import Negotiator from 'negotiator';
import { DEFAULT_LANGUAGE, isLanguage, LANGUAGES, type Language } from './language.js';

/**
 * The language of a response: the one asked with `?lang=` wins; else, where the reader is unknown
 * (`fallback` undefined), the best of `Accept-Language` by its q-values (RFC 9110 §12.5.4; `fr-CA`
 * matches `fr`, `q=0` refuses); else the fallback (the contract's language), else English.
 */
export function negotiateLanguage(
  asked: Language | undefined,
  acceptLanguage: string | undefined,
  fallback?: Language,
): Language {
  if (asked !== undefined) return asked;
  if (fallback !== undefined) return fallback;
  if (acceptLanguage === undefined || acceptLanguage.trim() === '') return DEFAULT_LANGUAGE;
  const best = new Negotiator({ headers: { 'accept-language': acceptLanguage } }).language([...LANGUAGES]);
  return isLanguage(best) ? best : DEFAULT_LANGUAGE;
}
