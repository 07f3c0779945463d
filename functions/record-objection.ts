import { registryStores } from '../shared/adapters/registry-stores.js';
import { DecisionFormSchema, recordDecision, viewByToken } from '../shared/domain/record-decision.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { issuesFromZod } from '../shared/http/issues-from-zod.js';
import { readFormBody } from '../shared/http/request-body.js';
import { htmlPage } from '../shared/http/responses.js';
import { isSameSiteForm } from '../shared/http/same-site-form.js';
import { CROSS_SITE_FORM_PAGE, renderDecisionPage, UNKNOWN_LINK_PAGE } from '../shared/views/objection-page.js';
import { ROUTES } from '../shared/wiring/routes.js';

const stores = registryStores();

/** A person pressed Object or Approve. Records once, with time, IP and user agent. */
export const handler = defineHttpHandler(ROUTES.recordObjection, stores.apiKeys, async ({ params, event, headers }) => {
  if (!isSameSiteForm(headers, event)) return htmlPage(403, CROSS_SITE_FORM_PAGE);
  const form = DecisionFormSchema.safeParse(readFormBody(event));
  if (!form.success) {
    // The same page again, saying which field broke which rule; an unknown token still learns nothing.
    const view = await viewByToken(params.token, stores);
    if (view.kind === 'unknown') return htmlPage(404, UNKNOWN_LINK_PAGE);
    const error = issuesFromZod(form.error)
      .map((issue) => `${issue.message}.`)
      .join(' ');
    return htmlPage(400, renderDecisionPage(view, { error }));
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
  if (result.kind === 'unknown') return htmlPage(404, UNKNOWN_LINK_PAGE);
  if (result.kind === 'closed') return htmlPage(409, renderDecisionPage(result));
  return htmlPage(200, renderDecisionPage(result, { recordedNow: result.recordedNow === true }));
});
