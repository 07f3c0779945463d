import { registryStores } from '../shared/adapters/registry-stores.js';
import { publicListOf } from '../shared/domain/public-list.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { requestOrigin } from '../shared/http/request-origin.js';
import { cacheableDocument } from '../shared/http/responses.js';
import { negotiateLanguage } from '../shared/i18n/negotiate.js';
import { renderTrustPage } from '../shared/views/trust-page.js';
import { ROUTES } from '../shared/wiring/routes.js';

const stores = registryStores();

/** A processor's public trust page: anyone may read it, a CDN may cache it (content ETag, 304). */
export const handler = defineHttpHandler(
  ROUTES.getTrustPage,
  stores.apiKeys,
  async ({ params, query, headers, event }) => {
    const language = negotiateLanguage(query.lang, headers['accept-language']);
    const base = `${requestOrigin(event)}/trust/${encodeURIComponent(params.id)}`;
    const page = renderTrustPage(
      await publicListOf(params.id, stores),
      {
        feed: `${base}/feed.atom?lang=${language}`,
        json: `${base}/subprocessors.json`,
        subscribe: `${base}/subscriptions?lang=${language}`,
        otherLanguage: `${base}?lang=${language === 'fr' ? 'en' : 'fr'}`,
      },
      language,
    );
    const result = cacheableDocument(page, 'text/html; charset=utf-8', headers['if-none-match'], {
      'content-language': language,
      vary: 'Accept-Language',
    });
    // A HEAD answers the headers of the GET, without the page.
    return event.requestContext.http.method === 'HEAD' ? { ...result, body: '' } : result;
  },
);
