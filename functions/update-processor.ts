import { registryStores } from '../shared/adapters/registry-stores.js';
import { updateProcessorProfile } from '../shared/domain/processor-profile.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { json } from '../shared/http/responses.js';
import { ROUTES } from '../shared/wiring/routes.js';

const { apiKeys, processors, clock } = registryStores();

/** Changes the fields sent (one conditional write) and answers the whole profile. */
export const handler = defineHttpHandler(ROUTES.updateProcessor, apiKeys, async ({ params, body }) =>
  json(200, await updateProcessorProfile(params.id, body, { processors, clock })),
);
