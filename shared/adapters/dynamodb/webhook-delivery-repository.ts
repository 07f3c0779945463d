import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ConditionalOutcome, Page, WebhookDeliveryStore } from '../../domain/ports.js';
import type { DeliveryAttempt, WebhookDelivery } from '../../domain/webhook.js';
import { conditionalWrite, oldItemAt } from './conditional-write.js';
import { decodeCursor, nextCursorOf } from './cursor.js';
import { keys, withoutTableAttributes } from './keys.js';

/**
 * Deliveries and their attempt log, in the endpoint's partition (`WEBHOOK#<id>`). Patterns: create
 * a delivery once per `webhook-id` (Put if absent); record an attempt (TransactWrite: the delivery's
 * count and status if it stood at the attempt before + the attempt's log item); the log (Query
 * `ATTEMPT#`, newest first, paged).
 */
export class WebhookDeliveryRepository implements WebhookDeliveryStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(delivery: WebhookDelivery): Promise<ConditionalOutcome<WebhookDelivery>> {
    const result = await conditionalWrite(this.db, {
      Put: {
        TableName: this.tableName,
        Item: { ...keys.webhookDelivery(delivery.webhookId, delivery.messageId), type: 'WebhookDelivery', ...delivery },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
    if (result.written) return { written: true };
    const old = oldItemAt(result);
    return { written: false, current: old === undefined ? undefined : withoutTableAttributes<WebhookDelivery>(old) };
  }

  async get(webhookId: string, messageId: string): Promise<WebhookDelivery | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.webhookDelivery(webhookId, messageId),
        ConsistentRead: true,
      }),
    );
    return Item === undefined ? undefined : withoutTableAttributes<WebhookDelivery>(Item);
  }

  async claimAttempt(
    webhookId: string,
    messageId: string,
    attempt: number,
    at: string,
    staleBefore: string,
  ): Promise<boolean> {
    const result = await conditionalWrite(this.db, {
      Update: {
        TableName: this.tableName,
        Key: keys.webhookDelivery(webhookId, messageId),
        UpdateExpression: 'SET claimedAttempt = :attempt, claimedAt = :at',
        ConditionExpression:
          '#status = :pending AND attempts = :before AND (attribute_not_exists(claimedAttempt) OR claimedAttempt < :attempt OR claimedAt < :stale)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':attempt': attempt,
          ':before': attempt - 1,
          ':pending': 'pending',
          ':at': at,
          ':stale': staleBefore,
        },
      },
    });
    return result.written;
  }

  async recordAttempt(
    webhookId: string,
    attempt: DeliveryAttempt,
    status: WebhookDelivery['status'],
  ): Promise<boolean> {
    const result = await conditionalWrite(this.db, {
      TransactItems: [
        {
          Update: {
            TableName: this.tableName,
            Key: keys.webhookDelivery(webhookId, attempt.messageId),
            UpdateExpression: 'SET attempts = :attempt, #status = :status',
            ConditionExpression: '#status = :pending AND attempts = :before',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':attempt': attempt.attempt,
              ':before': attempt.attempt - 1,
              ':status': status,
              ':pending': 'pending',
            },
          },
        },
        {
          Put: {
            TableName: this.tableName,
            Item: {
              ...keys.webhookAttempt(webhookId, attempt.at, attempt.messageId, attempt.attempt),
              type: 'WebhookAttempt',
              ...attempt,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
    });
    return result.written;
  }

  async attempts(webhookId: string, page: { limit: number; cursor?: string }): Promise<Page<DeliveryAttempt>> {
    const partition = keys.webhookPartition(webhookId);
    const { Items = [], LastEvaluatedKey } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': partition, ':prefix': keys.webhookAttemptPrefix },
        ScanIndexForward: false,
        Limit: page.limit,
        ...(page.cursor !== undefined && {
          ExclusiveStartKey: decodeCursor(page.cursor, {
            pk: { equals: partition },
            sk: { prefix: keys.webhookAttemptPrefix },
          }),
        }),
      }),
    );
    return {
      items: Items.map((item) => withoutTableAttributes<DeliveryAttempt>(item)),
      ...nextCursorOf(LastEvaluatedKey),
    };
  }
}
