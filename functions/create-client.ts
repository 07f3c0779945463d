import { registryStores } from '../shared/adapters/registry-stores.js';
import { registerOrganisation } from '../shared/domain/register-organisation.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { json } from '../shared/http/responses.js';
import { ROUTES } from '../shared/wiring/routes.js';

const { apiKeys, clients, clock } = registryStores();

export const handler = defineHttpHandler(ROUTES.createClient, apiKeys, async ({ body }) =>
  json(201, await registerOrganisation('client', body, { store: clients, clock })),
);
