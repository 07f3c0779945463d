import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ClientContractStore, Page } from '../../domain/ports.js';
import type { ConfirmationChange, Contract } from '../../domain/registry-entities.js';
import { conditionalWrite, oldItemAt } from './conditional-write.js';
import { queryFilledPage } from './filled-page.js';
import { keys, withoutTableAttributes } from './keys.js';
import { queryAll } from './query-all.js';

/**
 * A contract's confirmations and disputes kept on it: a client toggling without end would grow the
 * item towards DynamoDB's 400 KB; this many changes is far beyond any real use.
 */
export const MAX_CONFIRMATION_CHANGES = 100;

const asContract = (item: Record<string, unknown>) => withoutTableAttributes<Contract>(item);

/**
 * Contracts, the client's side (gsi1 `CLIENT#<clientId>` / `CONTRACT#<processorId>#<contractId>`).
 * Patterns: a page of the contracts naming a client; one of them by id (the client knows no
 * processor id: a Query of its own partition filtered on the id, so another client's contract is
 * never read); the client's confirmation, a conditional update of the contract item.
 */
export class ContractClientRepository implements ClientContractStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async pageForClient(clientId: string, page: { limit: number; cursor?: string }): Promise<Page<Contract>> {
    const partition = keys.contractsOfClient(clientId);
    return queryFilledPage(
      this.db,
      {
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)',
        ExpressionAttributeValues: { ':pk': partition, ':prefix': keys.contractPrefix },
      },
      page,
      {
        pk: { prefix: keys.processorPrefix },
        sk: { prefix: keys.contractPrefix },
        gsi1pk: { equals: partition },
        gsi1sk: { prefix: keys.contractPrefix },
      },
      asContract,
    );
  }

  async findForClient(clientId: string, contractId: string): Promise<Contract | undefined> {
    const found = await queryAll(
      this.db,
      {
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)',
        FilterExpression: 'id = :id',
        ExpressionAttributeValues: {
          ':pk': keys.contractsOfClient(clientId),
          ':prefix': keys.contractPrefix,
          ':id': contractId,
        },
      },
      asContract,
    );
    return found[0];
  }

  async setConfirmation(
    contract: Pick<Contract, 'processorId' | 'id' | 'clientId'>,
    change: ConfirmationChange,
  ): Promise<{ written: true; contract: Contract } | { written: false; current: Contract | undefined }> {
    const result = await conditionalWrite(this.db, {
      Update: {
        TableName: this.tableName,
        Key: keys.contract(contract.processorId, contract.id),
        UpdateExpression:
          'SET confirmation = :confirmation, confirmationChangedAt = :at, ' +
          'confirmationHistory = list_append(if_not_exists(confirmationHistory, :none), :change)',
        ConditionExpression:
          'attribute_exists(pk) AND clientId = :clientId AND ' +
          '(attribute_not_exists(confirmation) OR confirmation <> :confirmation) AND ' +
          '(attribute_not_exists(confirmationHistory) OR size(confirmationHistory) < :max)',
        ExpressionAttributeValues: {
          ':confirmation': change.confirmation,
          ':at': change.at,
          ':none': [],
          ':change': [change],
          ':clientId': contract.clientId,
          ':max': MAX_CONFIRMATION_CHANGES,
        },
        ReturnValues: 'ALL_NEW',
      },
    });
    if (result.written) {
      if (result.attributes === undefined) throw new Error(`contract ${contract.id}: the update returned no item`);
      return { written: true, contract: asContract(result.attributes) };
    }
    const current = oldItemAt(result);
    return { written: false, current: current === undefined ? undefined : asContract(current) };
  }
}
