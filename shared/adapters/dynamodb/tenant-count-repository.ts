import { type DynamoDBDocumentClient, GetCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Tenant } from '../../domain/api-key.js';
import type { TenantCountStore, TenantCounts } from '../../domain/ports.js';
import { keys } from './keys.js';
import { queryAll } from './query-all.js';

/** Counts every item a Query matches (Select COUNT: nothing but the count comes back), page after page. */
async function countAll(db: DynamoDBDocumentClient, input: QueryCommandInput): Promise<number> {
  let total = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const { Count = 0, LastEvaluatedKey } = await db.send(
      new QueryCommand({ ...input, Select: 'COUNT', ...(start !== undefined && { ExclusiveStartKey: start }) }),
    );
    total += Count;
    start = LastEvaluatedKey;
  } while (start !== undefined);
  return total;
}

/**
 * The operator's counts per tenant, read exactly from the items themselves (no counter to drift):
 * - a processor's contracts: Query `CONTRACT#` of its partition, without `endedAt`, Select COUNT;
 * - a processor's open notices: Query gsi1 `PROCESSOR#<id>#NOTICES` with `state = open`, Select COUNT;
 * - a client's contracts: Query gsi1 `CLIENT#<id>` (its contracts across processors), without `endedAt`;
 * - a client's open notices: for each processor it has a contract with, that processor's open notices
 *   (as above), then one GetItem of `RECIPIENT#<contractId>` per open notice and contract of the
 *   client: a notice counts once if one of its windows there is open. Open notices are few (a window
 *   lasts weeks), so the reads follow the client's vendors, not the registry's size.
 */
export class TenantCountRepository implements TenantCountStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  counts(tenant: Tenant): Promise<TenantCounts> {
    return tenant.type === 'processor' ? this.processorCounts(tenant.id) : this.clientCounts(tenant.id);
  }

  private async processorCounts(processorId: string): Promise<TenantCounts> {
    const [contracts, openNotices] = await Promise.all([
      countAll(this.db, {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        FilterExpression: 'attribute_not_exists(endedAt)',
        ExpressionAttributeValues: { ':pk': keys.processor(processorId).pk, ':prefix': keys.contractPrefix },
      }),
      countAll(this.db, this.openNoticesQuery(processorId)),
    ]);
    return { contracts, openNotices };
  }

  private openNoticesQuery(processorId: string): QueryCommandInput {
    return {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      FilterExpression: '#state = :open',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':pk': keys.noticesOfProcessor(processorId), ':open': 'open' },
    };
  }

  private async clientCounts(clientId: string): Promise<TenantCounts> {
    const contracts = await queryAll(
      this.db,
      {
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.contractsOfClient(clientId), ':prefix': keys.contractPrefix },
        ProjectionExpression: 'id, processorId, endedAt',
      },
      (item) => ({ id: String(item.id), processorId: String(item.processorId), ended: item.endedAt !== undefined }),
    );
    const processorIds = [...new Set(contracts.map((contract) => contract.processorId))];
    const openNotices = await Promise.all(
      processorIds.map(async (processorId) => {
        const notices = await queryAll(
          this.db,
          { ...this.openNoticesQuery(processorId), ProjectionExpression: 'id' },
          (item) => String(item.id),
        );
        const ofProcessor = contracts.filter((contract) => contract.processorId === processorId);
        const withOpenWindow = await Promise.all(
          notices.map(async (noticeId) => {
            // An ended contract's windows still close as usual: while one is open, it counts.
            const windows = await Promise.all(ofProcessor.map((contract) => this.windowState(noticeId, contract.id)));
            return windows.includes('open');
          }),
        );
        return withOpenWindow.filter(Boolean).length;
      }),
    );
    return {
      contracts: contracts.filter((contract) => !contract.ended).length,
      openNotices: openNotices.reduce((sum, n) => sum + n, 0),
    };
  }

  private async windowState(noticeId: string, contractId: string): Promise<unknown> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.recipient(noticeId, contractId),
        ProjectionExpression: 'windowState',
      }),
    );
    return Item?.windowState;
  }
}
