import { clientViewStores } from '../shared/adapters/client-view-stores.js';
import { setContractConfirmation } from '../shared/domain/contract-confirmation.js';
import { contractView } from '../shared/domain/contract-state.js';
import { apiKeyOrigin } from '../shared/http/api-key-origin.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { json } from '../shared/http/responses.js';
import { ROUTES } from '../shared/wiring/routes.js';

const stores = clientViewStores();

export const handler = defineHttpHandler(ROUTES.disputeContract, stores.apiKeys, async ({ params, principal }) => {
  const { contract } = await setContractConfirmation(
    params.id,
    params.contractId,
    'disputed',
    apiKeyOrigin(principal),
    stores,
  );
  return json(200, contractView(contract));
});
