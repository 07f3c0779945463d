import { registryStores } from '../shared/adapters/registry-stores.js';
import { publicListOf } from '../shared/domain/public-list.js';
import { SUBPROCESSOR_LIST_SCHEMA_PATH } from '../shared/http/api-schemas.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { requestOrigin } from '../shared/http/request-origin.js';
import { cacheableDocument } from '../shared/http/responses.js';
import { publicListDocument } from '../shared/views/subprocessor-list-document.js';
import { ROUTES } from '../shared/wiring/routes.js';

const stores = registryStores();

/** A processor's list in the versioned format `subprocessor-list` v1: public, cacheable. */
export const handler = defineHttpHandler(ROUTES.getTrustList, stores.apiKeys, async ({ params, headers, event }) => {
  const origin = requestOrigin(event);
  const document = publicListDocument(await publicListOf(params.id, stores), {
    schema: `${origin}${SUBPROCESSOR_LIST_SCHEMA_PATH}`,
    feed: `${origin}/trust/${encodeURIComponent(params.id)}/feed.atom`,
  });
  return cacheableDocument(JSON.stringify(document), 'application/json; charset=utf-8', headers['if-none-match']);
});
