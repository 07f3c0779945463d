import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../../domain/errors.js';
import type {
  ConditionalOutcome,
  ContractChanges,
  ContractLifecycleStore,
  ContractStore,
  ContractUpdateStore,
  Page,
} from '../../domain/ports.js';
import type { Contract } from '../../domain/registry-entities.js';
import { conditionalWrite, oldItemAt } from './conditional-write.js';
import { queryFilledPage } from './filled-page.js';
import { keys, withoutTableAttributes } from './keys.js';
import { queryAll } from './query-all.js';

/**
 * Contracts (processor × client), the processor's side. Patterns: create; a page of a processor's
 * contracts (all, active or ended); get; change; end; longest notice period of a processor.
 * A contract is written with a guard item (one active contract per processor × client) and a
 * notice-period item (so the longest period is a single Query), all in one transaction; ending it
 * releases the guard and drops the notice-period item in the same way.
 */
export class ContractRepository implements ContractStore, ContractUpdateStore, ContractLifecycleStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(contract: Contract): Promise<void> {
    const { processorId, clientId, id } = contract;
    const result = await conditionalWrite(this.db, {
      TransactItems: [
        {
          // The pair's guard: taken unless an active contract holds it. The client is not checked,
          // so an unknown and a foreign client id get the same answer (issue 11).
          Put: {
            TableName: this.tableName,
            Item: { ...keys.contractWithClient(processorId, clientId), type: 'ContractClientLink', contractId: id },
            ConditionExpression: 'attribute_not_exists(contractId)',
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
    const active = oldItemAt(result, 0)?.contractId;
    throw new ConflictError(
      typeof active === 'string'
        ? `processor ${processorId} already has an active contract with client ${clientId} (${active}): end it first`
        : `contract ${id} exists already: send again`,
    );
  }

  /** A page of the processor's contracts in id order, optionally only the active or the ended ones. */
  async pageByState(
    processorId: string,
    page: { state?: 'active' | 'ended'; limit: number; cursor?: string },
  ): Promise<Page<Contract>> {
    const partition = keys.processor(processorId).pk;
    return queryFilledPage(
      this.db,
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': partition, ':prefix': keys.contractPrefix },
        ...(page.state !== undefined && {
          FilterExpression: page.state === 'ended' ? 'attribute_exists(endedAt)' : 'attribute_not_exists(endedAt)',
        }),
        ConsistentRead: true,
      },
      page,
      { pk: { equals: partition }, sk: { prefix: keys.contractPrefix } },
      (item) => withoutTableAttributes<Contract>(item),
    );
  }

  async end(expected: Contract, endedAt: string): Promise<ConditionalOutcome<Contract>> {
    const { processorId, clientId, id } = expected;
    const result = await conditionalWrite(this.db, {
      TransactItems: [
        {
          Update: {
            TableName: this.tableName,
            Key: keys.contract(processorId, id),
            UpdateExpression: 'SET endedAt = :endedAt',
            ConditionExpression:
              'attribute_exists(pk) AND attribute_not_exists(endedAt) AND noticePeriodDays = :period',
            ExpressionAttributeValues: { ':endedAt': endedAt, ':period': expected.noticePeriodDays },
          },
        },
        {
          // Frees the pair for a new contract; only this contract's hold is released.
          Update: {
            TableName: this.tableName,
            Key: keys.contractWithClient(processorId, clientId),
            UpdateExpression: 'REMOVE contractId',
            ConditionExpression: 'contractId = :id',
            ExpressionAttributeValues: { ':id': id },
          },
        },
        {
          // An ended contract no longer lengthens the effective date of later versions.
          Delete: {
            TableName: this.tableName,
            Key: keys.noticePeriod(processorId, expected.noticePeriodDays, id),
          },
        },
      ],
    });
    if (result.written) return { written: true };
    const contract = oldItemAt(result, 0);
    if (contract === undefined && result.failures.some((failure) => failure.index === 0)) {
      return { written: false, current: undefined };
    }
    if (contract !== undefined) return { written: false, current: withoutTableAttributes<Contract>(contract) };
    // The contract is as read but the pair's guard names another contract: the table is inconsistent.
    throw new Error(
      `contract ${id}: the guard of processor ${processorId} × client ${clientId} names another contract`,
    );
  }

  /** One page of a processor's contracts, in id order, every state (the fan-out, the what-if). */
  page(processorId: string, page: { limit: number; cursor?: string }): Promise<Page<Contract>> {
    return this.pageByState(processorId, page);
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
            ConditionExpression:
              'attribute_exists(pk) AND attribute_not_exists(endedAt) AND noticePeriodDays = :expectedPeriod',
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
