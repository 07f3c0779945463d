import { registryStores } from '../shared/adapters/registry-stores.js';
import { getProcessorContract } from '../shared/domain/list-contracts.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { json } from '../shared/http/responses.js';
import { ROUTES } from '../shared/wiring/routes.js';

const stores = registryStores();

export const handler = defineHttpHandler(ROUTES.getContract, stores.apiKeys, async ({ params }) =>
  json(200, await getProcessorContract(params.id, params.contractId, stores)),
);
