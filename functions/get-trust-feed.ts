import { registryStores } from '../shared/adapters/registry-stores.js';
import { publicListOf } from '../shared/domain/public-list.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { requestOrigin } from '../shared/http/request-origin.js';
import { cacheableDocument } from '../shared/http/responses.js';
import { negotiateLanguage } from '../shared/i18n/negotiate.js';
import { subprocessorsAtomFeed } from '../shared/views/subprocessors-feed.js';
import { ROUTES } from '../shared/wiring/routes.js';

const stores = registryStores();

/** The Atom feed of a processor's list, for feed readers and GRC tools: public, cacheable. */
export const handler = defineHttpHandler(
  ROUTES.getTrustFeed,
  stores.apiKeys,
  async ({ params, query, headers, event }) => {
    const language = negotiateLanguage(query.lang, headers['accept-language']);
    const list = await publicListOf(params.id, stores);
    const base = `${requestOrigin(event)}/trust/${encodeURIComponent(params.id)}`;
    const feed = subprocessorsAtomFeed(
      list,
      { self: `${base}/feed.atom`, page: base, json: `${base}/subprocessors.json` },
      language,
    );
    return cacheableDocument(feed, 'application/atom+xml; charset=utf-8', headers['if-none-match'], {
      'content-language': language,
      vary: 'Accept-Language',
    });
  },
);
