import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { ApiKeyStore, AuthenticatedKey, KeyUse } from '../../domain/ports.js';
import { conditionalWrite } from './conditional-write.js';
import { keys } from './keys.js';

/**
 * API keys as authentication sees them. Patterns: the key by its hash (one consistent GetItem per
 * authenticated request: a revoked key fails on the very next request); record its use (a
 * transaction at most once an hour per key, which adopts a key stored before keys had ids).
 */
export class ApiKeyRepository implements ApiKeyStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async find(apiKeyHash: string): Promise<AuthenticatedKey | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.apiKey(apiKeyHash), ConsistentRead: true }),
    );
    if (Item === undefined || Item.revokedAt !== undefined) return undefined;
    const type = Item.principalType;
    if (type !== 'processor' && type !== 'client') return undefined;
    return {
      tenant: { type, id: String(Item.principalId) },
      keyId: typeof Item.keyId === 'string' ? Item.keyId : undefined,
      createdAt: String(Item.createdAt),
      ...(typeof Item.lastUsedAt === 'string' && { lastUsedAt: Item.lastUsedAt }),
    };
  }

  /**
   * The lookup item's condition decides: only the request that finds the last use an hour old (or
   * none) writes, so concurrent requests at the turn of the hour record one use between them.
   */
  async recordUse(use: KeyUse): Promise<boolean> {
    const lookup = {
      TableName: this.tableName,
      Key: keys.apiKey(use.hash),
      ExpressionAttributeValues: { ':at': use.at, ':before': use.lastUsedBefore },
    };
    const result = await conditionalWrite(
      this.db,
      use.adopt === undefined
        ? {
            TransactItems: [
              {
                Update: {
                  ...lookup,
                  UpdateExpression: 'SET lastUsedAt = :at',
                  ConditionExpression:
                    'attribute_exists(pk) AND attribute_not_exists(revokedAt) AND (attribute_not_exists(lastUsedAt) OR lastUsedAt <= :before)',
                },
              },
              {
                Update: {
                  TableName: this.tableName,
                  Key: keys.tenantApiKey(use.tenant, use.keyId),
                  UpdateExpression: 'SET lastUsedAt = :at',
                  ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(revokedAt)',
                  ExpressionAttributeValues: { ':at': use.at },
                },
              },
            ],
          }
        : {
            // A key from before keys had ids: give it its id, its tenant's entry and its place in
            // the tenant's key count, once (the lookup item's keyId is the guard).
            TransactItems: [
              {
                Update: {
                  ...lookup,
                  UpdateExpression: 'SET lastUsedAt = :at, keyId = :keyId',
                  ConditionExpression:
                    'attribute_exists(pk) AND attribute_not_exists(revokedAt) AND attribute_not_exists(keyId) AND (attribute_not_exists(lastUsedAt) OR lastUsedAt <= :before)',
                  ExpressionAttributeValues: { ...lookup.ExpressionAttributeValues, ':keyId': use.keyId },
                },
              },
              {
                Put: {
                  TableName: this.tableName,
                  Item: {
                    ...keys.tenantApiKey(use.tenant, use.keyId),
                    type: 'TenantApiKey',
                    keyId: use.keyId,
                    label: use.adopt.label,
                    prefix: use.adopt.prefix,
                    createdAt: use.adopt.createdAt,
                    lastUsedAt: use.at,
                    apiKeyHash: use.hash,
                  },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              {
                // The profile was written with the key, at the same createdAt: it joins the operator's list.
                Update: {
                  TableName: this.tableName,
                  Key: keys.tenantProfile(use.tenant),
                  UpdateExpression:
                    'ADD apiKeyCount :one SET gsi1pk = if_not_exists(gsi1pk, :gsi1pk), gsi1sk = if_not_exists(gsi1sk, :gsi1sk)',
                  ConditionExpression: 'attribute_exists(pk)',
                  ExpressionAttributeValues: {
                    ':one': 1,
                    ...prefixed(keys.tenantListing(use.tenant.type, use.adopt.createdAt, use.tenant.id)),
                  },
                },
              },
            ],
          },
    );
    return result.written;
  }
}

const prefixed = (listing: { gsi1pk: string; gsi1sk: string }) => ({
  ':gsi1pk': listing.gsi1pk,
  ':gsi1sk': listing.gsi1sk,
});
