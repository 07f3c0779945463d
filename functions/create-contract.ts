import { registryStores } from '../shared/adapters/registry-stores.js';
import { createContract } from '../shared/domain/create-contract.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { json } from '../shared/http/responses.js';
import { ROUTES } from '../shared/wiring/routes.js';

const stores = registryStores();

export const handler = defineHttpHandler(ROUTES.createContract, stores.apiKeys, async ({ params, body }) => {
  const contract = await createContract({ processorId: params.id, ...body }, stores);
  return json(201, { id: contract.id });
});
