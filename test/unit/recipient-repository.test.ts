import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { RecipientRepository } from '../../shared/adapters/dynamodb/recipient-repository.js';
import type { NoticeRecipient, RecordedDecision } from '../../shared/domain/notice.js';
import '../support/sdk-matchers.js';

const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-3' }));
const dynamo = mockClient(documentClient);
const recipients = new RecipientRepository(documentClient, 'registry');

afterEach(() => {
  dynamo.reset();
});

const recipient: NoticeRecipient = {
  noticeId: 'ntc_1',
  processorId: 'prc_1',
  contractId: 'ctr_1',
  clientId: 'cli_1',
  notifyEmails: ['dpo@client.example'],
  noticePeriodDays: 30,
  delivery: 'sent',
  deliveryEvents: [],
  closesAt: '2026-12-01T00:00:00.000Z',
  windowState: 'open',
  outcome: 'pending',
};
const key = { pk: 'NOTICE#ntc_1', sk: 'RECIPIENT#ctr_1' };
const decision: RecordedDecision = {
  decision: 'object',
  at: '2026-11-20T00:00:00.000Z',
  ip: '192.0.2.1',
  userAgent: 'ua',
};
/** The recipient item as DynamoDB returns it with a failed condition (table attributes included). */
const storedAs = (fields: Partial<NoticeRecipient>) =>
  marshall({ ...recipient, ...fields, ...key, type: 'NoticeRecipient' });

const conditionLost = (item?: ReturnType<typeof storedAs>) =>
  new ConditionalCheckFailedException({ $metadata: {}, message: 'failed', ...(item !== undefined && { Item: item }) });
const transactionLost = (...reasons: Array<{ Code: string; Item?: ReturnType<typeof storedAs> }>) =>
  new TransactionCanceledException({ $metadata: {}, message: 'cancelled', CancellationReasons: reasons });
const throttled = () => new ProvisionedThroughputExceededException({ $metadata: {}, message: 'slow down' });

describe('RecipientRepository.addAllIfAbsent', () => {
  const many = (count: number) =>
    Array.from({ length: count }, (_, i) => ({ ...recipient, contractId: `ctr_${String(i).padStart(3, '0')}` }));

  it('creates recipients 100 per conditional transaction', async () => {
    dynamo.on(TransactWriteCommand).resolves({});
    expect(await recipients.addAllIfAbsent(many(250))).toBe(250);
    const sizes = dynamo.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems?.length);
    expect(sizes.sort()).toEqual([100, 100, 50]);
    const first = dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems?.[0]?.Put;
    expect(first?.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(first?.Item).toMatchObject({ pk: 'NOTICE#ntc_1', sk: 'RECIPIENT#ctr_000', type: 'NoticeRecipient' });
  });

  it('sends a half-done page again without the recipients that exist', async () => {
    dynamo
      .on(TransactWriteCommand)
      .rejectsOnce(
        transactionLost(
          { Code: 'None' },
          { Code: 'ConditionalCheckFailed', Item: storedAs({ contractId: 'ctr_001' }) },
          { Code: 'None' },
        ),
      )
      .resolvesOnce({});
    expect(await recipients.addAllIfAbsent(many(3))).toBe(2);
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 2);
    const retried = dynamo.commandCalls(TransactWriteCommand)[1]?.args[0].input.TransactItems;
    expect(retried?.map((item) => item.Put?.Item?.contractId)).toEqual(['ctr_000', 'ctr_002']);
  });

  it('creates nothing for a replayed page', async () => {
    dynamo
      .on(TransactWriteCommand)
      .rejects(
        transactionLost(
          { Code: 'ConditionalCheckFailed', Item: storedAs({}) },
          { Code: 'ConditionalCheckFailed', Item: storedAs({}) },
        ),
      );
    expect(await recipients.addAllIfAbsent(many(2))).toBe(0);
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
  });

  it('lets other SDK errors through (a conflict with a concurrent replay is retried by the queue)', async () => {
    expect.assertions(1);
    dynamo.on(TransactWriteCommand).rejects(transactionLost({ Code: 'TransactionConflict' }, { Code: 'None' }));
    await expect(recipients.addAllIfAbsent(many(2))).rejects.toBeInstanceOf(TransactionCanceledException);
  });
});

