import { registryStores } from '../shared/adapters/registry-stores.js';
import { DecisionFormSchema, recordDecision, viewByToken } from '../shared/domain/record-decision.js';
import { inLanguage } from '../shared/http/content-language.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { issuesFromZod } from '../shared/http/issues-from-zod.js';
import { readFormBody } from '../shared/http/request-body.js';
import { type HttpResult, htmlPage } from '../shared/http/responses.js';
import { isSameSiteForm } from '../shared/http/same-site-form.js';
import { type Language, languageOr } from '../shared/i18n/language.js';
import { negotiateLanguage } from '../shared/i18n/negotiate.js';
import { crossSiteFormPage, renderDecisionPage, unknownLinkPage } from '../shared/views/objection-page.js';
import { ROUTES } from '../shared/wiring/routes.js';

const stores = registryStores();

/**
 * A person pressed Object or Approve. Records once, with time, IP and user agent. The answer is in
 * the language of the page the form was on (its `?lang=`, posted back with it), else the contract's.
 */
export const handler = defineHttpHandler(
  ROUTES.recordObjection,
  stores.apiKeys,
  async ({ params, query, event, headers }) => {
    // Where the contract is not known (yet), the browser's languages decide.
    const unknownContract = (): Language => negotiateLanguage(query.lang, headers['accept-language']);
    const page = (status: number, body: string, language: Language, negotiated = false): HttpResult =>
      inLanguage(htmlPage(status, body), language, negotiated && query.lang === undefined);
    const contractLanguage = (recipient: { language?: Language }) =>
      negotiateLanguage(query.lang, undefined, languageOr(recipient.language));

    // A form posted by a page of another site records nothing, whatever it holds (CSRF; see same-site-form.ts).
    if (!isSameSiteForm(headers, event))
      return page(403, crossSiteFormPage(unknownContract()), unknownContract(), true);
    const form = DecisionFormSchema.safeParse(readFormBody(event));
    if (!form.success) {
      // The same page again, saying which field broke which rule; an unknown token still learns nothing.
      const view = await viewByToken(params.token, stores);
      if (view.kind === 'unknown') return page(404, unknownLinkPage(unknownContract()), unknownContract(), true);
      const language = contractLanguage(view.recipient);
      return page(400, renderDecisionPage(view, language, { issues: issuesFromZod(form.error) }), language);
    }
    const result = await recordDecision(
      params.token,
      {
        ...form.data,
        ip: event.requestContext.http.sourceIp,
        userAgent: event.requestContext.http.userAgent,
      },
      stores,
    );
    if (result.kind === 'unknown') return page(404, unknownLinkPage(unknownContract()), unknownContract(), true);
    const language = contractLanguage(result.recipient);
    if (result.kind === 'closed') return page(409, renderDecisionPage(result, language), language);
    return page(200, renderDecisionPage(result, language, { recordedNow: result.recordedNow === true }), language);
  },
);
