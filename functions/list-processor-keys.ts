import { registryStores } from '../shared/adapters/registry-stores.js';
import { listApiKeys } from '../shared/domain/manage-api-keys.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { json } from '../shared/http/responses.js';
import { ROUTES } from '../shared/wiring/routes.js';

const { apiKeys, tenantKeys } = registryStores();

export const handler = defineHttpHandler(ROUTES.listProcessorKeys, apiKeys, async ({ params }) =>
  json(200, { keys: await listApiKeys({ type: 'processor', id: params.id }, { keys: tenantKeys }) }),
);
