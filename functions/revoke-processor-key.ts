import { registryStores } from '../shared/adapters/registry-stores.js';
import { revokeApiKey } from '../shared/domain/manage-api-keys.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { noContent } from '../shared/http/responses.js';
import { ROUTES } from '../shared/wiring/routes.js';

const { apiKeys, tenantKeys, clock } = registryStores();

export const handler = defineHttpHandler(ROUTES.revokeProcessorKey, apiKeys, async ({ params, principal }) => {
  await revokeApiKey(
    { type: 'processor', id: params.id },
    params.keyId,
    principal?.type === 'admin' ? 'operator' : 'tenant',
    { keys: tenantKeys, clock },
  );
  return noContent();
});
