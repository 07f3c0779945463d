import { config } from '../config.js';
import { documentClient } from './aws-clients.js';
import { ClientNoticeRepository } from './dynamodb/client-notice-repository.js';
import { ContractClientRepository } from './dynamodb/contract-client-repository.js';
import { type RegistryStores, registryStores } from './registry-stores.js';

/**
 * The registry's stores plus the client's side of its contracts and its notices (issue 11), built
 * once per cold start. Apart from `registryStores` so that only the client routes bundle them: every
 * function bundles `registryStores`, and the transfer functions sit near the 300 KB budget.
 */
function buildClientViewStores() {
  const { tableName } = config();
  return {
    ...registryStores(),
    clientContracts: new ContractClientRepository(documentClient, tableName),
    clientNotices: new ClientNoticeRepository(documentClient, tableName),
  };
}

export type ClientViewStores = RegistryStores & ReturnType<typeof buildClientViewStores>;

let stores: ClientViewStores | undefined;

export function clientViewStores(): ClientViewStores {
  stores ??= buildClientViewStores();
  return stores;
}
