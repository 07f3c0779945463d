import { registryStores } from '../shared/adapters/registry-stores.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { json } from '../shared/http/responses.js';
import { subprocessorListJsonSchema } from '../shared/views/subprocessor-list-document.js';
import { ROUTES } from '../shared/wiring/routes.js';

const { apiKeys } = registryStores();
const schema = subprocessorListJsonSchema();

/** The JSON Schema of `subprocessor-list` v1, generated from the same zod schema the API answers with. */
export const handler = defineHttpHandler(ROUTES.subprocessorListSchema, apiKeys, async () =>
  json(200, schema, { 'cache-control': 'public, max-age=86400' }),
);
