import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { NoticeRepository } from '../../shared/adapters/dynamodb/notice-repository.js';
import { ReminderRepository } from '../../shared/adapters/dynamodb/reminder-repository.js';
import '../support/sdk-matchers.js';

const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-3' }));
const dynamo = mockClient(documentClient);
afterEach(() => {
  dynamo.reset();
});

const conditionFailed = () =>
  new ConditionalCheckFailedException({ $metadata: {}, message: 'The conditional request failed' });
const key = { noticeId: 'ntc_1_2', contractId: 'ctr_9' };
const sent = {
  contractId: 'ctr_9',
  messageId: 'ses-1',
  sentAt: '2026-11-22T10:00:00.000Z',
  to: ['dpo@client.example'],
  contentSha256: 'c'.repeat(64),
  closesAt: '2026-11-27T09:00:00.000Z',
  tokenHash: 't'.repeat(64),
};

describe('ReminderRepository', () => {
  const repository = new ReminderRepository(documentClient, 'registry');

  it('claims the record once: never after the send, and over a live claim only when it is stale', async () => {
    dynamo.on(UpdateCommand).resolvesOnce({}).rejectsOnce(conditionFailed());
    expect(await repository.claim(key, '2026-11-22T10:00:00Z', '2026-11-22T09:45:00Z')).toBe(true);
    expect(await repository.claim(key, '2026-11-22T10:00:01Z', '2026-11-22T09:45:01Z')).toBe(false);
    expect(dynamo).toHaveReceivedCommandWith(UpdateCommand, {
      Key: { pk: 'NOTICE#ntc_1_2', sk: 'REMINDER#ctr_9' },
      ConditionExpression:
        'attribute_not_exists(messageId) AND (attribute_not_exists(claimedAt) OR claimedAt < :stale)',
    });
  });

  it('completes under its own claim and puts the new token item in the same transaction, never over another token', async () => {
    dynamo.on(TransactWriteCommand).resolves({});
    await repository.complete(key, '2026-11-22T10:00:00Z', { ...sent, attemptSentAt: '2026-11-12T09:00:00.000Z' });
    const [call] = dynamo.commandCalls(TransactWriteCommand);
    const items = call?.args[0].input.TransactItems ?? [];
    expect(items).toHaveLength(3);
    expect(items[0]?.Update).toMatchObject({
      Key: { pk: 'NOTICE#ntc_1_2', sk: 'REMINDER#ctr_9' },
      ConditionExpression: 'claimedAt = :claimedAt AND attribute_not_exists(messageId)',
    });
    expect(items[1]?.Put).toMatchObject({
      Item: { pk: `TOKEN#${'t'.repeat(64)}`, sk: 'TOKEN', noticeId: 'ntc_1_2', contractId: 'ctr_9' },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    // Noted on the recipient only while its e-mail is still the one the reminder followed.
    expect(items[2]?.Update).toMatchObject({
      Key: { pk: 'NOTICE#ntc_1_2', sk: 'RECIPIENT#ctr_9' },
      UpdateExpression: 'SET reminderTokenHash = :token',
      ConditionExpression: 'sentAt = :attemptSentAt',
      ExpressionAttributeValues: { ':token': 't'.repeat(64), ':attemptSentAt': '2026-11-12T09:00:00.000Z' },
    });
  });

  it('fails loudly when its claim was taken over, so the record is never overwritten', async () => {
    expect.assertions(1);
    dynamo.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        $metadata: {},
        message: 'Transaction cancelled',
        CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
      }),
    );
    await expect(
      repository.complete(key, '2026-11-22T10:00:00Z', { ...sent, attemptSentAt: '2026-11-12T09:00:00.000Z' }),
    ).rejects.toThrow(/claim .* lost/);
  });

  it('releases only its own unsent claim; a lost condition is left alone', async () => {
    dynamo.on(UpdateCommand).rejects(conditionFailed());
    await repository.release(key, '2026-11-22T10:00:00Z');
    expect(dynamo).toHaveReceivedCommandWith(UpdateCommand, {
      UpdateExpression: 'REMOVE claimedAt',
      ConditionExpression: 'claimedAt = :at AND attribute_not_exists(messageId)',
    });
  });

  it('reads the sent reminders of a page of contracts, following DynamoDB pages', async () => {
    const item = { pk: 'NOTICE#ntc_1_2', sk: 'REMINDER#ctr_9', ...sent, sentTo: sent.to };
    dynamo
      .on(QueryCommand)
      .resolvesOnce({ Items: [], LastEvaluatedKey: { pk: 'NOTICE#ntc_1_2', sk: 'REMINDER#ctr_5' } })
      .resolvesOnce({ Items: [item] });
    expect(await repository.sentFor('ntc_1_2', 'ctr_1', 'ctr_9')).toEqual([
      {
        contractId: 'ctr_9',
        messageId: 'ses-1',
        sentAt: sent.sentAt,
        to: sent.to,
        contentSha256: sent.contentSha256,
        closesAt: sent.closesAt,
      },
    ]);
    expect(dynamo).toHaveReceivedCommandTimes(QueryCommand, 2);
    expect(dynamo).toHaveReceivedCommandWith(QueryCommand, {
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :last',
      ExpressionAttributeValues: { ':pk': 'NOTICE#ntc_1_2', ':first': 'REMINDER#ctr_1', ':last': 'REMINDER#ctr_9' },
      FilterExpression: 'attribute_exists(messageId)',
    });
  });
});

