import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiKeyRepository } from '../../shared/adapters/dynamodb/api-key-repository.js';
import { encodeCursor } from '../../shared/adapters/dynamodb/cursor.js';
import { TenantApiKeyRepository } from '../../shared/adapters/dynamodb/tenant-api-key-repository.js';
import { TenantCountRepository } from '../../shared/adapters/dynamodb/tenant-count-repository.js';
import { TenantDirectoryRepository } from '../../shared/adapters/dynamodb/tenant-directory-repository.js';
import type { IssuedApiKey } from '../../shared/domain/api-key.js';
import { ConflictError, ValidationError } from '../../shared/domain/errors.js';
import '../support/sdk-matchers.js';

const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-3' }));
const dynamo = mockClient(documentClient);

afterEach(() => {
  dynamo.reset();
});

const T0 = '2026-01-05T09:00:00.000Z';
const ACME = { type: 'processor', id: 'prc_acme' } as const;
const KEY: IssuedApiKey = { id: 'key_2', label: 'CI', prefix: 'spr_p_abcdef', createdAt: T0, hash: 'h2' };

/** A cancelled transaction: per action, its reason code and (for a failed condition) the item as it stood. */
const cancelled = (...reasons: Array<string | { Code: string; Item: Record<string, unknown> }>) =>
  new TransactionCanceledException({
    $metadata: {},
    message: 'Transaction cancelled',
    CancellationReasons: reasons.map((reason) =>
      typeof reason === 'string' ? { Code: reason } : { Code: reason.Code, Item: marshall(reason.Item) },
    ),
  });

describe('ApiKeyRepository', () => {
  const repository = new ApiKeyRepository(documentClient, 'registry');

  it('reads the key consistently, so that a revocation holds from the next request', async () => {
    dynamo.on(GetCommand).resolves({
      Item: { principalType: 'client', principalId: 'cli_1', keyId: 'key_1', createdAt: T0, lastUsedAt: T0 },
    });
    expect(await repository.find('h1')).toEqual({
      tenant: { type: 'client', id: 'cli_1' },
      keyId: 'key_1',
      createdAt: T0,
      lastUsedAt: T0,
    });
    expect(dynamo).toHaveReceivedCommandWith(GetCommand, {
      Key: { pk: 'APIKEY#h1', sk: 'APIKEY' },
      ConsistentRead: true,
    });
  });

  it('finds no key once revoked, and a key without id as one to adopt', async () => {
    dynamo
      .on(GetCommand)
      .resolvesOnce({
        Item: { principalType: 'client', principalId: 'cli_1', keyId: 'key_1', createdAt: T0, revokedAt: T0 },
      })
      .resolvesOnce({ Item: { principalType: 'processor', principalId: 'prc_1', createdAt: T0 } });
    expect(await repository.find('h1')).toBeUndefined();
    expect(await repository.find('h0')).toEqual({
      tenant: { type: 'processor', id: 'prc_1' },
      keyId: undefined,
      createdAt: T0,
    });
  });

  it('records a use only if the last one is an hour old, and reports a lost condition as false', async () => {
    dynamo
      .on(TransactWriteCommand)
      .rejects(cancelled({ Code: 'ConditionalCheckFailed', Item: { lastUsedAt: T0 } }, 'None'));
    const use = {
      hash: 'h1',
      tenant: ACME,
      keyId: 'key_1',
      at: '2026-01-05T09:30:00.000Z',
      lastUsedBefore: '2026-01-05T08:30:00.000Z',
    };
    expect(await repository.recordUse(use)).toBe(false);
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
    const [first, second] = dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(first?.Update).toMatchObject({
      Key: { pk: 'APIKEY#h1', sk: 'APIKEY' },
      ConditionExpression:
        'attribute_exists(pk) AND attribute_not_exists(revokedAt) AND (attribute_not_exists(lastUsedAt) OR lastUsedAt <= :before)',
      ExpressionAttributeValues: { ':at': use.at, ':before': use.lastUsedBefore },
    });
    expect(second?.Update).toMatchObject({ Key: { pk: 'PROCESSOR#prc_acme', sk: 'KEY#key_1' } });
  });

  it('adopts a key without id in the same write: its id, its entry, the count and the listing of its tenant', async () => {
    dynamo.on(TransactWriteCommand).resolves({});
    const adopted = await repository.recordUse({
      hash: 'h0',
      tenant: ACME,
      keyId: 'key_legacy',
      at: T0,
      lastUsedBefore: '2026-01-05T08:00:00.000Z',
      adopt: { prefix: 'spr_p_abcdef', label: 'initial', createdAt: '2025-01-01T00:00:00.000Z' },
    });
    expect(adopted).toBe(true);
    const items = dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items).toHaveLength(3);
    expect(items[0]?.Update?.ConditionExpression).toContain('attribute_not_exists(keyId)');
    expect(items[1]?.Put?.Item).toEqual({
      pk: 'PROCESSOR#prc_acme',
      sk: 'KEY#key_legacy',
      type: 'TenantApiKey',
      keyId: 'key_legacy',
      label: 'initial',
      prefix: 'spr_p_abcdef',
      createdAt: '2025-01-01T00:00:00.000Z',
      lastUsedAt: T0,
      apiKeyHash: 'h0',
    });
    expect(items[2]?.Update).toMatchObject({
      Key: { pk: 'PROCESSOR#prc_acme', sk: 'PROFILE' },
      ExpressionAttributeValues: {
        ':one': 1,
        ':gsi1pk': 'TENANTS#PROCESSOR',
        ':gsi1sk': '2025-01-01T00:00:00.000Z#prc_acme',
      },
    });
  });
});

