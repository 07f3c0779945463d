import { lookup } from 'node:dns/promises';
import { webhookStores } from '../shared/adapters/webhook-stores.js';
import { createWebhook } from '../shared/domain/webhook-management.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { json } from '../shared/http/responses.js';
import { webhookUrlPolicy } from '../shared/webhook-config.js';
import { ROUTES } from '../shared/wiring/routes.js';

const { apiKeys, webhooks, clock } = webhookStores();
const policy = webhookUrlPolicy();
const resolve = async (host: string) => (await lookup(host, { all: true })).map((entry) => entry.address);

export const handler = defineHttpHandler(ROUTES.createProcessorWebhook, apiKeys, async ({ params, body }) =>
  json(201, await createWebhook({ type: 'processor', id: params.id }, body, { webhooks, clock, policy, resolve })),
);
