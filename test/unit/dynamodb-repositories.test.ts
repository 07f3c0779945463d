import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { ContractRepository } from '../../shared/adapters/dynamodb/contract-repository.js';
import { ListVersionRepository } from '../../shared/adapters/dynamodb/list-version-repository.js';
import { NoticeRepository } from '../../shared/adapters/dynamodb/notice-repository.js';
import { ProcessorRepository } from '../../shared/adapters/dynamodb/processor-repository.js';
import { TransferRepository } from '../../shared/adapters/dynamodb/transfer-repository.js';
import {
  ConflictError,
  PayloadTooLargeError,
  PreconditionFailedError,
  ValidationError,
} from '../../shared/domain/errors.js';
import type { ListVersion } from '../../shared/domain/registry-entities.js';
import type { TransferRow } from '../../shared/domain/transfers.js';
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

  it('refuses a version item over 400 KB with 413 before sending anything', async () => {
    expect.assertions(2);
    const huge = { ...version, warnings: [{ path: 'x', rule: 'x', message: 'x'.repeat(400 * 1024) }] };
    await expect(repository.publish(huge, 1)).rejects.toBeInstanceOf(PayloadTooLargeError);
    expect(dynamo).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  it('lets other failures through untouched (they are 500s, not user errors)', async () => {
    expect.assertions(1);
    dynamo.on(TransactWriteCommand).rejects(cancelled('ThrottlingError', 'None'));
    await expect(repository.publish(version, 1)).rejects.toBeInstanceOf(TransactionCanceledException);
  });

  it('pages history from the key DynamoDB stopped at, only inside the processor', async () => {
    const stoppedAt = { pk: 'PROCESSOR#prc_1', sk: 'VERSION#0000000004' };
    dynamo.on(QueryCommand).resolves({ Items: [{ version: 5 }, { version: 4 }], LastEvaluatedKey: stoppedAt });
    const page = await repository.history('prc_1', { limit: 2 });
    expect(page.items).toEqual([{ version: 5 }, { version: 4 }]);
    expect(page.nextCursor).toBeDefined();
    await repository.history('prc_1', { limit: 2, cursor: page.nextCursor });
    expect(dynamo).toHaveReceivedNthCommandWith(QueryCommand, 2, {
      ExpressionAttributeValues: { ':pk': 'PROCESSOR#prc_1', ':prefix': 'VERSION#' },
      ExclusiveStartKey: stoppedAt,
    });
    await expect(repository.history('prc_2', { limit: 2, cursor: page.nextCursor })).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(dynamo).toHaveReceivedCommandTimes(QueryCommand, 2);
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

  it('does not look the client up: the guard is taken unless an active contract holds it', async () => {
    dynamo.on(TransactWriteCommand).resolves({});
    await repository.create(contract);
    const items = dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items.map((item) => Object.keys(item)[0])).toEqual(['Put', 'Put', 'Put']);
    expect(items[0]?.Put).toMatchObject({
      Item: { pk: 'PROCESSOR#prc_1', sk: 'CLIENTLINK#cli_1', contractId: 'ctr_1' },
      ConditionExpression: 'attribute_not_exists(contractId)',
    });
    expect(JSON.stringify(items)).not.toContain('CLIENT#cli_1","sk":"PROFILE');
  });

  it('reports an active contract with the same client as a conflict naming it', async () => {
    expect.assertions(2);
    dynamo.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        $metadata: {},
        message: 'Transaction cancelled',
        CancellationReasons: [
          { Code: 'ConditionalCheckFailed', Item: marshall({ pk: 'PROCESSOR#prc_1', contractId: 'ctr_0' }) },
          { Code: 'None' },
          { Code: 'None' },
        ],
      }),
    );
    const error = await repository.create(contract).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).message).toBe(
      'processor prc_1 already has an active contract with client cli_1 (ctr_0): end it first',
    );
  });
});

describe('ProcessorRepository.create', () => {
  it('reports an id collision as a conflict', async () => {
    expect.assertions(1);
    dynamo.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None', 'None'));
    const repository = new ProcessorRepository(documentClient, 'registry');
    await expect(
      repository.create(
        { id: 'prc_1', name: 'A', createdAt: 'now' },
        { id: 'key_1', label: 'initial', prefix: 'spr_p_abcdef', createdAt: 'now', hash: 'hash' },
      ),
    ).rejects.toBeInstanceOf(ConflictError);
  });
});

const conditionFailed = () =>
  new ConditionalCheckFailedException({ $metadata: {}, message: 'The conditional request failed' });

