import { subscriptionStores } from '../shared/adapters/subscription-stores.js';
import { subscriptionByToken } from '../shared/domain/subscription-requests.js';
import { inLanguage, negotiatedPage } from '../shared/http/content-language.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { htmlPage } from '../shared/http/responses.js';
import {
  confirmSubscriptionPage,
  subscriptionInactivePage,
  unknownSubscriptionLinkPage,
} from '../shared/views/subscription-page.js';
import { ROUTES } from '../shared/wiring/routes.js';

const stores = subscriptionStores();

/** GET and HEAD only show the button: a mail scanner opening the link confirms nothing. */
export const handler = defineHttpHandler(
  ROUTES.subscriptionConfirmPage,
  stores.apiKeys,
  async ({ params, query, headers, event }) => {
    const method = event.requestContext.http.method;
    const view = await subscriptionByToken(params.id, params.token, stores);
    if (view.kind === 'unknown' || view.purpose !== 'confirm') {
      return negotiatedPage(404, unknownSubscriptionLinkPage, {
        lang: query.lang,
        acceptLanguage: headers['accept-language'],
        method,
      });
    }
    const language = query.lang ?? view.subscription.language;
    const body =
      view.subscription.state === 'pending' || view.subscription.state === 'confirmed'
        ? confirmSubscriptionPage(view.processorName, view.subscription.email, language)
        : subscriptionInactivePage(view.processorName, language);
    return inLanguage(htmlPage(200, body, method), language, false);
  },
);
