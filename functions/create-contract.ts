import { registryStores } from '../shared/adapters/registry-stores.js';
import { newId } from '../shared/domain/ids.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { json } from '../shared/http/responses.js';
import { DEFAULT_NOTICE_PERIOD_DAYS } from '../shared/legal/reference.js';
import { ROUTES } from '../shared/wiring/routes.js';

const { apiKeys, contracts, clock } = registryStores();

export const handler = defineHttpHandler(ROUTES.createContract, apiKeys, async ({ params, body }) => {
  const id = newId('ctr');
  await contracts.create({
    id,
    processorId: params.id,
    clientId: body.clientId,
    notifyEmails: [...new Set(body.notifyEmails.map((email) => email.toLowerCase()))],
    noticePeriodDays: body.noticePeriodDays ?? DEFAULT_NOTICE_PERIOD_DAYS,
    ...(body.reference !== undefined && { reference: body.reference }),
    createdAt: clock.now().toISOString(),
  });
  return json(201, { id });
});
