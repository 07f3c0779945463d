import { clientViewStores } from '../shared/adapters/client-view-stores.js';
import { listClientContracts } from '../shared/domain/list-contracts.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { json } from '../shared/http/responses.js';
import { ROUTES } from '../shared/wiring/routes.js';

const stores = clientViewStores();

export const handler = defineHttpHandler(ROUTES.listClientContracts, stores.apiKeys, async ({ params, query }) => {
  const page = await listClientContracts(
    params.id,
    { limit: query.limit, ...(query.cursor !== undefined && { cursor: query.cursor }) },
    stores,
  );
  return json(200, { contracts: page.items, ...(page.nextCursor !== undefined && { nextCursor: page.nextCursor }) });
});
