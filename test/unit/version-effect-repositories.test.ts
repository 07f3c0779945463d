import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { ListVersionRepository } from '../../shared/adapters/dynamodb/list-version-repository.js';
import { RecipientRepository } from '../../shared/adapters/dynamodb/recipient-repository.js';
import { VersionEffectRepository } from '../../shared/adapters/dynamodb/version-effect-repository.js';
import { ConflictError, PreconditionFailedError } from '../../shared/domain/errors.js';
import type { NoticeRecipient } from '../../shared/domain/notice.js';
import { aListVersion } from '../support/in-memory-ports.js';
import '../support/sdk-matchers.js';

const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-3' }));
const dynamo = mockClient(documentClient);

afterEach(() => {
  dynamo.reset();
});

const REQUESTED = '2026-12-01T00:00:00.000Z';
const ref = { processorId: 'prc_1', version: 2, requestedEffectiveAt: REQUESTED };
const KEY = { pk: 'PROCESSOR#prc_1', sk: 'EFFECT#0000000002' };
const conditionFailed = (item?: Record<string, unknown>) =>
  new ConditionalCheckFailedException({
    message: 'The conditional request failed',
    $metadata: {},
    ...(item !== undefined && { Item: marshall(item) }),
  });

describe('VersionEffectRepository', () => {
  const effects = new VersionEffectRepository(documentClient, 'registry');

  it('moves the projection later only, and only while scheduled (creating the item past the requested time)', async () => {
    dynamo.on(UpdateCommand).resolves({});
    expect(await effects.extendProjection(ref, '2026-12-02T00:00:00.000Z')).toBe('extended');
    const input = dynamo.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(input?.Key).toEqual(KEY);
    expect(input?.ConditionExpression).toBe(
      '(attribute_not_exists(pk) AND :closes > :requested) OR (#state = :scheduled AND effectiveAt < :closes)',
    );
    expect(input?.ExpressionAttributeValues).toMatchObject({
      ':closes': '2026-12-02T00:00:00.000Z',
      ':requested': REQUESTED,
      ':scheduled': 'scheduled',
    });
  });

  it('answers unchanged for an earlier deadline, settled once the version took effect or was withdrawn', async () => {
    dynamo
      .on(UpdateCommand)
      .rejectsOnce(conditionFailed())
      .rejectsOnce(conditionFailed({ ...KEY, state: 'scheduled', effectiveAt: '2026-12-05T00:00:00.000Z' }));
    expect(await effects.extendProjection(ref, '2026-11-30T00:00:00.000Z')).toBe('unchanged');
    expect(await effects.extendProjection(ref, '2026-12-02T00:00:00.000Z')).toBe('unchanged');
    dynamo.reset();
    dynamo.on(UpdateCommand).rejects(conditionFailed({ ...KEY, state: 'effective', effectiveAt: REQUESTED }));
    expect(await effects.extendProjection(ref, '2026-12-02T00:00:00.000Z')).toBe('settled');
  });

  it('takes effect once: a second pass finds it effective with its time', async () => {
    dynamo
      .on(UpdateCommand)
      .resolvesOnce({})
      .rejectsOnce(
        conditionFailed({ ...KEY, type: 'VersionEffect', ...ref, state: 'effective', effectiveAt: REQUESTED }),
      );
    expect(await effects.takeEffect(ref, REQUESTED, '2026-12-01T00:01:00.000Z')).toEqual({ written: true });
    expect(dynamo.commandCalls(UpdateCommand)[0]?.args[0].input).toMatchObject({
      ConditionExpression: 'attribute_not_exists(pk) OR #state = :scheduled',
      ExpressionAttributeValues: expect.objectContaining({ ':effective': 'effective', ':false': false }),
    });
    expect(await effects.takeEffect(ref, REQUESTED, '2026-12-01T00:02:00.000Z')).toEqual({
      written: false,
      current: { ...ref, state: 'effective', effectiveAt: REQUESTED },
    });
  });

  it('reads the effects a page names in one BatchGetItem per 100 keys, asking again for unprocessed ones', async () => {
    const refs = Array.from({ length: 150 }, (_, i) => ({ processorId: `prc_${i}`, version: 2 }));
    dynamo
      .on(BatchGetCommand)
      .resolvesOnce({
        Responses: { registry: [{ ...KEY, processorId: 'prc_0', version: 2, state: 'scheduled' }] },
        UnprocessedKeys: { registry: { Keys: [{ pk: 'PROCESSOR#prc_1', sk: 'EFFECT#0000000002' }] } },
      })
      .resolves({ Responses: { registry: [] } });
    const found = await effects.getMany([...refs, refs[0] as (typeof refs)[number]]);
    expect([...found.keys()]).toEqual(['prc_0#2']);
    const calls = dynamo.commandCalls(BatchGetCommand).map((c) => c.args[0].input.RequestItems?.registry?.Keys?.length);
    expect(calls.sort()).toEqual([1, 100, 50].sort());
  });
});

