import { registryStores } from '../shared/adapters/registry-stores.js';
import { createApiKey } from '../shared/domain/manage-api-keys.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { json } from '../shared/http/responses.js';
import { ROUTES } from '../shared/wiring/routes.js';

const { apiKeys, tenantKeys, clock } = registryStores();

export const handler = defineHttpHandler(ROUTES.createProcessorKey, apiKeys, async ({ params, body }) =>
  json(201, await createApiKey({ type: 'processor', id: params.id }, body.label, { keys: tenantKeys, clock })),
);
