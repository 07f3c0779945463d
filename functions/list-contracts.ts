import { registryStores } from '../shared/adapters/registry-stores.js';
import { listProcessorContracts } from '../shared/domain/list-contracts.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { json } from '../shared/http/responses.js';
import { ROUTES } from '../shared/wiring/routes.js';

const stores = registryStores();

export const handler = defineHttpHandler(ROUTES.listContracts, stores.apiKeys, async ({ params, query }) => {
  const page = await listProcessorContracts(
    params.id,
    {
      limit: query.limit,
      ...(query.state !== undefined && { state: query.state }),
      ...(query.cursor !== undefined && { cursor: query.cursor }),
    },
    stores,
  );
  return json(200, { contracts: page.items, ...(page.nextCursor !== undefined && { nextCursor: page.nextCursor }) });
});
