import { registryStores } from '../shared/adapters/registry-stores.js';
import { updateContract } from '../shared/domain/update-contract.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { json } from '../shared/http/responses.js';
import { DEFAULT_LANGUAGE } from '../shared/i18n/language.js';
import { ROUTES } from '../shared/wiring/routes.js';

const stores = registryStores();

export const handler = defineHttpHandler(ROUTES.updateContract, stores.apiKeys, async ({ params, body }) => {
  const contract = await updateContract(params.id, params.contractId, body, stores);
  // A contract stored before languages existed reads English (its e-mails always were).
  return json(200, { language: DEFAULT_LANGUAGE, ...contract });
});
