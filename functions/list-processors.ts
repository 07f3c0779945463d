import { registryStores } from '../shared/adapters/registry-stores.js';
import { listTenants } from '../shared/domain/list-tenants.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { json } from '../shared/http/responses.js';
import { ROUTES } from '../shared/wiring/routes.js';

const { apiKeys, tenantDirectory, tenantCounts } = registryStores();

/** The operator's view: a page of processors, newest first, each with its counts. */
export const handler = defineHttpHandler(ROUTES.listProcessors, apiKeys, async ({ query }) => {
  const { items, nextCursor } = await listTenants('processor', query, {
    directory: tenantDirectory,
    counts: tenantCounts,
  });
  return json(200, { processors: items, ...(nextCursor !== undefined && { nextCursor }) });
});
