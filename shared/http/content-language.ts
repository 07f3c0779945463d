import type { Language } from '../i18n/language.js';
import type { HttpResult } from './responses.js';

/**
 * Says which language a page or a download is in (`Content-Language`), and, where the language was
 * chosen from the request's `Accept-Language`, that a cache must key on it (`Vary`, RFC 9110 §12.5.5).
 */
export function inLanguage(result: HttpResult, language: Language, variesOnAcceptLanguage: boolean): HttpResult {
  return {
    ...result,
    headers: {
      ...result.headers,
      'content-language': language,
      ...(variesOnAcceptLanguage && { vary: 'Accept-Language' }),
    },
  };
}
