import { registryStores } from '../shared/adapters/registry-stores.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { openApiDocument } from '../shared/http/openapi.js';
import { json } from '../shared/http/responses.js';
import { ROUTES } from '../shared/wiring/routes.js';

const { apiKeys } = registryStores();
const document = openApiDocument();

export const handler = defineHttpHandler(ROUTES.openapi, apiKeys, async () => json(200, document));