describe('TransferRepository', () => {
  const repository = new TransferRepository(documentClient, 'registry');
  const row: TransferRow = {
    processorId: 'prc_1',
    processorName: 'Acme',
    entryKey: 'sentry',
    entry: {
      id: 'sentry',
      name: 'Sentry',
      address: 'San Francisco',
      country: 'US',
      purpose: 'Errors',
      safeguard: { type: 'adequacy', dpfCertified: true },
    },
    level: 1,
    path: ['Sentry'],
    sinceVersion: 1,
    sinceEffectiveAt: '2026-01-01T00:00:00.000Z',
    changedInVersion: 1,
    changedEffectiveAt: '2026-01-01T00:00:00.000Z',
    projectedVersion: 3,
  };

  it('writes a row only over an older projection, and indexes it outside the EEA by destination', async () => {
    dynamo.on(PutCommand).resolves({});
    await repository.apply([row], '2026-11-22T00:00:00.000Z');
    expect(dynamo).toHaveReceivedCommandWith(PutCommand, {
      ConditionExpression: 'attribute_not_exists(pk) OR projectedVersion <= :version',
      ExpressionAttributeValues: { ':version': 3 },
      Item: expect.objectContaining({
        pk: 'PROCESSOR#prc_1',
        sk: 'TRANSFER#sentry',
        gsi3pk: 'TRANSFERS#OUTSIDE_EEA',
        gsi3sk: 'US#prc_1#sentry',
      }),
    });
  });

  it('keeps an ended row out of the index', async () => {
    dynamo.on(PutCommand).resolves({});
    await repository.apply(
      [{ ...row, removedInVersion: 3, removedAt: '2026-11-01T00:00:00.000Z' }],
      '2026-11-22T00:00:00.000Z',
    );
    const item = dynamo.commandCalls(PutCommand)[0]?.args[0].input.Item;
    expect(item).not.toHaveProperty('gsi3pk');
  });

  it('skips a row a later version already wrote, and lets other failures through', async () => {
    dynamo.on(PutCommand).rejectsOnce(conditionFailed());
    await expect(repository.apply([row], '2026-11-22T00:00:00.000Z')).resolves.toBeUndefined();
    dynamo.on(PutCommand).rejects(new Error('throttled'));
    await expect(repository.apply([row], '2026-11-22T00:00:00.000Z')).rejects.toThrow('throttled');
  });

  it('refuses a forged cursor before asking DynamoDB', async () => {
    const forged = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');
    for (const cursor of [
      'not-base64-json',
      forged({ gsi3pk: 'TRANSFERS#EEA', gsi3sk: 'FR#p#e', pk: 'x', sk: 'y' }), // the other side of the border
      forged({ gsi3pk: 'TRANSFERS#OUTSIDE_EEA', gsi3sk: 'US#p#e', pk: 'x', sk: 'y', extra: 1 }),
      forged({ gsi3pk: 'TRANSFERS#OUTSIDE_EEA', gsi3sk: 1, pk: 'x', sk: 'y' }),
    ]) {
      await expect(repository.page('outside-eea', { limit: 10, cursor })).rejects.toBeInstanceOf(ValidationError);
    }
    expect(dynamo).not.toHaveReceivedCommand(QueryCommand);
  });
});

describe('NoticeRepository.claimClosedEvent', () => {
  const repository = new NoticeRepository(documentClient, 'registry');

  it('claims the close event once: a live claim makes the next caller step back', async () => {
    dynamo.on(UpdateCommand).resolvesOnce({}).rejectsOnce(conditionFailed());
    expect(await repository.claimClosedEvent('ntc_1', '2026-11-22T00:05:00Z', '2026-11-22T00:00:00Z')).toBe(true);
    expect(await repository.claimClosedEvent('ntc_1', '2026-11-22T00:05:01Z', '2026-11-22T00:00:01Z')).toBe(false);
    expect(dynamo).toHaveReceivedCommandWith(UpdateCommand, {
      ConditionExpression: expect.stringContaining('closedEventClaimedAt < :stale'),
    });
  });
});

