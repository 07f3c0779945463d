import { webhookStores } from '../shared/adapters/webhook-stores.js';
import { listDeliveryAttempts } from '../shared/domain/webhook-management.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { json } from '../shared/http/responses.js';
import { ROUTES } from '../shared/wiring/routes.js';

const { apiKeys, webhooks, webhookDeliveries } = webhookStores();

export const handler = defineHttpHandler(ROUTES.listProcessorWebhookDeliveries, apiKeys, async ({ params, query }) => {
  const page = await listDeliveryAttempts({ type: 'processor', id: params.id }, params.webhookId, query, {
    webhooks,
    deliveries: webhookDeliveries,
  });
  return json(200, { deliveries: page.items, ...(page.nextCursor !== undefined && { nextCursor: page.nextCursor }) });
});
