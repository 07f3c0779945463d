import { config } from '../config.js';
import { documentClient } from './aws-clients.js';
import { WebhookDeliveryRepository } from './dynamodb/webhook-delivery-repository.js';
import { WebhookRepository } from './dynamodb/webhook-repository.js';
import { type RegistryStores, registryStores } from './registry-stores.js';

/**
 * The registry's stores plus the webhook endpoints and their deliveries, built once per cold start.
 * Apart from `registryStores` so that only the webhook functions bundle them: every function bundles
 * `registryStores`, and the transfer functions sit near the 300 KB budget.
 */
function buildWebhookStores() {
  const { tableName } = config();
  return {
    ...registryStores(),
    webhooks: new WebhookRepository(documentClient, tableName),
    webhookDeliveries: new WebhookDeliveryRepository(documentClient, tableName),
  };
}

export type WebhookStores = RegistryStores & ReturnType<typeof buildWebhookStores>;

let stores: WebhookStores | undefined;

export function webhookStores(): WebhookStores {
  stores ??= buildWebhookStores();
  return stores;
}