describe('TenantApiKeyRepository.add', () => {
  const repository = new TenantApiKeyRepository(documentClient, 'registry');

  it('writes the count, the lookup item and the entry in one transaction', async () => {
    dynamo.on(TransactWriteCommand).resolves({});
    expect(await repository.add(ACME, KEY, 20)).toBe('added');
    const items = dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items.map((item) => item.Update?.Key ?? item.Put?.Item?.pk)).toEqual([
      { pk: 'PROCESSOR#prc_acme', sk: 'PROFILE' },
      'APIKEY#h2',
      'PROCESSOR#prc_acme',
    ]);
    expect(items[0]?.Update?.ConditionExpression).toBe(
      'attribute_exists(pk) AND (attribute_not_exists(apiKeyCount) OR apiKeyCount < :max)',
    );
    expect(JSON.stringify(items)).not.toContain('"apiKey"');
  });

  it('tells a missing tenant (no item) from a full one (the profile as it stood)', async () => {
    dynamo
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled('ConditionalCheckFailed', 'None', 'None'))
      .rejectsOnce(cancelled({ Code: 'ConditionalCheckFailed', Item: { apiKeyCount: 20 } }, 'None', 'None'));
    expect(await repository.add(ACME, KEY, 20)).toBe('no-tenant');
    expect(await repository.add(ACME, KEY, 20)).toBe('full');
  });

  it('tries again after a transaction conflict, and answers 409 when conflicts go on', async () => {
    expect.assertions(3);
    dynamo
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled('TransactionConflict', 'None', 'None'))
      .resolves({});
    expect(await repository.add(ACME, KEY, 20)).toBe('added');
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 2);
    dynamo.reset();
    dynamo.on(TransactWriteCommand).rejects(cancelled('TransactionConflict', 'None', 'None'));
    await expect(repository.add(ACME, KEY, 20)).rejects.toBeInstanceOf(ConflictError);
  });
});

describe('TenantApiKeyRepository.revoke', () => {
  const repository = new TenantApiKeyRepository(documentClient, 'registry');
  const entry = { keyId: 'key_2', apiKeyHash: 'h2', label: 'CI', prefix: 'spr_p_abcdef', createdAt: T0 };

  it('marks both items revoked and counts down, conditioned on the floor', async () => {
    dynamo.on(GetCommand).resolves({ Item: entry });
    dynamo.on(TransactWriteCommand).resolves({});
    expect(await repository.revoke(ACME, 'key_2', T0, 1)).toBe('revoked');
    const items = dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items.map((item) => item.Update?.Key)).toEqual([
      { pk: 'PROCESSOR#prc_acme', sk: 'KEY#key_2' },
      { pk: 'APIKEY#h2', sk: 'APIKEY' },
      { pk: 'PROCESSOR#prc_acme', sk: 'PROFILE' },
    ]);
    expect(items[2]?.Update).toMatchObject({
      UpdateExpression: 'ADD apiKeyCount :minusOne',
      ConditionExpression: 'apiKeyCount > :floor',
      ExpressionAttributeValues: { ':minusOne': -1, ':floor': 1 },
    });
  });

  it('answers no-key without writing for an unknown or revoked key', async () => {
    dynamo
      .on(GetCommand)
      .resolvesOnce({})
      .resolvesOnce({ Item: { ...entry, revokedAt: T0 } });
    expect(await repository.revoke(ACME, 'key_x', T0, 1)).toBe('no-key');
    expect(await repository.revoke(ACME, 'key_2', T0, 1)).toBe('no-key');
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 0);
  });

  it('answers last-key when the count is at the floor, no-key when revoked meanwhile', async () => {
    dynamo.on(GetCommand).resolves({ Item: entry });
    dynamo
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled('None', 'None', { Code: 'ConditionalCheckFailed', Item: { apiKeyCount: 1 } }))
      .rejectsOnce(cancelled({ Code: 'ConditionalCheckFailed', Item: { ...entry, revokedAt: T0 } }, 'None', 'None'));
    expect(await repository.revoke(ACME, 'key_2', T0, 1)).toBe('last-key');
    expect(await repository.revoke(ACME, 'key_2', T0, 1)).toBe('no-key');
  });

  it('reads again and decides afresh after a transaction conflict', async () => {
    dynamo.on(GetCommand).resolves({ Item: entry });
    dynamo
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled('None', 'None', 'TransactionConflict'))
      .rejectsOnce(cancelled('None', 'None', { Code: 'ConditionalCheckFailed', Item: { apiKeyCount: 1 } }));
    expect(await repository.revoke(ACME, 'key_2', T0, 1)).toBe('last-key');
    expect(dynamo).toHaveReceivedCommandTimes(GetCommand, 2);
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 2);
  });
});

