import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Tenant } from '../../domain/api-key.js';
import type { WebhookStore } from '../../domain/ports.js';
import type { WebhookEndpoint, WebhookEventType } from '../../domain/webhook.js';
import { conditionalWrite } from './conditional-write.js';
import { keys, withoutTableAttributes } from './keys.js';
import { queryAll } from './query-all.js';

/**
 * Webhook endpoints, one item each in their tenant's partition (`WEBHOOK#<id>`). Patterns: create
 * (TransactWrite: the profile's `webhookCount` below the cap + the endpoint); list (Query `WEBHOOK#`
 * in the tenant's partition, at most MAX_WEBHOOKS_PER_TENANT items); get (GetItem); delete
 * (TransactWrite: status `deleted` + count down). A deleted endpoint stays, with its delivery log.
 */
export class WebhookRepository implements WebhookStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(endpoint: WebhookEndpoint, max: number): Promise<'created' | 'no-tenant' | 'full'> {
    const result = await conditionalWrite(this.db, {
      TransactItems: [
        {
          Update: {
            TableName: this.tableName,
            Key: keys.tenantProfile(endpoint.owner),
            UpdateExpression: 'SET webhookCount = if_not_exists(webhookCount, :zero) + :one',
            ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(webhookCount) OR webhookCount < :max)',
            ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':max': max },
          },
        },
        {
          Put: {
            TableName: this.tableName,
            Item: { ...keys.webhook(endpoint.owner, endpoint.id), type: 'Webhook', ...endpoint },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
    });
    if (result.written) return 'created';
    const profile = result.failures.find((failure) => failure.index === 0);
    if (profile !== undefined) return profile.oldItem === undefined ? 'no-tenant' : 'full';
    throw new Error(`webhook id ${endpoint.id} drawn twice`);
  }

  async list(owner: Tenant): Promise<WebhookEndpoint[] | undefined> {
    const profile = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.tenantProfile(owner), ProjectionExpression: 'pk' }),
    );
    if (profile.Item === undefined) return undefined;
    const all = await this.all(owner);
    return all
      .filter((endpoint) => endpoint.status !== 'deleted')
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async get(owner: Tenant, webhookId: string): Promise<WebhookEndpoint | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.webhook(owner, webhookId), ConsistentRead: true }),
    );
    return Item === undefined ? undefined : withoutTableAttributes<WebhookEndpoint>(Item);
  }

  async delete(owner: Tenant, webhookId: string, at: string): Promise<boolean> {
    const result = await conditionalWrite(this.db, {
      TransactItems: [
        {
          Update: {
            TableName: this.tableName,
            Key: keys.webhook(owner, webhookId),
            UpdateExpression: 'SET #status = :deleted, deletedAt = :at',
            ConditionExpression: 'attribute_exists(pk) AND #status <> :deleted',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':deleted': 'deleted', ':at': at },
          },
        },
        {
          Update: {
            TableName: this.tableName,
            Key: keys.tenantProfile(owner),
            UpdateExpression: 'SET webhookCount = webhookCount - :one',
            ConditionExpression: 'webhookCount > :zero',
            ExpressionAttributeValues: { ':zero': 0, ':one': 1 },
          },
        },
      ],
    });
    return result.written;
  }

  async subscribedTo(owner: Tenant, type: WebhookEventType): Promise<WebhookEndpoint[]> {
    const all = await this.all(owner);
    return all.filter((endpoint) => endpoint.status === 'enabled' && endpoint.events.includes(type));
  }

  async recordSuccess(owner: Tenant, webhookId: string, at: string): Promise<void> {
    // Only ever moves forward: a late record of an earlier success does not hide a later one.
    await conditionalWrite(this.db, {
      Update: {
        TableName: this.tableName,
        Key: keys.webhook(owner, webhookId),
        UpdateExpression: 'SET lastSuccessAt = :at',
        ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(lastSuccessAt) OR lastSuccessAt < :at)',
        ExpressionAttributeValues: { ':at': at },
      },
    });
  }

  async disableUnlessSucceededSince(owner: Tenant, webhookId: string, since: string, at: string): Promise<boolean> {
    const result = await conditionalWrite(this.db, {
      Update: {
        TableName: this.tableName,
        Key: keys.webhook(owner, webhookId),
        UpdateExpression: 'SET #status = :disabled, disabledAt = :at',
        ConditionExpression: '#status = :enabled AND (attribute_not_exists(lastSuccessAt) OR lastSuccessAt < :since)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':disabled': 'disabled', ':enabled': 'enabled', ':at': at, ':since': since },
      },
    });
    return result.written;
  }

  private all(owner: Tenant): Promise<WebhookEndpoint[]> {
    return queryAll(
      this.db,
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.tenantPartition(owner), ':prefix': keys.webhookPrefix },
        ConsistentRead: true,
      },
      (item) => withoutTableAttributes<WebhookEndpoint>(item),
    );
  }
}
