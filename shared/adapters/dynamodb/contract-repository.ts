import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, ValidationError } from '../../domain/errors.js';
import type { ContractChanges, ContractStore, ContractUpdateStore, Page } from '../../domain/ports.js';
import type { Contract } from '../../domain/registry-entities.js';
import { conditionalWrite } from './conditional-write.js';
import { decodeCursor, nextCursorOf } from './cursor.js';
import { keys, withoutTableAttributes } from './keys.js';
import { queryAll } from './query-all.js';

/**
 * Contracts (processor × client). Patterns: create; longest notice period of a processor.
 * A contract is written with a guard item (one contract per processor × client) and a notice-period
 * item (so the longest period is a single Query), all in one transaction.
 */
export class ContractRepository implements ContractStore, ContractUpdateStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(contract: Contract): Promise<void> {
    const { processorId, clientId, id } = contract;
    const result = await conditionalWrite(this.db, {
      TransactItems: [
        {
          ConditionCheck: {
            TableName: this.tableName,
            Key: keys.client(clientId),
            ConditionExpression: 'attribute_exists(pk)',
          },
        },
        {
          Put: {
            TableName: this.tableName,
            Item: { ...keys.contractWithClient(processorId, clientId), type: 'ContractClientLink', contractId: id },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Put: {
            TableName: this.tableName,
            Item: {
              ...contract,
              ...keys.contract(processorId, id),
              ...keys.contractByClient(clientId, processorId, id),
              type: 'Contract',
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Put: {
            TableName: this.tableName,
            Item: {
              ...keys.noticePeriod(processorId, contract.noticePeriodDays, id),
              type: 'NoticePeriod',
              contractId: id,
              noticePeriodDays: contract.noticePeriodDays,
            },
          },
        },
      ],
    });
    if (result.written) return;
    if (result.failures.some((failure) => failure.index === 0)) {
      throw new ValidationError(`clientId: no client ${clientId}`, [
        { path: 'clientId', rule: 'must-exist', message: `clientId: no client ${clientId}` },
      ]);
    }
    throw new ConflictError(`processor ${processorId} already has a contract with client ${clientId}`);
  }

  /** One page of a processor's contracts, in id order. */
  async page(processorId: string, page: { limit: number; cursor?: string }): Promise<Page<Contract>> {
    const partition = keys.processor(processorId).pk;
    const { Items = [], LastEvaluatedKey } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': partition, ':prefix': keys.contractPrefix },
        Limit: page.limit,
        ...(page.cursor !== undefined && {
          ExclusiveStartKey: decodeCursor(page.cursor, {
            pk: { equals: partition },
            sk: { prefix: keys.contractPrefix },
          }),
        }),
      }),
    );
    return { items: Items.map((item) => withoutTableAttributes<Contract>(item)), ...nextCursorOf(LastEvaluatedKey) };
  }

  /** Every contract of a client, across processors (gsi1). */
  async forClient(clientId: string): Promise<Contract[]> {
    return queryAll(
      this.db,
      {
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.contractsOfClient(clientId), ':prefix': keys.contractPrefix },
      },
      (item) => withoutTableAttributes<Contract>(item),
    );
  }

  async longestNoticePeriodDays(processorId: string): Promise<number | undefined> {
    const { Items } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.processor(processorId).pk, ':prefix': keys.noticePeriodPrefix },
        ScanIndexForward: false,
        Limit: 1,
        ProjectionExpression: 'noticePeriodDays',
      }),
    );
    return Items?.[0]?.noticePeriodDays as number | undefined;
  }

  async get(processorId: string, contractId: string): Promise<Contract | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.contract(processorId, contractId), ConsistentRead: true }),
    );
    return Item === undefined ? undefined : withoutTableAttributes<Contract>(Item);
  }

  /**
   * Updates the contract if its notice period is still the one read, and moves its notice-period
   * item in the same transaction, so the longest period (effective dates) never reads a stale one.
   */
  async update(expected: Contract, changes: ContractChanges): Promise<boolean> {
    const { processorId, id } = expected;
    const fields = Object.entries(changes).filter(([, value]) => value !== undefined && value !== null);
    // A field sent as null is removed (scopes: the contract hears of everything again).
    const removed = Object.entries(changes).filter(([, value]) => value === null);
    const newPeriod = changes.noticePeriodDays;
    const movesPeriod = newPeriod !== undefined && newPeriod !== expected.noticePeriodDays;
    const result = await conditionalWrite(this.db, {
      TransactItems: [
        {
          Update: {
            TableName: this.tableName,
            Key: keys.contract(processorId, id),
            UpdateExpression: [
              fields.length > 0 ? `SET ${fields.map(([name]) => `#${name} = :${name}`).join(', ')}` : '',
              removed.length > 0 ? `REMOVE ${removed.map(([name]) => `#${name}`).join(', ')}` : '',
            ]
              .join(' ')
              .trim(),
            ConditionExpression: 'attribute_exists(pk) AND noticePeriodDays = :expectedPeriod',
            ExpressionAttributeNames: Object.fromEntries([...fields, ...removed].map(([name]) => [`#${name}`, name])),
            ExpressionAttributeValues: {
              ...Object.fromEntries(fields.map(([name, value]) => [`:${name}`, value])),
              ':expectedPeriod': expected.noticePeriodDays,
            },
          },
        },
        ...(movesPeriod
          ? [
              {
                Delete: {
                  TableName: this.tableName,
                  Key: keys.noticePeriod(processorId, expected.noticePeriodDays, id),
                },
              },
              {
                Put: {
                  TableName: this.tableName,
                  Item: {
                    ...keys.noticePeriod(processorId, newPeriod, id),
                    type: 'NoticePeriod',
                    contractId: id,
                    noticePeriodDays: newPeriod,
                  },
                },
              },
            ]
          : []),
      ],
    });
    return result.written;
  }
}
