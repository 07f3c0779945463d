import { subscriptionStores } from '../shared/adapters/subscription-stores.js';
import { confirmSubscription } from '../shared/domain/subscription-requests.js';
import { inLanguage, negotiatedPage } from '../shared/http/content-language.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { htmlPage } from '../shared/http/responses.js';
import { isSameSiteForm } from '../shared/http/same-site-form.js';
import {
  subscriptionConfirmedPage,
  subscriptionCrossSitePage,
  subscriptionInactivePage,
  unknownSubscriptionLinkPage,
} from '../shared/views/subscription-page.js';
import { ROUTES } from '../shared/wiring/routes.js';

const stores = subscriptionStores();

/** The confirmation page's button. A form posted by a page of another site confirms nothing (CSRF). */
export const handler = defineHttpHandler(
  ROUTES.confirmSubscription,
  stores.apiKeys,
  async ({ params, query, headers, event }) => {
    const asked = { lang: query.lang, acceptLanguage: headers['accept-language'] };
    if (!isSameSiteForm(headers, event)) return negotiatedPage(403, subscriptionCrossSitePage, asked);
    const result = await confirmSubscription(params.id, params.token, stores);
    if (result.kind === 'unknown') {
      return negotiatedPage(404, unknownSubscriptionLinkPage, asked);
    }
    const language = query.lang ?? result.subscription.language;
    const body =
      result.kind === 'inactive'
        ? subscriptionInactivePage(result.processorName, language)
        : subscriptionConfirmedPage(result.processorName, language);
    return inLanguage(htmlPage(200, body), language, false);
  },
);
