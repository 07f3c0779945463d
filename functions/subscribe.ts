import { subscriptionServices } from '../shared/adapters/subscription-services.js';
import { subscriptionStores } from '../shared/adapters/subscription-stores.js';
import { ValidationError } from '../shared/domain/errors.js';
import { subscribe } from '../shared/domain/subscription-requests.js';
import { SubscribeBodySchema } from '../shared/http/api-schemas.js';
import { inLanguage } from '../shared/http/content-language.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { issuesFromZod } from '../shared/http/issues-from-zod.js';
import { readFormBody, readJsonBody } from '../shared/http/request-body.js';
import { htmlPage, json } from '../shared/http/responses.js';
import { negotiateLanguage } from '../shared/i18n/negotiate.js';
import { SUBSCRIPTION_MESSAGES } from '../shared/i18n/subscriptions.js';
import { subscriptionFormInvalidPage, subscriptionRequestedPage } from '../shared/views/subscription-page.js';
import { ROUTES } from '../shared/wiring/routes.js';

const stores = subscriptionStores();
const services = subscriptionServices();

/**
 * The trust page's form (HTML in, HTML out) or JSON `{ email, language }`. Always 202 with the same
 * answer once the input is valid: whether an e-mail went out (or the address was already subscribed)
 * is never told. No cross-site guard: a forged request can only cause a confirmation e-mail, at most
 * one an hour, that confirms nothing by itself.
 */
export const handler = defineHttpHandler(
  ROUTES.subscribe,
  stores.apiKeys,
  async ({ params, query, headers, event }) => {
    const pageLanguage = negotiateLanguage(query.lang, headers['accept-language']);
    const fromForm = /^application\/x-www-form-urlencoded\b/i.test(headers['content-type'] ?? '');
    const parsed = SubscribeBodySchema.safeParse(fromForm ? readFormBody(event) : readJsonBody(event));
    if (!parsed.success) {
      const issues = issuesFromZod(parsed.error);
      const message = issues.map((issue) => issue.message).join('; ');
      if (fromForm)
        return inLanguage(htmlPage(400, subscriptionFormInvalidPage(message, pageLanguage)), pageLanguage, true);
      throw new ValidationError(message, issues);
    }
    const language = parsed.data.language ?? pageLanguage;
    await subscribe(
      { processorId: params.id, email: parsed.data.email, language },
      { ...stores, ...services, subscriptionEmails: stores.subscriptions },
    );
    if (fromForm) return inLanguage(htmlPage(202, subscriptionRequestedPage(language)), language, false);
    return json(202, { status: 'confirmation-requested', message: SUBSCRIPTION_MESSAGES.en.subscribedBody });
  },
);
