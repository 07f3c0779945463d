import { registryStores } from '../shared/adapters/registry-stores.js';
import { recordDecision, viewByToken } from '../shared/domain/record-decision.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { readFormBody } from '../shared/http/request-body.js';
import { htmlPage } from '../shared/http/responses.js';
import { isSameSiteForm } from '../shared/http/same-site-form.js';
import { CROSS_SITE_FORM_PAGE, renderDecisionPage, UNKNOWN_LINK_PAGE } from '../shared/views/objection-page.js';
import { ROUTES } from '../shared/wiring/routes.js';

const stores = registryStores();

/** A person pressed Object or Approve. Records once, with time, IP and user agent. */
export const handler = defineHttpHandler(ROUTES.recordObjection, stores.apiKeys, async ({ params, event, headers }) => {
  if (!isSameSiteForm(headers, event)) return htmlPage(403, CROSS_SITE_FORM_PAGE);
  const { decision, grounds } = readFormBody(event);
  const invalid =
    decision !== 'object' && decision !== 'approve'
      ? 'decision: press Object or Approve.'
      : grounds !== undefined && grounds.length > 5000
        ? 'grounds: at most 5,000 characters.'
        : undefined;
  if (invalid !== undefined || (decision !== 'object' && decision !== 'approve')) {
    const view = await viewByToken(params.token, stores);
    if (view.kind === 'unknown') return htmlPage(404, UNKNOWN_LINK_PAGE);
    return htmlPage(400, renderDecisionPage(view, { error: invalid ?? '' }));
  }
  const result = await recordDecision(
    params.token,
    {
      decision,
      ...(grounds !== undefined && { grounds }),
      ip: event.requestContext.http.sourceIp,
      userAgent: event.requestContext.http.userAgent,
    },
    stores,
  );
  if (result.kind === 'unknown') return htmlPage(404, UNKNOWN_LINK_PAGE);
  if (result.kind === 'closed') return htmlPage(409, renderDecisionPage(result));
  return htmlPage(200, renderDecisionPage(result, { recordedNow: result.recordedNow === true }));
});
