import { subscriptionStores } from '../shared/adapters/subscription-stores.js';
import { subscriptionByToken } from '../shared/domain/subscription-requests.js';
import { inLanguage, negotiatedPage } from '../shared/http/content-language.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { htmlPage } from '../shared/http/responses.js';
import { unknownSubscriptionLinkPage, unsubscribePage } from '../shared/views/subscription-page.js';
import { ROUTES } from '../shared/wiring/routes.js';

const stores = subscriptionStores();

/** The footer link opened in a browser: a button; opening (or scanning) the link changes nothing. */
export const handler = defineHttpHandler(
  ROUTES.unsubscribePage,
  stores.apiKeys,
  async ({ params, query, headers, event }) => {
    const method = event.requestContext.http.method;
    const view = await subscriptionByToken(params.id, params.token, stores);
    if (view.kind === 'unknown' || view.purpose !== 'unsubscribe') {
      return negotiatedPage(404, unknownSubscriptionLinkPage, {
        lang: query.lang,
        acceptLanguage: headers['accept-language'],
        method,
      });
    }
    const language = query.lang ?? view.subscription.language;
    return inLanguage(htmlPage(200, unsubscribePage(language), method), language, false);
  },
);
