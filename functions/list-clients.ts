import { registryStores } from '../shared/adapters/registry-stores.js';
import { listTenants } from '../shared/domain/list-tenants.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { json } from '../shared/http/responses.js';
import { ROUTES } from '../shared/wiring/routes.js';

const { apiKeys, tenantDirectory, tenantCounts } = registryStores();

/** The operator's view: a page of clients, newest first, each with its counts. */
export const handler = defineHttpHandler(ROUTES.listClients, apiKeys, async ({ query }) => {
  const { items, nextCursor } = await listTenants('client', query, {
    directory: tenantDirectory,
    counts: tenantCounts,
  });
  return json(200, { clients: items, ...(nextCursor !== undefined && { nextCursor }) });
});
