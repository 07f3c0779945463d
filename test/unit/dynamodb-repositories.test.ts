import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { ContractRepository } from '../../shared/adapters/dynamodb/contract-repository.js';
import { ListVersionRepository } from '../../shared/adapters/dynamodb/list-version-repository.js';
import { ProcessorRepository } from '../../shared/adapters/dynamodb/processor-repository.js';
import { ConflictError, PreconditionFailedError, ValidationError } from '../../shared/domain/errors.js';
import type { ListVersion } from '../../shared/domain/registry-entities.js';
import '../support/sdk-matchers.js';

const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-3' }));
const dynamo = mockClient(documentClient);

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    $metadata: {},
    message: 'Transaction cancelled',
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

const version: ListVersion = {
  processorId: 'prc_1',
  processorName: 'Acme',
  version: 2,
  subprocessors: [],
  changes: { added: [], removed: [], changed: [] },
  baseline: false,
  needsObjectionWindow: false,
  warnings: [],
  publishedAt: '2026-11-22T00:00:00.000Z',
  effectiveAt: '2026-11-22T00:00:00.000Z',
  rulesVersion: '2026-11-01',
  contentSha256: 'x',
};

afterEach(() => {
  dynamo.reset();
});

describe('ListVersionRepository.publish', () => {
  const repository = new ListVersionRepository(documentClient, 'registry');

  it('writes the version and moves the pointer in one conditional transaction', async () => {
    dynamo.on(TransactWriteCommand).resolves({});
    await repository.publish(version, 1);
    expect(dynamo).toHaveReceivedCommandWith(TransactWriteCommand, {
      TransactItems: [
        expect.objectContaining({
          Put: expect.objectContaining({
            ConditionExpression: 'attribute_not_exists(pk)',
            Item: expect.objectContaining({ pk: 'PROCESSOR#prc_1', sk: 'VERSION#0000000002' }),
          }),
        }),
        expect.objectContaining({
          Update: expect.objectContaining({
            ConditionExpression: 'currentVersion = :expected',
            ExpressionAttributeValues: { ':next': 2, ':expected': 1 },
          }),
        }),
      ],
    });
  });

  it('turns a failed condition into PreconditionFailedError (412)', async () => {
    expect.assertions(1);
    dynamo.on(TransactWriteCommand).rejects(cancelled('None', 'ConditionalCheckFailed'));
    await expect(repository.publish(version, 1)).rejects.toBeInstanceOf(PreconditionFailedError);
  });

  it('lets other failures through untouched (they are 500s, not user errors)', async () => {
    expect.assertions(1);
    dynamo.on(TransactWriteCommand).rejects(cancelled('ThrottlingError', 'None'));
    await expect(repository.publish(version, 1)).rejects.toBeInstanceOf(TransactionCanceledException);
  });

  it('pages history by version number, so a cursor cannot leave the processor', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [{ version: 5 }, { version: 4 }] });
    const page = await repository.history('prc_1', { limit: 2, cursor: '6' });
    expect(page.nextCursor).toBe('4');
    expect(dynamo).toHaveReceivedCommandWith(QueryCommand, {
      ExpressionAttributeValues: expect.objectContaining({ ':pk': 'PROCESSOR#prc_1', ':before': 'VERSION#0000000005' }),
    });
  });
});

describe('ContractRepository.create', () => {
  const repository = new ContractRepository(documentClient, 'registry');
  const contract = {
    id: 'ctr_1',
    processorId: 'prc_1',
    clientId: 'cli_1',
    notifyEmails: ['a@b.example'],
    noticePeriodDays: 15,
    createdAt: 'now',
  };

  it('reports an unknown client on the clientId field', async () => {
    expect.assertions(1);
    dynamo.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None', 'None', 'None'));
    await expect(repository.create(contract)).rejects.toBeInstanceOf(ValidationError);
  });

  it('reports a second contract with the same client as a conflict', async () => {
    expect.assertions(1);
    dynamo.on(TransactWriteCommand).rejects(cancelled('None', 'ConditionalCheckFailed', 'None', 'None'));
    await expect(repository.create(contract)).rejects.toBeInstanceOf(ConflictError);
  });
});

describe('ProcessorRepository.create', () => {
  it('reports an id collision as a conflict', async () => {
    expect.assertions(1);
    dynamo.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));
    const repository = new ProcessorRepository(documentClient, 'registry');
    await expect(repository.create({ id: 'prc_1', name: 'A', createdAt: 'now' }, 'hash')).rejects.toBeInstanceOf(
      ConflictError,
    );
  });
});