describe('RecipientRepository.claimForSending', () => {
  const claim = { id: 'claim-1', at: '2026-11-20T00:00:00.000Z', staleBefore: '2026-11-19T23:55:00.000Z' };
  const queued = { ...recipient, delivery: 'queued' as const, windowState: 'pending' as const };

  it('claims in one write and answers the recipient as claimed, with no read before', async () => {
    dynamo.on(UpdateCommand).resolves({
      Attributes: {
        ...queued,
        delivery: 'sending',
        claimId: 'claim-1',
        claimedAt: claim.at,
        ...key,
        type: 'NoticeRecipient',
      },
    });
    expect(await recipients.claimForSending('ntc_1', 'ctr_1', claim)).toEqual({
      ...queued,
      delivery: 'sending',
      claimId: 'claim-1',
      claimedAt: claim.at,
    });
    expect(dynamo).toHaveReceivedCommandTimes(UpdateCommand, 1);
    expect(dynamo).not.toHaveReceivedCommand(GetCommand);
    expect(dynamo).toHaveReceivedCommandWith(UpdateCommand, {
      Key: key,
      ConditionExpression:
        'windowState IN (:pending, :none) AND attribute_not_exists(resendId) AND (delivery = :queued OR (delivery = :sending AND claimedAt < :stale))',
      ReturnValues: 'ALL_NEW',
    });
  });

  it('answers undefined when the claim is held, the e-mail sent or the window closed', async () => {
    dynamo.on(UpdateCommand).rejects(conditionLost(storedAs({ delivery: 'sending' })));
    expect(await recipients.claimForSending('ntc_1', 'ctr_1', claim)).toBeUndefined();
  });

  it('lets other SDK errors through', async () => {
    expect.assertions(1);
    dynamo.on(UpdateCommand).rejects(throttled());
    await expect(recipients.claimForSending('ntc_1', 'ctr_1', claim)).rejects.toBeInstanceOf(
      ProvisionedThroughputExceededException,
    );
  });
});

