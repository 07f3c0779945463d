import { config } from '../config.js';
import { documentClient } from './aws-clients.js';
import { SubscriptionRepository } from './dynamodb/subscription-repository.js';
import { type RegistryStores, registryStores } from './registry-stores.js';

/**
 * The registry's stores plus the e-mail subscriptions, built once per cold start. Apart from
 * `registryStores` so that only the functions that use subscriptions bundle them: every function
 * bundles `registryStores`, and several sit near the 300 KB budget.
 */
function buildSubscriptionStores() {
  const { tableName } = config();
  return { ...registryStores(), subscriptions: new SubscriptionRepository(documentClient, tableName) };
}

export type SubscriptionStores = RegistryStores & ReturnType<typeof buildSubscriptionStores>;

let stores: SubscriptionStores | undefined;

export function subscriptionStores(): SubscriptionStores {
  stores ??= buildSubscriptionStores();
  return stores;
}
