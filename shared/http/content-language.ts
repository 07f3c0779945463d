import type { Language } from '../i18n/language.js';
import { negotiateLanguage } from '../i18n/negotiate.js';
import { type HttpResult, htmlPage } from './responses.js';

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

/**
 * A page whose reader the registry does not know yet (an unknown link, a refused form): in the language
 * of `?lang=`, else of `Accept-Language`, saying so in `Content-Language` and, when chosen from the
 * header, in `Vary`.
 */
export function negotiatedPage(
  statusCode: number,
  render: (language: Language) => string,
  request: { lang: Language | undefined; acceptLanguage: string | undefined; method?: string },
): HttpResult {
  const language = negotiateLanguage(request.lang, request.acceptLanguage);
  return inLanguage(htmlPage(statusCode, render(language), request.method), language, request.lang === undefined);
}
