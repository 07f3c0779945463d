import {
  type AttributeValue,
  ConditionalCheckFailedException,
  DynamoDBClient,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { ClientNoticeRepository } from '../../shared/adapters/dynamodb/client-notice-repository.js';
import { ContractClientRepository } from '../../shared/adapters/dynamodb/contract-client-repository.js';
import { ContractRepository } from '../../shared/adapters/dynamodb/contract-repository.js';
import { encodeCursor } from '../../shared/adapters/dynamodb/cursor.js';
import { ValidationError } from '../../shared/domain/errors.js';
import type { Contract } from '../../shared/domain/registry-entities.js';
import '../support/sdk-matchers.js';

const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-3' }));
const dynamo = mockClient(documentClient);
const contracts = new ContractRepository(documentClient, 'registry');
const clientContracts = new ContractClientRepository(documentClient, 'registry');
const clientNotices = new ClientNoticeRepository(documentClient, 'registry');

afterEach(() => {
  dynamo.reset();
});

const contract: Contract = {
  id: 'ctr_1',
  processorId: 'prc_1',
  clientId: 'cli_1',
  notifyEmails: ['dpo@client.example'],
  noticePeriodDays: 30,
  createdAt: '2026-10-01T00:00:00.000Z',
  confirmation: 'pending',
};
const contractItem = (fields: Partial<Contract> = {}) =>
  marshall({ pk: 'PROCESSOR#prc_1', sk: 'CONTRACT#ctr_1', type: 'Contract', ...contract, ...fields });

const cancelled = (...reasons: Array<{ Code: string; Item?: Record<string, AttributeValue> }>) =>
  new TransactionCanceledException({ $metadata: {}, message: 'Transaction cancelled', CancellationReasons: reasons });

describe('ContractRepository.end', () => {
  it('ends the contract as read, releases its hold on the pair and drops its notice-period item, in one transaction', async () => {
    dynamo.on(TransactWriteCommand).resolves({});

    expect(await contracts.end(contract, '2026-11-01T00:00:00.000Z')).toEqual({ written: true });

    const items = dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items).toHaveLength(3);
    expect(items[0]?.Update).toMatchObject({
      Key: { pk: 'PROCESSOR#prc_1', sk: 'CONTRACT#ctr_1' },
      UpdateExpression: 'SET endedAt = :endedAt',
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(endedAt) AND noticePeriodDays = :period',
      ExpressionAttributeValues: { ':endedAt': '2026-11-01T00:00:00.000Z', ':period': 30 },
    });
    expect(items[1]?.Update).toMatchObject({
      Key: { pk: 'PROCESSOR#prc_1', sk: 'CLIENTLINK#cli_1' },
      UpdateExpression: 'REMOVE contractId',
      ConditionExpression: 'contractId = :id',
      ExpressionAttributeValues: { ':id': 'ctr_1' },
    });
    expect(items[2]?.Delete).toEqual({
      TableName: 'registry',
      Key: { pk: 'PROCESSOR#prc_1', sk: 'NOTICEPERIOD#0030#ctr_1' },
    });
  });

  it('answers the contract as it stood when it had ended already (condition lost)', async () => {
    dynamo
      .on(TransactWriteCommand)
      .rejects(
        cancelled(
          { Code: 'ConditionalCheckFailed', Item: contractItem({ endedAt: '2026-10-15T00:00:00.000Z' }) },
          { Code: 'ConditionalCheckFailed', Item: marshall({ pk: 'PROCESSOR#prc_1', sk: 'CLIENTLINK#cli_1' }) },
          { Code: 'None' },
        ),
      );

    expect(await contracts.end(contract, '2026-11-01T00:00:00.000Z')).toEqual({
      written: false,
      current: { ...contract, endedAt: '2026-10-15T00:00:00.000Z' },
    });
  });

  it('answers no contract when there is none', async () => {
    dynamo
      .on(TransactWriteCommand)
      .rejects(cancelled({ Code: 'ConditionalCheckFailed' }, { Code: 'None' }, { Code: 'None' }));
    expect(await contracts.end(contract, '2026-11-01T00:00:00.000Z')).toEqual({ written: false, current: undefined });
  });

  it('throws when only the guard names another contract: the table is inconsistent, nothing is written', async () => {
    expect.assertions(1);
    dynamo
      .on(TransactWriteCommand)
      .rejects(
        cancelled(
          { Code: 'None' },
          { Code: 'ConditionalCheckFailed', Item: marshall({ pk: 'PROCESSOR#prc_1', contractId: 'ctr_2' }) },
          { Code: 'None' },
        ),
      );
    await expect(contracts.end(contract, '2026-11-01T00:00:00.000Z')).rejects.toThrow(
      'contract ctr_1: the guard of processor prc_1 × client cli_1 names another contract',
    );
  });
});

