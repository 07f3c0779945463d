import { registryStores } from '../shared/adapters/registry-stores.js';
import { getProcessorProfile } from '../shared/domain/processor-profile.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { json } from '../shared/http/responses.js';
import { ROUTES } from '../shared/wiring/routes.js';

const { apiKeys, processors } = registryStores();

/** The vendor's profile, for the vendor itself or the operator who registered it. */
export const handler = defineHttpHandler(ROUTES.getProcessor, apiKeys, async ({ params }) =>
  json(200, await getProcessorProfile(params.id, { processors })),
);
