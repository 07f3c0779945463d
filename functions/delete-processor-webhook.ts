import { webhookStores } from '../shared/adapters/webhook-stores.js';
import { deleteWebhook } from '../shared/domain/webhook-management.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { noContent } from '../shared/http/responses.js';
import { ROUTES } from '../shared/wiring/routes.js';

const { apiKeys, webhooks, clock } = webhookStores();

export const handler = defineHttpHandler(ROUTES.deleteProcessorWebhook, apiKeys, async ({ params }) => {
  await deleteWebhook({ type: 'processor', id: params.id }, params.webhookId, { webhooks, clock });
  return noContent();
});
