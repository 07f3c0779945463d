import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { NoticeRepository } from '../../shared/adapters/dynamodb/notice-repository.js';
import { RecipientRepository } from '../../shared/adapters/dynamodb/recipient-repository.js';
import { VendorEmailRepository } from '../../shared/adapters/dynamodb/vendor-email-repository.js';
import type { NoticeRecipient, RecordedDecision } from '../../shared/domain/notice.js';
import '../support/sdk-matchers.js';

const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-3' }));
const dynamo = mockClient(documentClient);

afterEach(() => {
  dynamo.reset();
});

const AT = '2026-11-20T00:00:00.000Z';
const open: NoticeRecipient = {
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
const decision: RecordedDecision = {
  decision: 'object',
  at: '2026-11-19T00:00:00.000Z',
  ip: '192.0.2.1',
  userAgent: 'ua',
};

describe('RecipientRepository.close before the deadline (a withdrawal)', () => {
  const recipients = new RecipientRepository(documentClient, 'registry');

  it('drops only the deadline from the close condition, and appends the outcome record with the decision', async () => {
    dynamo.on(TransactWriteCommand).resolves({});
    const decided = { ...open, decision };
    expect(await recipients.close(decided, 'withdrawn', AT, { beforeDeadline: true })).toEqual({ written: true });
    const items = dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems;
    expect(items?.[0]?.Update?.ConditionExpression).toBe(
      'windowState IN (:pending, :open) AND delivery = :delivery AND attribute_exists(decision)',
    );
    expect(items?.[0]?.Update?.ExpressionAttributeValues).toMatchObject({ ':outcome': 'withdrawn', ':now': AT });
    expect(items?.[1]?.Put?.Item).toMatchObject({
      sk: 'OUTCOME#ctr_1',
      outcome: 'withdrawn',
      closesAt: open.closesAt,
      decision,
    });
  });

  it('answers a decision that landed in between with the recipient as it now is', async () => {
    dynamo.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        $metadata: {},
        message: 'cancelled',
        CancellationReasons: [
          {
            Code: 'ConditionalCheckFailed',
            Item: marshall({ ...open, decision, pk: 'NOTICE#ntc_1', sk: 'RECIPIENT#ctr_1', type: 'NoticeRecipient' }),
          },
          { Code: 'None' },
        ],
      }),
    );
    expect(await recipients.close(open, 'withdrawn', AT, { beforeDeadline: true })).toEqual({
      written: false,
      current: { ...open, decision },
    });
  });
});

describe('NoticeRepository.markWithdrawn', () => {
  const notices = new NoticeRepository(documentClient, 'registry');
  const withdrawn = {
    id: 'ntc_1',
    state: 'withdrawn',
    withdrawnAt: AT,
    withdrawnByVersion: 3,
    withdrawnEventPublished: false,
  };

  it('moves an open or closed notice to withdrawn and off the sweep index, answering it as written', async () => {
    dynamo
      .on(UpdateCommand)
      .resolves({ Attributes: { ...withdrawn, pk: 'NOTICE#ntc_1', sk: 'NOTICE', type: 'Notice' } });
    expect(await notices.markWithdrawn('ntc_1', AT, 3)).toEqual(withdrawn);
    expect(dynamo).toHaveReceivedCommandWith(UpdateCommand, {
      Key: { pk: 'NOTICE#ntc_1', sk: 'NOTICE' },
      ConditionExpression: '#state IN (:open, :closed)',
      UpdateExpression:
        'SET #state = :withdrawn, withdrawnAt = :at, withdrawnByVersion = :by, withdrawnEventPublished = :false REMOVE gsi2pk, gsi2sk',
      ReturnValues: 'ALL_NEW',
    });
  });

  it('answers a notice withdrawn already as it stands, and undefined when there is none', async () => {
    dynamo
      .on(UpdateCommand)
      .rejectsOnce(
        new ConditionalCheckFailedException({
          $metadata: {},
          message: 'failed',
          Item: marshall({ ...withdrawn, withdrawnEventPublished: true, pk: 'NOTICE#ntc_1', sk: 'NOTICE' }),
        }),
      )
      .rejectsOnce(new ConditionalCheckFailedException({ $metadata: {}, message: 'failed' }));
    expect(await notices.markWithdrawn('ntc_1', '2026-11-21T00:00:00.000Z', 3)).toEqual({
      ...withdrawn,
      withdrawnEventPublished: true,
    });
    expect(await notices.markWithdrawn('ntc_2', AT, 3)).toBeUndefined();
  });
});

describe('VendorEmailRepository: the withdrawal e-mail record', () => {
  it('claims CLIENTEMAIL#WITHDRAWN#<contract> in the notice partition, with its contract', async () => {
    dynamo.on(UpdateCommand).resolves({});
    const records = new VendorEmailRepository(documentClient, 'registry');
    expect(
      await records.claim(
        { noticeId: 'ntc_1', subject: 'withdrawal', contractId: 'ctr_1' },
        AT,
        '2026-11-19T23:55:00.000Z',
      ),
    ).toBe(true);
    expect(dynamo).toHaveReceivedCommandWith(UpdateCommand, {
      Key: { pk: 'NOTICE#ntc_1', sk: 'CLIENTEMAIL#WITHDRAWN#ctr_1' },
      ExpressionAttributeValues: expect.objectContaining({ ':subject': 'withdrawal', ':contractId': 'ctr_1' }),
    });
  });
});
