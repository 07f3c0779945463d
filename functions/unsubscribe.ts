import { subscriptionStores } from '../shared/adapters/subscription-stores.js';
import { ValidationError } from '../shared/domain/errors.js';
import { unsubscribeByToken } from '../shared/domain/subscription-requests.js';
import { OneClickFormSchema } from '../shared/http/api-schemas.js';
import { inLanguage, negotiatedPage } from '../shared/http/content-language.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { issuesFromZod } from '../shared/http/issues-from-zod.js';
import { readFormBody } from '../shared/http/request-body.js';
import { htmlPage } from '../shared/http/responses.js';
import { unknownSubscriptionLinkPage, unsubscribedPage } from '../shared/views/subscription-page.js';
import { ROUTES } from '../shared/wiring/routes.js';

const stores = subscriptionStores();

/**
 * RFC 8058 one-click unsubscribe: the mail client POSTs `List-Unsubscribe=One-Click` to the
 * List-Unsubscribe URL, from no page at all, so no cross-site guard applies (the token is the
 * authorisation, and unsubscribing is harmless to the subscriber). Takes effect at once.
 */
export const handler = defineHttpHandler(
  ROUTES.unsubscribe,
  stores.apiKeys,
  async ({ params, query, headers, event }) => {
    const form = OneClickFormSchema.safeParse(readFormBody(event));
    if (!form.success) {
      const issues = issuesFromZod(form.error);
      throw new ValidationError(issues.map((issue) => issue.message).join('; '), issues);
    }
    const result = await unsubscribeByToken(params.id, params.token, stores);
    if (result.kind === 'unknown') {
      return negotiatedPage(404, unknownSubscriptionLinkPage, {
        lang: query.lang,
        acceptLanguage: headers['accept-language'],
      });
    }
    const language = query.lang ?? result.language;
    return inLanguage(htmlPage(200, unsubscribedPage(result.processorName, language)), language, false);
  },
);
