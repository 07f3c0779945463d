import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Tenant } from '../../domain/api-key.js';
import type { Page, TenantDirectory, TenantSummary } from '../../domain/ports.js';
import { decodeCursor, nextCursorOf } from './cursor.js';
import { keys } from './keys.js';

/**
 * The tenants of one kind, newest first: Query gsi1 `TENANTS#PROCESSOR` (or `TENANTS#CLIENT`),
 * descending by `<createdAt>#<id>`, on the profile items (the operator's view).
 */
export class TenantDirectoryRepository implements TenantDirectory {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async page(type: Tenant['type'], page: { limit: number; cursor?: string }): Promise<Page<TenantSummary>> {
    const partition = keys.tenantsOf(type);
    const { Items = [], LastEvaluatedKey } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': partition },
        ExpressionAttributeNames: { '#name': 'name' },
        ProjectionExpression: 'id, #name, createdAt',
        ScanIndexForward: false,
        Limit: page.limit,
        ...(page.cursor !== undefined && {
          ExclusiveStartKey: decodeCursor(page.cursor, {
            gsi1pk: { equals: partition },
            gsi1sk: { prefix: '' },
            pk: { prefix: keys.tenantPartition({ type, id: '' }) },
            sk: { equals: keys.tenantProfile({ type, id: '' }).sk },
          }),
        }),
      }),
    );
    return {
      items: Items.map((item) => ({ id: String(item.id), name: String(item.name), createdAt: String(item.createdAt) })),
      ...nextCursorOf(LastEvaluatedKey),
    };
  }
}
