import { webhookStores } from '../shared/adapters/webhook-stores.js';
import { getWebhook } from '../shared/domain/webhook-management.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { json } from '../shared/http/responses.js';
import { ROUTES } from '../shared/wiring/routes.js';

const { apiKeys, webhooks } = webhookStores();

export const handler = defineHttpHandler(ROUTES.getClientWebhook, apiKeys, async ({ params }) =>
  json(200, await getWebhook({ type: 'client', id: params.id }, params.webhookId, { webhooks })),
);
