import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { conditionalWrite } from './conditional-write.js';
import type { ItemKey } from './keys.js';

/**
 * The permanent record of an e-mail that must go out once (a reminder, a vendor e-mail, a withdrawal
 * notice): claimed before the send, completed with its message id after it, given back if the send
 * failed. One item per e-mail, never deleted: it keeps a redelivered trigger from sending again, and it
 * is evidence of what was said. The record's own `complete` differs per e-mail; claim and release do not.
 */

/**
 * Creates the record on the first claim, with `attributes` (its type and what it is about; names are
 * plain identifiers, used as their own placeholders); a later
 * claim wins only over a stale one (older than `staleBefore`) and never after the send.
 */
export async function claimSendRecord(
  db: DynamoDBDocumentClient,
  tableName: string,
  key: ItemKey,
  attributes: Record<string, string>,
  at: string,
  staleBefore: string,
): Promise<boolean> {
  const names = Object.keys(attributes);
  const result = await conditionalWrite(db, {
    Update: {
      TableName: tableName,
      Key: key,
      UpdateExpression: `SET ${names.map((name) => `#${name} = :${name}`).join(', ')}, claimedAt = :at`,
      ConditionExpression:
        'attribute_not_exists(messageId) AND (attribute_not_exists(claimedAt) OR claimedAt < :stale)',
      ExpressionAttributeNames: Object.fromEntries(names.map((name) => [`#${name}`, name])),
      ExpressionAttributeValues: {
        ...Object.fromEntries(names.map((name) => [`:${name}`, attributes[name]])),
        ':at': at,
        ':stale': staleBefore,
      },
    },
  });
  return result.written;
}

/** Gives back the claim taken at `claimedAt` after its send failed; a claim taken over meanwhile, or a send recorded, is left alone. */
export async function releaseSendRecord(
  db: DynamoDBDocumentClient,
  tableName: string,
  key: ItemKey,
  claimedAt: string,
): Promise<void> {
  await conditionalWrite(db, {
    Update: {
      TableName: tableName,
      Key: key,
      UpdateExpression: 'REMOVE claimedAt',
      ConditionExpression: 'claimedAt = :at AND attribute_not_exists(messageId)',
      ExpressionAttributeValues: { ':at': claimedAt },
    },
  });
}
