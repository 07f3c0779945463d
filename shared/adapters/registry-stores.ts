import { config } from '../config.js';
import { documentClient, eventBridgeClient } from './aws-clients.js';
import { systemClock } from './clock.js';
import { ApiKeyRepository } from './dynamodb/api-key-repository.js';
import { ClientRepository } from './dynamodb/client-repository.js';
import { ContractRepository } from './dynamodb/contract-repository.js';
import { ListVersionRepository } from './dynamodb/list-version-repository.js';
import { NoticeRepository } from './dynamodb/notice-repository.js';
import { ProcessorRepository } from './dynamodb/processor-repository.js';
import { RecipientRepository } from './dynamodb/recipient-repository.js';
import { ReminderRepository } from './dynamodb/reminder-repository.js';
import { SubscriptionRepository } from './dynamodb/subscription-repository.js';
import { TenantApiKeyRepository } from './dynamodb/tenant-api-key-repository.js';
import { TenantCountRepository } from './dynamodb/tenant-count-repository.js';
import { TenantDirectoryRepository } from './dynamodb/tenant-directory-repository.js';
import { TransferRepository } from './dynamodb/transfer-repository.js';
import { VendorEmailRepository } from './dynamodb/vendor-email-repository.js';
import { VersionEffectRepository } from './dynamodb/version-effect-repository.js';
import { EventBridgePublisher } from './event-publisher.js';

/** The adapters every function uses, built once per cold start on the shared DynamoDB client. */
function buildStores() {
  const { tableName, eventBusName } = config();
  return {
    processors: new ProcessorRepository(documentClient, tableName),
    clients: new ClientRepository(documentClient, tableName),
    apiKeys: new ApiKeyRepository(documentClient, tableName),
    tenantKeys: new TenantApiKeyRepository(documentClient, tableName),
    tenantDirectory: new TenantDirectoryRepository(documentClient, tableName),
    tenantCounts: new TenantCountRepository(documentClient, tableName),
    contracts: new ContractRepository(documentClient, tableName),
    listVersions: new ListVersionRepository(documentClient, tableName),
    effects: new VersionEffectRepository(documentClient, tableName),
    notices: new NoticeRepository(documentClient, tableName),
    recipients: new RecipientRepository(documentClient, tableName),
    transfers: new TransferRepository(documentClient, tableName),
    vendorEmails: new VendorEmailRepository(documentClient, tableName),
    reminders: new ReminderRepository(documentClient, tableName),
    subscriptions: new SubscriptionRepository(documentClient, tableName),
    events: new EventBridgePublisher(eventBridgeClient, eventBusName),
    clock: systemClock,
  };
}

export type RegistryStores = ReturnType<typeof buildStores>;

let stores: RegistryStores | undefined;

export function registryStores(): RegistryStores {
  stores ??= buildStores();
  return stores;
}
