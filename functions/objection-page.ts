import { registryStores } from '../shared/adapters/registry-stores.js';
import { viewByToken } from '../shared/domain/record-decision.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { htmlPage } from '../shared/http/responses.js';
import { renderDecisionPage, UNKNOWN_LINK_PAGE } from '../shared/views/objection-page.js';
import { ROUTES } from '../shared/wiring/routes.js';

const stores = registryStores();

/** GET and HEAD only show: loading, prefetching or scanning the link records nothing. */
export const handler = defineHttpHandler(ROUTES.objectionPage, stores.apiKeys, async ({ params, event }) => {
  const method = event.requestContext.http.method;
  const view = await viewByToken(params.token, stores);
  if (view.kind === 'unknown') return htmlPage(404, UNKNOWN_LINK_PAGE, method);
  return htmlPage(200, renderDecisionPage(view), method);
});
