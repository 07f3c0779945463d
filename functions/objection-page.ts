import { registryStores } from '../shared/adapters/registry-stores.js';
import { viewByToken } from '../shared/domain/record-decision.js';
import { inLanguage } from '../shared/http/content-language.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { htmlPage } from '../shared/http/responses.js';
import { languageOr } from '../shared/i18n/language.js';
import { negotiateLanguage } from '../shared/i18n/negotiate.js';
import { renderDecisionPage, unknownLinkPage } from '../shared/views/objection-page.js';
import { ROUTES } from '../shared/wiring/routes.js';

const stores = registryStores();

/**
 * GET and HEAD only show: loading, prefetching or scanning the link records nothing. The page is in
 * the contract's language unless `?lang=` asks another; an unknown link, whose contract is unknown,
 * follows Accept-Language.
 */
export const handler = defineHttpHandler(
  ROUTES.objectionPage,
  stores.apiKeys,
  async ({ params, query, event, headers }) => {
    const method = event.requestContext.http.method;
    const view = await viewByToken(params.token, stores);
    if (view.kind === 'unknown') {
      const language = negotiateLanguage(query.lang, headers['accept-language']);
      return inLanguage(htmlPage(404, unknownLinkPage(language), method), language, query.lang === undefined);
    }
    const language = negotiateLanguage(query.lang, undefined, languageOr(view.recipient.language));
    return inLanguage(htmlPage(200, renderDecisionPage(view, language), method), language, false);
  },
);
