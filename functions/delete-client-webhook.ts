import { webhookStores } from '../shared/adapters/webhook-stores.js';
import { deleteWebhook } from '../shared/domain/webhook-management.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { noContent } from '../shared/http/responses.js';
import { ROUTES } from '../shared/wiring/routes.js';

const { apiKeys, webhooks, clock } = webhookStores();

export const handler = defineHttpHandler(ROUTES.deleteClientWebhook, apiKeys, async ({ params }) => {
  await deleteWebhook({ type: 'client', id: params.id }, params.webhookId, { webhooks, clock });
  return noContent();
});