describe('RecipientRepository.closeUnsent', () => {
  const recipients = new RecipientRepository(documentClient, 'registry');
  const unsent: NoticeRecipient = {
    noticeId: 'ntc_1',
    processorId: 'prc_1',
    contractId: 'ctr_1',
    clientId: 'cli_1',
    notifyEmails: ['dpo@client.example'],
    noticePeriodDays: 30,
    delivery: 'sending',
    deliveryEvents: [],
    windowState: 'pending',
    outcome: 'pending',
    claimId: 'claim-1',
    claimedAt: '2026-11-01T00:00:00.000Z',
  };

  it('closes not-notified only the recipient as read (same claim, no resend), with the effect time as deadline', async () => {
    dynamo.on(TransactWriteCommand).resolves({});
    expect(await recipients.closeUnsent(unsent, REQUESTED)).toEqual({ written: true });
    const items = dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems;
    expect(items?.[0]?.Update?.ConditionExpression).toBe(
      'windowState = :pending AND attribute_not_exists(sentAt) AND delivery = :delivery AND attribute_not_exists(decision) AND claimId = :claim AND attribute_not_exists(resendId)',
    );
    expect(items?.[0]?.Update?.ExpressionAttributeValues).toMatchObject({
      ':claim': 'claim-1',
      ':delivery': 'sending',
      ':outcome': 'not-notified',
    });
    expect(items?.[1]?.Put?.Item).toMatchObject({ outcome: 'not-notified', closesAt: REQUESTED, closedAt: REQUESTED });
  });

  it('answers the recipient as a sender left it when a claim won the race', async () => {
    dynamo.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'cancelled',
        $metadata: {},
        CancellationReasons: [
          {
            Code: 'ConditionalCheckFailed',
            Item: marshall({ pk: 'NOTICE#ntc_1', sk: 'RECIPIENT#ctr_1', ...unsent, claimId: 'claim-2' }),
          },
          { Code: 'None' },
        ],
      }),
    );
    const result = await recipients.closeUnsent(unsent, REQUESTED);
    expect(result).toEqual({ written: false, current: { ...unsent, claimId: 'claim-2' } });
  });
});

describe('ListVersionRepository.publish of a withdrawal', () => {
  const versions = new ListVersionRepository(documentClient, 'registry');
  const baseline = aListVersion('prc_1', [], undefined, '2026-11-01T00:00:00.000Z');
  const pending = aListVersion('prc_1', [], baseline, '2026-11-01T00:00:00.000Z');
  const withdrawal = { ...aListVersion('prc_1', [], pending, '2026-11-02T00:00:00.000Z'), withdraws: 2 };

  it('marks the withdrawn version in the same transaction, only while it is scheduled', async () => {
    dynamo.on(TransactWriteCommand).resolves({});
    await versions.publish(withdrawal, 2, pending);
    const items = dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems;
    expect(items).toHaveLength(3);
    expect(items?.[2]?.Update).toMatchObject({
      Key: KEY,
      ConditionExpression: 'attribute_not_exists(pk) OR #state = :scheduled',
      ExpressionAttributeValues: expect.objectContaining({
        ':withdrawn': 'withdrawn',
        ':requested': pending.effectiveAt,
      }),
    });
  });

  it('answers 409 when the version took effect meanwhile, 412 when another change was published', async () => {
    const cancelled = (index: number) =>
      new TransactionCanceledException({
        message: 'cancelled',
        $metadata: {},
        CancellationReasons: [0, 1, 2].map((i) =>
          i === index ? { Code: 'ConditionalCheckFailed' } : { Code: 'None' },
        ),
      });
    dynamo.on(TransactWriteCommand).rejectsOnce(cancelled(2)).rejectsOnce(cancelled(1));
    await expect(versions.publish(withdrawal, 2, pending)).rejects.toThrow(ConflictError);
    await expect(versions.publish(withdrawal, 2, pending)).rejects.toThrow(PreconditionFailedError);
  });
});
