import { registryStores } from '../shared/adapters/registry-stores.js';
import { registerOrganisation } from '../shared/domain/register-organisation.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { json } from '../shared/http/responses.js';
import { ROUTES } from '../shared/wiring/routes.js';

const { apiKeys, processors, clock } = registryStores();

export const handler = defineHttpHandler(ROUTES.createProcessor, apiKeys, async ({ body }) => {
  const created = await registerOrganisation('processor', body, { store: processors, clock });
  return json(201, created, { location: `/processors/${created.id}/subprocessors` });
});