describe('ReminderRepository next check', () => {
  const repository = new ReminderRepository(documentClient, 'registry');

  it('keeps the next check in its own item of the notice, outside the reminders range', async () => {
    dynamo
      .on(GetCommand)
      .resolvesOnce({})
      .resolvesOnce({ Item: { nextCheckAt: '2026-11-23T10:00:00.000Z' } });
    dynamo.on(PutCommand).resolves({});
    expect(await repository.nextCheck('ntc_1_2')).toBeUndefined();
    await repository.setNextCheck('ntc_1_2', '2026-11-23T10:00:00.000Z');
    expect(await repository.nextCheck('ntc_1_2')).toBe('2026-11-23T10:00:00.000Z');
    expect(dynamo).toHaveReceivedCommandWith(PutCommand, {
      Item: {
        pk: 'NOTICE#ntc_1_2',
        sk: 'REMINDERCHECK',
        type: 'ReminderCheck',
        noticeId: 'ntc_1_2',
        nextCheckAt: '2026-11-23T10:00:00.000Z',
      },
    });
    // 'REMINDERCHECK' sorts after every 'REMINDER#…' key ('C' > '#'): a page of reminders never reads it.
    expect('REMINDERCHECK' > 'REMINDER#\uffff').toBe(true);
  });
});

describe('NoticeRepository.openNotices', () => {
  const repository = new NoticeRepository(documentClient, 'registry');

  it('reads the open notices from the sparse index, whatever their next check, with a checked cursor', async () => {
    dynamo.on(QueryCommand).resolves({
      Items: [{ id: 'ntc_1_2', processorId: 'prc_1', kind: 'objection-window' }],
      LastEvaluatedKey: { gsi2pk: 'OPENNOTICE', gsi2sk: '2026-11-30T00:00:00Z', pk: 'NOTICE#ntc_1_2', sk: 'NOTICE' },
    });
    const page = await repository.openNotices({ limit: 100 });
    expect(page.items).toEqual([{ id: 'ntc_1_2', processorId: 'prc_1', kind: 'objection-window' }]);
    expect(dynamo).toHaveReceivedCommandWith(QueryCommand, {
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': 'OPENNOTICE' },
    });
    await repository.openNotices({ limit: 100, ...(page.nextCursor !== undefined && { cursor: page.nextCursor }) });
    expect(dynamo.commandCalls(QueryCommand)[1]?.args[0].input.ExclusiveStartKey).toEqual({
      gsi2pk: 'OPENNOTICE',
      gsi2sk: '2026-11-30T00:00:00Z',
      pk: 'NOTICE#ntc_1_2',
      sk: 'NOTICE',
    });
  });
});
