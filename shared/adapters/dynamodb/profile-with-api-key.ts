import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { IssuedApiKey } from '../../domain/api-key.js';
import { ConflictError } from '../../domain/errors.js';
import { apiKeyItems } from './api-key-items.js';
import { conditionalWrite } from './conditional-write.js';
import { type ItemKey, keys } from './keys.js';

/**
 * Stores a tenant's profile and its first API key in one transaction: a tenant never exists without
 * its key, and a key never points at a missing tenant. The profile counts the key (`apiKeyCount`,
 * the guard of "not the last key") and joins the operator's list (gsi1, by creation time).
 */
export async function putProfileWithApiKey(
  db: DynamoDBDocumentClient,
  tableName: string,
  profile: {
    key: ItemKey;
    type: 'Processor' | 'Client';
    attributes: { id: string; createdAt: string } & Record<string, unknown>;
  },
  apiKey: IssuedApiKey,
): Promise<void> {
  const principalType = profile.type === 'Processor' ? 'processor' : 'client';
  const tenant = { type: principalType, id: profile.attributes.id } as const;
  const [lookup, entry] = apiKeyItems(tenant, apiKey);
  const result = await conditionalWrite(db, {
    TransactItems: [
      {
        Put: {
          TableName: tableName,
          Item: {
            ...profile.attributes,
            ...profile.key,
            ...keys.tenantListing(principalType, profile.attributes.createdAt, profile.attributes.id),
            type: profile.type,
            apiKeyCount: 1,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      { Put: { TableName: tableName, Item: lookup, ConditionExpression: 'attribute_not_exists(pk)' } },
      { Put: { TableName: tableName, Item: entry, ConditionExpression: 'attribute_not_exists(pk)' } },
    ],
  });
  if (!result.written) throw new ConflictError(`${principalType} ${profile.attributes.id} already exists`);
}
