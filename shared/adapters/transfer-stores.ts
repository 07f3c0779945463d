import { config } from '../config.js';
import { documentClient } from './aws-clients.js';
import { systemClock } from './clock.js';
import { ApiKeyRepository } from './dynamodb/api-key-repository.js';
import { ContractRepository } from './dynamodb/contract-repository.js';
import { TransferRepository } from './dynamodb/transfer-repository.js';
import { VersionEffectRepository } from './dynamodb/version-effect-repository.js';

/**
 * What the transfer views read, and nothing more, built once per cold start: the keys, the transfer
 * projection, the contracts and the versions' effective times. The three transfer functions carry the
 * views, the CSV writer and the country names: bundling every store of `registryStores` beside them
 * would take them past the 300 KB budget.
 */
function buildTransferStores() {
  const { tableName } = config();
  return {
    apiKeys: new ApiKeyRepository(documentClient, tableName),
    contracts: new ContractRepository(documentClient, tableName),
    transfers: new TransferRepository(documentClient, tableName),
    effects: new VersionEffectRepository(documentClient, tableName),
    clock: systemClock,
  };
}

let stores: ReturnType<typeof buildTransferStores> | undefined;

export function transferStores(): ReturnType<typeof buildTransferStores> {
  stores ??= buildTransferStores();
  return stores;
}
