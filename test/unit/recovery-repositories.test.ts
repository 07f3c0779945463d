import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { ContractRepository } from '../../shared/adapters/dynamodb/contract-repository.js';
import { RecipientLookupRepository } from '../../shared/adapters/dynamodb/recipient-lookup-repository.js';
import { RecipientRecoveryRepository } from '../../shared/adapters/dynamodb/recipient-recovery-repository.js';
import type { NoticeRecipient } from '../../shared/domain/notice.js';
import type { Contract } from '../../shared/domain/registry-entities.js';
import '../support/sdk-matchers.js';

const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-3' }));
const dynamo = mockClient(documentClient);
const recovery = new RecipientRecoveryRepository(documentClient, 'registry');
const contracts = new ContractRepository(documentClient, 'registry');
const lookups = new RecipientLookupRepository(documentClient, 'registry');

afterEach(() => {
  dynamo.reset();
});

const key = { pk: 'NOTICE#ntc_1', sk: 'RECIPIENT#ctr_1' };
const bounced: NoticeRecipient = {
  noticeId: 'ntc_1',
  processorId: 'prc_1',
  contractId: 'ctr_1',
  clientId: 'cli_1',
  notifyEmails: ['old@client.example'],
  noticePeriodDays: 30,
  delivery: 'bounced',
  deliveryEvents: [{ type: 'Bounce', at: '2026-11-02T00:00:00.000Z', detail: 'Permanent' }],
  sesMessageId: 'ses-1',
  sentAt: '2026-11-01T00:00:00.000Z',
  contentSha256: 'abc',
  closesAt: '2026-12-01T00:00:00.000Z',
  windowState: 'open',
  outcome: 'pending',
  tokenHash: 'old-token-hash',
};
const contract: Contract = {
  id: 'ctr_1',
  processorId: 'prc_1',
  clientId: 'cli_1',
  notifyEmails: ['old@client.example'],
  noticePeriodDays: 30,
  createdAt: '2026-10-01T00:00:00.000Z',
};

