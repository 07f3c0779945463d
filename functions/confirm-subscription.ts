import { subscriptionStores } from '../shared/adapters/subscription-stores.js';
import { confirmSubscription } from '../shared/domain/subscription-requests.js';
import { inLanguage } from '../shared/http/content-language.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { htmlPage } from '../shared/http/responses.js';
import { isSameSiteForm } from '../shared/http/same-site-form.js';
import { negotiateLanguage } from '../shared/i18n/negotiate.js';
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
    const negotiated = negotiateLanguage(query.lang, headers['accept-language']);
    if (!isSameSiteForm(headers, event)) {
      return inLanguage(htmlPage(403, subscriptionCrossSitePage(negotiated)), negotiated, query.lang === undefined);
    }
    const result = await confirmSubscription(params.id, params.token, stores);
    if (result.kind === 'unknown') {
      return inLanguage(htmlPage(404, unknownSubscriptionLinkPage(negotiated)), negotiated, query.lang === undefined);
    }
    const language = query.lang ?? result.subscription.language;
    const body =
      result.kind === 'inactive'
        ? subscriptionInactivePage(result.processorName, language)
        : subscriptionConfirmedPage(result.processorName, language);
    return inLanguage(htmlPage(200, body), language, false);
  },
);
