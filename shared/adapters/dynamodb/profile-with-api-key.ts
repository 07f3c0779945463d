import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../../domain/errors.js';
import { conditionalWrite } from './conditional-write.js';
import { type ItemKey, keys } from './keys.js';

/**
 * Stores a tenant's profile and the hash of its API key in one transaction: a tenant never exists
 * without its key, and a key never points at a missing tenant.
 */
export async function putProfileWithApiKey(
  db: DynamoDBDocumentClient,
  tableName: string,
  profile: {
    key: ItemKey;
    type: 'Processor' | 'Client';
    attributes: { id: string; createdAt: string } & Record<string, unknown>;
  },
  apiKeyHash: string,
): Promise<void> {
  const principalType = profile.type === 'Processor' ? 'processor' : 'client';
  const result = await conditionalWrite(db, {
    TransactItems: [
      {
        Put: {
          TableName: tableName,
          Item: { ...profile.attributes, ...profile.key, type: profile.type },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName: tableName,
          Item: {
            ...keys.apiKey(apiKeyHash),
            type: 'ApiKey',
            principalType,
            principalId: profile.attributes.id,
            createdAt: profile.attributes.createdAt,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ],
  });
  if (!result.written) throw new ConflictError(`${principalType} ${profile.attributes.id} already exists`);
}
