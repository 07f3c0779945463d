import { registryStores } from '../shared/adapters/registry-stores.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { json } from '../shared/http/responses.js';
import { ROUTES } from '../shared/wiring/routes.js';

const { apiKeys } = registryStores();

export const handler = defineHttpHandler(ROUTES.health, apiKeys, async () => json(200, { status: 'ok' }));