describe('TenantDirectoryRepository', () => {
  const repository = new TenantDirectoryRepository(documentClient, 'registry');

  it('queries the kind’s listing partition newest first, and refuses a cursor of the other kind', async () => {
    expect.assertions(3);
    const last = { pk: 'CLIENT#cli_1', sk: 'PROFILE', gsi1pk: 'TENANTS#CLIENT', gsi1sk: `${T0}#cli_1` };
    dynamo.on(QueryCommand).resolves({ Items: [{ id: 'cli_1', name: 'One', createdAt: T0 }], LastEvaluatedKey: last });
    expect(await repository.page('client', { limit: 1 })).toEqual({
      items: [{ id: 'cli_1', name: 'One', createdAt: T0 }],
      nextCursor: encodeCursor(last),
    });
    expect(dynamo).toHaveReceivedCommandWith(QueryCommand, {
      IndexName: 'gsi1',
      ExpressionAttributeValues: { ':pk': 'TENANTS#CLIENT' },
      ScanIndexForward: false,
      Limit: 1,
    });
    await expect(repository.page('processor', { limit: 1, cursor: encodeCursor(last) })).rejects.toBeInstanceOf(
      ValidationError,
    );
  });
});

describe('TenantCountRepository', () => {
  const repository = new TenantCountRepository(documentClient, 'registry');

  it("sums a processor's counts over every page DynamoDB returns", async () => {
    dynamo
      .on(QueryCommand, { IndexName: undefined })
      .resolvesOnce({ Count: 3, LastEvaluatedKey: { pk: 'x', sk: 'y' } })
      .resolvesOnce({ Count: 2 });
    dynamo.on(QueryCommand, { IndexName: 'gsi1' }).resolves({ Count: 1 });
    expect(await repository.counts(ACME)).toEqual({ contracts: 5, openNotices: 1 });
    expect(dynamo).toHaveReceivedCommandWith(QueryCommand, {
      Select: 'COUNT',
      FilterExpression: 'attribute_not_exists(endedAt)',
    });
  });

  it("counts a client's notice once when one of its windows there is open, ended contracts' windows included", async () => {
    dynamo.on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'CLIENT#cli_1', ':prefix': 'CONTRACT#' } }).resolves({
      Items: [
        { id: 'ctr_old', processorId: 'prc_a', endedAt: T0 },
        { id: 'ctr_new', processorId: 'prc_a' },
        { id: 'ctr_b', processorId: 'prc_b' },
      ],
    });
    dynamo
      .on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'PROCESSOR#prc_a#NOTICES', ':open': 'open' } })
      .resolves({ Items: [{ id: 'ntc_a_2' }, { id: 'ntc_a_3' }] });
    dynamo
      .on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'PROCESSOR#prc_b#NOTICES', ':open': 'open' } })
      .resolves({ Items: [{ id: 'ntc_b_2' }] });
    const windows: Record<string, string> = {
      'NOTICE#ntc_a_2 RECIPIENT#ctr_old': 'open',
      'NOTICE#ntc_a_2 RECIPIENT#ctr_new': 'open',
      'NOTICE#ntc_a_3 RECIPIENT#ctr_new': 'closed',
      'NOTICE#ntc_b_2 RECIPIENT#ctr_b': 'pending',
    };
    dynamo.on(GetCommand).callsFake((input: { Key: { pk: string; sk: string } }) => {
      const state = windows[`${input.Key.pk} ${input.Key.sk}`];
      return state === undefined ? {} : { Item: { windowState: state } };
    });
    expect(await repository.counts({ type: 'client', id: 'cli_1' })).toEqual({ contracts: 2, openNotices: 1 });
    expect(dynamo).toHaveReceivedCommandTimes(GetCommand, 5);
  });
});
