import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { ApiKeySummary, IssuedApiKey, Tenant } from '../../domain/api-key.js';
import { ConflictError } from '../../domain/errors.js';
import type { TenantApiKeyStore } from '../../domain/ports.js';
import { apiKeyItems } from './api-key-items.js';
import { type ConditionalWriteResult, conditionalWrite, oldItemAt } from './conditional-write.js';
import { keys } from './keys.js';
import { queryAll } from './query-all.js';

/**
 * How often a key write that collided with another transaction on the same tenant (a concurrent
 * create or revoke: `TransactionConflict`, no condition failed) is tried again before answering 409.
 * Each try reads afresh, so the retry decides on the state the other write left.
 */
const CONFLICT_ATTEMPTS = 4;

function isTransactionConflict(error: unknown): boolean {
  return (
    error instanceof TransactionCanceledException &&
    (error.CancellationReasons ?? []).some((reason) => reason.Code === 'TransactionConflict')
  );
}

async function retryingConflicts<T>(tenant: Tenant, run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (!isTransactionConflict(error)) throw error;
      if (attempt >= CONFLICT_ATTEMPTS) {
        throw new ConflictError(`the keys of ${tenant.type} ${tenant.id} are being changed concurrently: send again`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 30));
    }
  }
}

/**
 * A tenant's API keys. Patterns: add a key (TransactWrite: count on the profile if below the cap +
 * lookup item + tenant's entry); list (Query `KEY#` in the tenant's partition); revoke (GetItem of the
 * entry, then TransactWrite: entry and lookup item `revokedAt`, count down if it stays at or above
 * the floor). The profile's `apiKeyCount` is what makes "not the last key" hold under concurrency:
 * every add and revoke is conditioned on it in the same transaction. Revoked keys stay as evidence of
 * which key did what (decisions record a key id); they no longer authenticate nor list.
 */
export class TenantApiKeyRepository implements TenantApiKeyStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  add(tenant: Tenant, key: IssuedApiKey, max: number): Promise<'added' | 'no-tenant' | 'full'> {
    const [lookup, entry] = apiKeyItems(tenant, key);
    return retryingConflicts(tenant, async () => {
      const result = await conditionalWrite(this.db, {
        TransactItems: [
          {
            Update: {
              TableName: this.tableName,
              Key: keys.tenantProfile(tenant),
              UpdateExpression: 'ADD apiKeyCount :one',
              ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(apiKeyCount) OR apiKeyCount < :max)',
              ExpressionAttributeValues: { ':one': 1, ':max': max },
            },
          },
          { Put: { TableName: this.tableName, Item: lookup, ConditionExpression: 'attribute_not_exists(pk)' } },
          { Put: { TableName: this.tableName, Item: entry, ConditionExpression: 'attribute_not_exists(pk)' } },
        ],
      });
      if (result.written) return 'added';
      if (failedAt(result, 0)) return oldItemAt(result, 0) === undefined ? 'no-tenant' : 'full';
      // 256 random bits or 96-bit ids colliding: nothing was written, the caller may send again.
      throw new ConflictError(`the new key of ${tenant.type} ${tenant.id} collided with another: send again`);
    });
  }

  async list(tenant: Tenant): Promise<ApiKeySummary[] | undefined> {
    const [profile, entries] = await Promise.all([
      this.db.send(
        new GetCommand({ TableName: this.tableName, Key: keys.tenantProfile(tenant), ProjectionExpression: 'pk' }),
      ),
      queryAll(
        this.db,
        {
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          FilterExpression: 'attribute_not_exists(revokedAt)',
          ExpressionAttributeValues: { ':pk': keys.tenantPartition(tenant), ':prefix': keys.tenantApiKeyPrefix },
          ConsistentRead: true,
        },
        (item): ApiKeySummary => ({
          id: String(item.keyId),
          label: String(item.label),
          prefix: String(item.prefix),
          createdAt: String(item.createdAt),
          lastUsedAt: typeof item.lastUsedAt === 'string' ? item.lastUsedAt : null,
        }),
      ),
    ]);
    if (profile.Item === undefined) return undefined;
    return entries.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  revoke(tenant: Tenant, keyId: string, at: string, keepAtLeast: number): Promise<'revoked' | 'no-key' | 'last-key'> {
    return retryingConflicts(tenant, async () => {
      const { Item } = await this.db.send(
        new GetCommand({ TableName: this.tableName, Key: keys.tenantApiKey(tenant, keyId), ConsistentRead: true }),
      );
      if (Item === undefined || Item.revokedAt !== undefined || typeof Item.apiKeyHash !== 'string') return 'no-key';
      const result = await conditionalWrite(this.db, {
        TransactItems: [
          {
            Update: {
              TableName: this.tableName,
              Key: keys.tenantApiKey(tenant, keyId),
              UpdateExpression: 'SET revokedAt = :at',
              ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(revokedAt)',
              ExpressionAttributeValues: { ':at': at },
            },
          },
          {
            Update: {
              TableName: this.tableName,
              Key: keys.apiKey(Item.apiKeyHash),
              UpdateExpression: 'SET revokedAt = :at',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeValues: { ':at': at },
            },
          },
          {
            Update: {
              TableName: this.tableName,
              Key: keys.tenantProfile(tenant),
              UpdateExpression: 'ADD apiKeyCount :minusOne',
              ConditionExpression: 'apiKeyCount > :floor',
              ExpressionAttributeValues: { ':minusOne': -1, ':floor': keepAtLeast },
            },
          },
        ],
      });
      if (result.written) return 'revoked';
      // Revoked by a concurrent request between the read and the write: gone either way.
      if (failedAt(result, 0) || failedAt(result, 1)) return 'no-key';
      return 'last-key';
    });
  }
}

function failedAt(result: ConditionalWriteResult, index: number): boolean {
  return !result.written && result.failures.some((failure) => failure.index === index);
}