describe('NoticeRepository.setNextCloseCheck', () => {
  const repository = new NoticeRepository(documentClient, 'registry');

  it('only moves the check earlier, so a later fan-out page cannot push back an earlier deadline', async () => {
    dynamo.on(UpdateCommand).resolves({});
    await repository.setNextCloseCheck('ntc_1', '2026-12-01T00:00:00.000Z');
    expect(dynamo).toHaveReceivedCommandWith(UpdateCommand, {
      Key: { pk: 'NOTICE#ntc_1', sk: 'NOTICE' },
      UpdateExpression: 'SET gsi2pk = :pk, gsi2sk = :at',
      ConditionExpression: '#state = :open AND (attribute_not_exists(gsi2sk) OR gsi2sk > :at)',
      ExpressionAttributeValues: { ':pk': 'OPENNOTICE', ':at': '2026-12-01T00:00:00.000Z', ':open': 'open' },
    });
  });

  it('lets the close pass replace the check it handled by a later one', async () => {
    dynamo.on(UpdateCommand).resolves({});
    await repository.setNextCloseCheck('ntc_1', '2026-12-01T00:00:00.000Z', '2026-11-22T00:00:00.000Z');
    expect(dynamo).toHaveReceivedCommandWith(UpdateCommand, {
      ConditionExpression: '#state = :open AND (attribute_not_exists(gsi2sk) OR gsi2sk > :at OR gsi2sk <= :dueBy)',
      ExpressionAttributeValues: expect.objectContaining({ ':dueBy': '2026-11-22T00:00:00.000Z' }),
    });
  });

  it('leaves an earlier check (or a closed notice) alone, and lets other failures through', async () => {
    dynamo.on(UpdateCommand).rejectsOnce(conditionFailed()).rejectsOnce(new Error('throttled'));
    await expect(repository.setNextCloseCheck('ntc_1', '2026-12-01T00:00:00.000Z')).resolves.toBeUndefined();
    await expect(repository.setNextCloseCheck('ntc_1', '2026-12-01T00:00:00.000Z')).rejects.toThrow('throttled');
  });
});

describe('NoticeRepository.close', () => {
  const repository = new NoticeRepository(documentClient, 'registry');
  const counts = { objected: 1, approved: 0, impliedConsent: 2, notNotified: 0, withdrawn: 0 };

  it('closes once; a second pass gets the notice as the first left it, without another read', async () => {
    const closed = {
      id: 'ntc_1',
      state: 'closed',
      closedAt: '2026-11-22T00:00:00.000Z',
      counts,
      closedEventPublished: false,
    };
    dynamo
      .on(UpdateCommand)
      .resolvesOnce({})
      .rejectsOnce(
        new ConditionalCheckFailedException({
          $metadata: {},
          message: 'The conditional request failed',
          Item: marshall({ ...closed, pk: 'NOTICE#ntc_1', sk: 'NOTICE', type: 'Notice', gsi1pk: 'x', gsi1sk: 'y' }),
        }),
      );
    expect(await repository.close('ntc_1', '2026-11-22T00:00:00.000Z', counts)).toEqual({ written: true });
    expect(await repository.close('ntc_1', '2026-11-22T00:00:01.000Z', counts)).toEqual({
      written: false,
      current: closed,
    });
    expect(dynamo).toHaveReceivedCommandTimes(UpdateCommand, 2);
  });
});

describe('ProcessorRepository.getWithVersion', () => {
  const repository = new ProcessorRepository(documentClient, 'registry');
  const profile = {
    pk: 'PROCESSOR#prc_1',
    sk: 'PROFILE',
    type: 'Processor',
    id: 'prc_1',
    name: 'A',
    currentVersion: 2,
  };
  const stored = { ...version, pk: 'PROCESSOR#prc_1', sk: 'VERSION#0000000002', type: 'ListVersion' };

  it('reads the profile and the expected version in one consistent BatchGetItem, asking again for unprocessed keys', async () => {
    dynamo
      .on(BatchGetCommand)
      .resolvesOnce({
        Responses: { registry: [profile] },
        UnprocessedKeys: { registry: { Keys: [{ pk: 'PROCESSOR#prc_1', sk: 'VERSION#0000000002' }] } },
      })
      .resolvesOnce({ Responses: { registry: [stored] } });
    const read = await repository.getWithVersion('prc_1', 2);
    expect(read).toEqual({ processor: { id: 'prc_1', name: 'A', currentVersion: 2 }, version });
    expect(dynamo).toHaveReceivedCommandTimes(BatchGetCommand, 2);
    expect(dynamo).toHaveReceivedNthCommandWith(BatchGetCommand, 1, {
      RequestItems: {
        registry: {
          Keys: [
            { pk: 'PROCESSOR#prc_1', sk: 'PROFILE' },
            { pk: 'PROCESSOR#prc_1', sk: 'VERSION#0000000002' },
          ],
          ConsistentRead: true,
        },
      },
    });
  });

  it('reads only the profile before the first list', async () => {
    dynamo.on(BatchGetCommand).resolves({ Responses: { registry: [] } });
    expect(await repository.getWithVersion('prc_1', undefined)).toEqual({ processor: undefined, version: undefined });
    expect(dynamo).toHaveReceivedCommandWith(BatchGetCommand, {
      RequestItems: { registry: { Keys: [{ pk: 'PROCESSOR#prc_1', sk: 'PROFILE' }], ConsistentRead: true } },
    });
  });
});