describe('RecipientRecoveryRepository', () => {
  it('sets the resend marker only on the recipient as read, archiving its e-mail as an attempt', async () => {
    dynamo.on(UpdateCommand).resolves({});
    const resend = {
      id: 'rsd-1',
      at: '2026-11-03T00:00:00.000Z',
      addresses: ['new@client.example'],
      language: 'fr' as const,
      now: 'N',
    };

    expect(await recovery.requestResend(bounced, resend)).toEqual({ written: true });

    const input = dynamo.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(input?.Key).toEqual(key);
    expect(input?.ConditionExpression).toBe(
      'attribute_not_exists(resendId) AND attribute_not_exists(decision) AND windowState = :window AND delivery = :delivery AND size(deliveryEvents) = :events AND (windowState IN (:no_window, :unsent) OR closesAt > :now)',
    );
    expect(input?.ExpressionAttributeValues).toMatchObject({
      ':window': 'open',
      ':delivery': 'bounced',
      ':events': 1,
      ':now': 'N',
      ':rid': 'rsd-1',
      ':addresses': ['new@client.example'],
      ':language': 'fr',
      ':attempt': [
        expect.objectContaining({ sesMessageId: 'ses-1', delivery: 'bounced', reason: 'Bounce (Permanent)' }),
      ],
    });
    expect(input?.UpdateExpression).toContain('REMOVE sesMessageId, sentAt, contentSha256, failure');
    // The resend speaks the contract's language of now; LANGUAGE is a reserved word, hence the name.
    expect(input?.UpdateExpression).toContain('#language = :language');
    expect(input?.ExpressionAttributeNames).toEqual({ '#language': 'language' });
  });

  it('answers the recipient as the lost marker found it', async () => {
    dynamo.on(UpdateCommand).rejects(
      new ConditionalCheckFailedException({
        $metadata: {},
        message: 'failed',
        Item: marshall({ ...bounced, resendId: 'rsd-0', ...key, type: 'NoticeRecipient' }),
      }),
    );
    const result = await recovery.requestResend(bounced, {
      id: 'rsd-1',
      at: 'A',
      addresses: ['x@y.example'],
      language: 'en',
      now: 'N',
    });
    expect(result).toEqual({ written: false, current: { ...bounced, resendId: 'rsd-0' } });
  });

  it('completes a resend in one transaction that revokes the old link and opens the new window', async () => {
    dynamo.on(TransactWriteCommand).resolves({});
    await recovery.completeResend('ntc_1', 'ctr_1', 'claim-1', {
      sesMessageId: 'ses-2',
      sentAt: '2026-11-03T00:00:00.000Z',
      closesAt: '2026-12-03T00:00:00.000Z',
      contentSha256: 'def',
      tokenHash: 'new-token-hash',
      previousTokenHash: 'old-token-hash',
    });
    const items = dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items).toHaveLength(4);
    expect(items[0]?.Update?.ConditionExpression).toBe(
      'claimId = :claim AND windowState <> :closed AND attribute_not_exists(decision)',
    );
    expect(items[0]?.Update?.UpdateExpression).toContain('closesAt = :closes, windowState = :open, tokenHash = :token');
    expect(items[2]?.Put?.Item).toMatchObject({ pk: 'TOKEN#new-token-hash', noticeId: 'ntc_1', contractId: 'ctr_1' });
    expect(items[3]?.Update).toMatchObject({
      Key: { pk: 'TOKEN#old-token-hash', sk: 'TOKEN' },
      UpdateExpression: 'SET revokedAt = :at',
    });
  });

  it('marks failed only for the job that failed: the claim holder, or the dead letter of the first send or of a resend', async () => {
    dynamo.on(UpdateCommand).resolves({});
    const failure = { reason: 'r', at: 'A' };
    await recovery.markFailed('ntc_1', 'ctr_1', failure, { claimId: 'claim-1' });
    await recovery.markFailed('ntc_1', 'ctr_1', failure, { resendId: undefined });
    await recovery.markFailed('ntc_1', 'ctr_1', failure, { resendId: 'rsd-1' });
    const conditions = dynamo.commandCalls(UpdateCommand).map((call) => call.args[0].input.ConditionExpression);
    const base = 'attribute_exists(pk) AND delivery IN (:queued, :sending) AND attribute_not_exists(decision) AND ';
    expect(conditions).toEqual([
      `${base}claimId = :claim`,
      `${base}attribute_not_exists(resendId)`,
      `${base}resendId = :rid`,
    ]);
  });

  it('answers false when the failure mark loses its condition (sent meanwhile, or marked already)', async () => {
    dynamo.on(UpdateCommand).rejects(new ConditionalCheckFailedException({ $metadata: {}, message: 'failed' }));
    expect(await recovery.markFailed('ntc_1', 'ctr_1', { reason: 'r', at: 'A' }, { resendId: undefined })).toBe(false);
  });
});

describe('a revoked link', () => {
  it('is unknown, like any token never issued', async () => {
    dynamo
      .on(GetCommand)
      .resolves({ Item: { pk: 'TOKEN#h', sk: 'TOKEN', noticeId: 'ntc_1', contractId: 'ctr_1', revokedAt: 'A' } });
    expect(await lookups.findByToken('h')).toBeUndefined();
  });
});

describe('ContractRepository.update', () => {
  it('moves the notice-period item in the same transaction when the period changes', async () => {
    dynamo.on(TransactWriteCommand).resolves({});
    expect(await contracts.update(contract, { noticePeriodDays: 45, notifyEmails: ['a@b.example'] })).toBe(true);
    const items = dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items).toHaveLength(3);
    expect(items[0]?.Update).toMatchObject({
      Key: { pk: 'PROCESSOR#prc_1', sk: 'CONTRACT#ctr_1' },
      ConditionExpression:
        'attribute_exists(pk) AND attribute_not_exists(endedAt) AND noticePeriodDays = :expectedPeriod',
      ExpressionAttributeValues: { ':noticePeriodDays': 45, ':notifyEmails': ['a@b.example'], ':expectedPeriod': 30 },
    });
    expect(items[1]?.Delete?.Key).toEqual({ pk: 'PROCESSOR#prc_1', sk: 'NOTICEPERIOD#0030#ctr_1' });
    expect(items[2]?.Put?.Item).toMatchObject({ sk: 'NOTICEPERIOD#0045#ctr_1', noticePeriodDays: 45 });
  });

  it('leaves the notice-period item alone when the period does not change, and reports a lost condition', async () => {
    dynamo.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        $metadata: {},
        message: 'cancelled',
        CancellationReasons: [{ Code: 'ConditionalCheckFailed' }],
      }),
    );
    expect(await contracts.update(contract, { reference: 'DPA-1', noticePeriodDays: 30 })).toBe(false);
    const items = dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items).toHaveLength(1);
  });
});
