import { webhookStores } from '../shared/adapters/webhook-stores.js';
import { listWebhooks } from '../shared/domain/webhook-management.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { json } from '../shared/http/responses.js';
import { ROUTES } from '../shared/wiring/routes.js';

const { apiKeys, webhooks } = webhookStores();

export const handler = defineHttpHandler(ROUTES.listProcessorWebhooks, apiKeys, async ({ params }) =>
  json(200, { webhooks: await listWebhooks({ type: 'processor', id: params.id }, { webhooks }) }),
);