describe('RecipientRepository.completeSend and releaseClaim', () => {
  const sent = {
    sesMessageId: 'ses-1',
    sentAt: '2026-11-20T00:00:00.000Z',
    closesAt: '2026-12-20T00:00:00.000Z',
    contentSha256: 'c',
    tokenHash: 'h',
  };

  it('records the send under the claim, with the SES message id and link token items', async () => {
    dynamo.on(TransactWriteCommand).resolves({});
    await recipients.completeSend('ntc_1', 'ctr_1', 'claim-1', sent);
    const items = dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems;
    expect(items?.[0]?.Update?.ConditionExpression).toBe('claimId = :claim AND windowState IN (:pending, :none)');
    expect(items?.[0]?.Update?.ExpressionAttributeValues).toMatchObject({
      ':claim': 'claim-1',
      ':closes': sent.closesAt,
    });
    expect(items?.[1]?.Put?.Item).toEqual({
      pk: 'SESMSG#ses-1',
      sk: 'SESMSG',
      type: 'SesMessage',
      noticeId: 'ntc_1',
      contractId: 'ctr_1',
    });
    expect(items?.[2]?.Put).toMatchObject({
      Item: { pk: 'TOKEN#h', sk: 'TOKEN', type: 'ObjectionToken', noticeId: 'ntc_1', contractId: 'ctr_1' },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    expect(items).toHaveLength(3);
  });

  it('fails loudly when the claim was taken over, naming what the item holds', async () => {
    expect.assertions(1);
    dynamo
      .on(TransactWriteCommand)
      .rejects(
        transactionLost(
          { Code: 'ConditionalCheckFailed', Item: storedAs({ windowState: 'closed' }) },
          { Code: 'None' },
        ),
      );
    await expect(recipients.completeSend('ntc_1', 'ctr_1', 'claim-1', sent)).rejects.toThrow(
      'send of ntc_1/ctr_1 not recorded: claim claim-1 lost (window closed, claim undefined)',
    );
  });

  it('gives a claim back, and leaves a claim another sender took over alone', async () => {
    dynamo
      .on(UpdateCommand)
      .resolvesOnce({})
      .rejectsOnce(conditionLost(storedAs({ delivery: 'sending' })));
    await expect(recipients.releaseClaim('ntc_1', 'ctr_1', 'claim-1')).resolves.toBeUndefined();
    await expect(recipients.releaseClaim('ntc_1', 'ctr_1', 'claim-1')).resolves.toBeUndefined();
    expect(dynamo).toHaveReceivedCommandTimes(UpdateCommand, 2);
    expect(dynamo).toHaveReceivedCommandWith(UpdateCommand, {
      Key: key,
      ConditionExpression: 'claimId = :claim',
      ExpressionAttributeValues: { ':queued': 'queued', ':claim': 'claim-1' },
    });
  });

  it('lets other SDK errors through a release', async () => {
    expect.assertions(1);
    dynamo.on(UpdateCommand).rejects(throttled());
    await expect(recipients.releaseClaim('ntc_1', 'ctr_1', 'claim-1')).rejects.toBeInstanceOf(
      ProvisionedThroughputExceededException,
    );
  });
});

describe('RecipientRepository.recordDecision', () => {
  it('records the decision while the window is open', async () => {
    dynamo.on(UpdateCommand).resolves({});
    expect(await recipients.recordDecision('ntc_1', 'ctr_1', decision)).toEqual({ written: true });
    expect(dynamo).toHaveReceivedCommandWith(UpdateCommand, {
      Key: key,
      ConditionExpression: 'windowState = :open AND closesAt > :now AND attribute_not_exists(decision)',
      ExpressionAttributeValues: { ':decision': decision, ':open': 'open', ':now': decision.at },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
  });

  it('answers a lost condition with the recipient as it is, without reading it again', async () => {
    const earlier = { ...decision, decision: 'approve' as const };
    dynamo.on(UpdateCommand).rejects(conditionLost(storedAs({ decision: earlier })));
    expect(await recipients.recordDecision('ntc_1', 'ctr_1', decision)).toEqual({
      written: false,
      current: { ...recipient, decision: earlier },
    });
    expect(dynamo).not.toHaveReceivedCommand(GetCommand);
  });

  it('lets other SDK errors through', async () => {
    expect.assertions(1);
    dynamo.on(UpdateCommand).rejects(throttled());
    await expect(recipients.recordDecision('ntc_1', 'ctr_1', decision)).rejects.toBeInstanceOf(
      ProvisionedThroughputExceededException,
    );
  });
});

describe('RecipientRepository.close', () => {
  const due = { ...recipient, closesAt: '2026-11-01T00:00:00.000Z' };

  it('closes the window and appends the outcome record, on the absence of a decision', async () => {
    dynamo.on(TransactWriteCommand).resolves({});
    expect(await recipients.close(due, 'implied-consent', '2026-11-02T00:00:00.000Z')).toEqual({ written: true });
    const items = dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems;
    expect(items?.[0]?.Update?.ConditionExpression).toBe(
      'windowState IN (:pending, :open) AND closesAt <= :now AND delivery = :delivery AND attribute_not_exists(decision)',
    );
    expect(items?.[1]?.Put?.Item).toMatchObject({
      pk: 'NOTICE#ntc_1',
      sk: 'OUTCOME#ctr_1',
      outcome: 'implied-consent',
    });
    expect(items?.[1]?.Put?.ConditionExpression).toBe('attribute_not_exists(pk)');
  });

  it('answers a decision that landed in between with the recipient as it now is', async () => {
    dynamo
      .on(TransactWriteCommand)
      .rejects(
        transactionLost({ Code: 'ConditionalCheckFailed', Item: storedAs({ ...due, decision }) }, { Code: 'None' }),
      );
    expect(await recipients.close(due, 'implied-consent', '2026-11-02T00:00:00.000Z')).toEqual({
      written: false,
      current: { ...due, decision },
    });
  });

  it('lets other SDK errors through', async () => {
    expect.assertions(1);
    dynamo.on(TransactWriteCommand).rejects(throttled());
    await expect(recipients.close(due, 'implied-consent', '2026-11-02T00:00:00.000Z')).rejects.toBeInstanceOf(
      ProvisionedThroughputExceededException,
    );
  });
});

describe('RecipientRepository.claimConfirmation', () => {
  it('claims once: a live claim or a sent confirmation makes it false', async () => {
    dynamo
      .on(UpdateCommand)
      .resolvesOnce({})
      .rejectsOnce(conditionLost(storedAs({ decision })));
    expect(await recipients.claimConfirmation('ntc_1', 'ctr_1', 'now', 'stale')).toBe(true);
    expect(await recipients.claimConfirmation('ntc_1', 'ctr_1', 'now', 'stale')).toBe(false);
    expect(dynamo).toHaveReceivedCommandTimes(UpdateCommand, 2);
  });
});

describe('RecipientRepository.recordDeliveryEvent', () => {
  const event = { type: 'Bounce', at: '2026-11-20T00:00:00.000Z', recipient: 'dpo@client.example' };

  it('makes a bounce stick over a later delivery', async () => {
    dynamo.on(UpdateCommand).resolves({});
    await recipients.recordDeliveryEvent('ntc_1', 'ctr_1', event, 'bounced');
    expect(dynamo).toHaveReceivedCommandWith(UpdateCommand, {
      UpdateExpression:
        'SET deliveryEvents = list_append(deliveryEvents, :event), delivery = :state, worstDelivery = :state',
      ExpressionAttributeValues: { ':event': [event], ':one': event, ':state': 'bounced' },
    });
  });

  it('refuses an event for a recipient that does not exist', async () => {
    expect.assertions(1);
    dynamo.on(UpdateCommand).rejects(conditionLost());
    await expect(recipients.recordDeliveryEvent('ntc_1', 'ctr_1', event, 'delivered')).rejects.toThrow(
      'no recipient ntc_1/ctr_1 for a delivery event',
    );
  });
});

describe('RecipientRepository lookups', () => {
  it('finds the recipient of a token hash and of an SES message id', async () => {
    dynamo
      .on(GetCommand, { Key: { pk: 'TOKEN#h', sk: 'TOKEN' } })
      .resolves({ Item: { pk: 'TOKEN#h', sk: 'TOKEN', noticeId: 'ntc_1', contractId: 'ctr_1' } })
      .on(GetCommand, { Key: { pk: 'SESMSG#m', sk: 'SESMSG' } })
      .resolves({});
    expect(await recipients.findByToken('h')).toEqual({ noticeId: 'ntc_1', contractId: 'ctr_1' });
    expect(await recipients.findBySesMessageId('m')).toBeUndefined();
  });
});