describe('ContractRepository.pageByState', () => {
  it('fills a filtered page over several queries, asking each time for what is missing, and hands back the last key', async () => {
    const last = { pk: 'PROCESSOR#prc_1', sk: 'CONTRACT#ctr_4' };
    dynamo
      .on(QueryCommand)
      .resolvesOnce({
        Items: [{ ...contract, id: 'ctr_2' }],
        LastEvaluatedKey: { pk: 'PROCESSOR#prc_1', sk: 'CONTRACT#ctr_2' },
      })
      .resolvesOnce({ Items: [{ ...contract, id: 'ctr_4' }], LastEvaluatedKey: last });

    const page = await contracts.pageByState('prc_1', { state: 'ended', limit: 2 });

    expect(page.items.map((c) => c.id)).toEqual(['ctr_2', 'ctr_4']);
    expect(page.nextCursor).toBe(encodeCursor(last));
    const calls = dynamo.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(calls.map((input) => [input.Limit, input.FilterExpression, input.ExclusiveStartKey])).toEqual([
      [2, 'attribute_exists(endedAt)', undefined],
      [1, 'attribute_exists(endedAt)', { pk: 'PROCESSOR#prc_1', sk: 'CONTRACT#ctr_2' }],
    ]);
  });

  it('refuses a cursor of another processor with a 400 naming query.cursor, and queries nothing', async () => {
    expect.assertions(2);
    const foreign = encodeCursor({ pk: 'PROCESSOR#prc_2', sk: 'CONTRACT#ctr_9' });
    await expect(contracts.pageByState('prc_1', { limit: 10, cursor: foreign })).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(dynamo).toHaveReceivedCommandTimes(QueryCommand, 0);
  });
});

describe('ContractClientRepository', () => {
  it('sets the confirmation conditionally, appending the change, and answers the contract as written', async () => {
    dynamo.on(UpdateCommand).resolves({ Attributes: { ...contract, confirmation: 'confirmed', pk: 'x', sk: 'y' } });
    const change = { confirmation: 'confirmed' as const, at: '2026-11-02T00:00:00.000Z' };

    const result = await clientContracts.setConfirmation(contract, change);

    expect(result).toEqual({ written: true, contract: { ...contract, confirmation: 'confirmed' } });
    expect(dynamo).toHaveReceivedCommandWith(UpdateCommand, {
      Key: { pk: 'PROCESSOR#prc_1', sk: 'CONTRACT#ctr_1' },
      ConditionExpression:
        'attribute_exists(pk) AND clientId = :clientId AND ' +
        '(attribute_not_exists(confirmation) OR confirmation <> :confirmation) AND ' +
        '(attribute_not_exists(confirmationHistory) OR size(confirmationHistory) < :max)',
      ExpressionAttributeValues: {
        ':confirmation': 'confirmed',
        ':at': '2026-11-02T00:00:00.000Z',
        ':none': [],
        ':change': [change],
        ':clientId': 'cli_1',
        ':max': 100,
      },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
  });

  it('answers the contract as it stood when the condition is lost', async () => {
    dynamo.on(UpdateCommand).rejects(
      new ConditionalCheckFailedException({
        $metadata: {},
        message: 'The conditional request failed',
        Item: contractItem({ confirmation: 'confirmed' }),
      }),
    );

    expect(await clientContracts.setConfirmation(contract, { confirmation: 'confirmed', at: 'T' })).toEqual({
      written: false,
      current: { ...contract, confirmation: 'confirmed' },
    });
  });

  it("finds a contract only in the client's own partition of gsi1", async () => {
    dynamo.on(QueryCommand).resolves({ Items: [] });

    expect(await clientContracts.findForClient('cli_1', 'ctr_9')).toBeUndefined();
    expect(dynamo).toHaveReceivedCommandWith(QueryCommand, {
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)',
      FilterExpression: 'id = :id',
      ExpressionAttributeValues: { ':pk': 'CLIENT#cli_1', ':prefix': 'CONTRACT#', ':id': 'ctr_9' },
    });
  });
});

describe('ClientNoticeRepository.pageForClient', () => {
  const recipient = (contractId: string) => ({
    noticeId: 'ntc_1',
    contractId,
    clientId: 'cli_1',
    windowState: 'open',
    gsi1pk: 'CLIENT#cli_1#NOTICES',
  });

  it("reads the client's partition newest first, keeps only the contracts given, and filters open windows in DynamoDB", async () => {
    dynamo.on(QueryCommand).resolves({ Items: [recipient('ctr_rogue'), recipient('ctr_1')] });

    const page = await clientNotices.pageForClient('cli_1', {
      contractIds: new Set(['ctr_1']),
      openAt: '2026-11-02T00:00:00.000Z',
      limit: 5,
    });

    expect(page).toEqual({
      items: [{ noticeId: 'ntc_1', contractId: 'ctr_1', clientId: 'cli_1', windowState: 'open' }],
    });
    expect(dynamo).toHaveReceivedCommandWith(QueryCommand, {
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ScanIndexForward: false,
      FilterExpression: 'windowState = :open AND closesAt > :now',
      ExpressionAttributeValues: { ':pk': 'CLIENT#cli_1#NOTICES', ':open': 'open', ':now': '2026-11-02T00:00:00.000Z' },
      Limit: 5,
    });
  });

  it('reads nothing for a client without a confirmed contract', async () => {
    expect(await clientNotices.pageForClient('cli_1', { contractIds: new Set(), limit: 5 })).toEqual({ items: [] });
    expect(dynamo).toHaveReceivedCommandTimes(QueryCommand, 0);
  });
});
