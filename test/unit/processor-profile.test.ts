import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProcessorRepository } from '../../shared/adapters/dynamodb/processor-repository.js';
import { VendorEmailRepository } from '../../shared/adapters/dynamodb/vendor-email-repository.js';
import { hashApiKey, type Tenant } from '../../shared/domain/api-key.js';
import { ForbiddenError, NotFoundError, UnauthorizedError } from '../../shared/domain/errors.js';
import {
  DEFAULT_REMINDER_DAYS_BEFORE,
  getProcessorProfile,
  updateProcessorProfile,
} from '../../shared/domain/processor-profile.js';
import { ProcessorPatchBodySchema } from '../../shared/http/api-schemas.js';
import { authenticate } from '../../shared/http/authenticate.js';
import { issuesFromZod } from '../../shared/http/issues-from-zod.js';
import { FakeClock, InMemoryApiKeyTable, InMemoryProcessorStore } from '../support/in-memory-ports.js';
import '../support/sdk-matchers.js';

const T0 = '2026-01-05T09:00:00.000Z';

describe('processor profile use cases', () => {
  let processors: InMemoryProcessorStore;
  const clock = new FakeClock(T0);
  beforeEach(() => {
    processors = new InMemoryProcessorStore();
    processors.add({
      id: 'prc_1',
      name: 'Acme',
      address: '1 rue de la Paix, Paris',
      contactEmail: 'privacy@acme.example',
      createdAt: '2026-01-01T00:00:00.000Z',
    });
  });

  it('serves the default reminder lead time to a processor that never set one, and null for unset fields', async () => {
    processors.add({ id: 'prc_2', name: 'Bare', createdAt: T0 });

    expect(await getProcessorProfile('prc_2', { processors })).toEqual({
      id: 'prc_2',
      name: 'Bare',
      address: null,
      contactEmail: null,
      reminderDaysBefore: DEFAULT_REMINDER_DAYS_BEFORE,
      defaultLanguage: 'en',
      createdAt: T0,
      updatedAt: null,
    });
  });

  it('changes the fields sent, clears those sent as null, keeps the others, and answers the whole profile', async () => {
    const profile = await updateProcessorProfile(
      'prc_1',
      { address: null, reminderDaysBefore: 0, defaultLanguage: 'fr' },
      { processors, clock },
    );

    expect(profile).toEqual({
      id: 'prc_1',
      name: 'Acme',
      address: null,
      contactEmail: 'privacy@acme.example',
      reminderDaysBefore: 0,
      defaultLanguage: 'fr',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: T0,
    });
    expect(processors.rows.get('prc_1')).not.toHaveProperty('address');
    expect(processors.rows.get('prc_1')?.defaultLanguage).toBe('fr');
  });

  it('keeps both of two concurrent changes of different fields', async () => {
    await Promise.all([
      updateProcessorProfile('prc_1', { contactEmail: 'dpo@acme.example' }, { processors, clock }),
      updateProcessorProfile('prc_1', { reminderDaysBefore: 10 }, { processors, clock }),
    ]);

    expect(await getProcessorProfile('prc_1', { processors })).toMatchObject({
      contactEmail: 'dpo@acme.example',
      reminderDaysBefore: 10,
      name: 'Acme',
    });
  });

  it('answers 404 for an unknown processor', async () => {
    expect.assertions(2);
    await expect(getProcessorProfile('prc_none', { processors })).rejects.toThrow(NotFoundError);
    await expect(updateProcessorProfile('prc_none', { name: 'X' }, { processors, clock })).rejects.toThrow(
      'no processor prc_none',
    );
  });
});

describe('PATCH body', () => {
  const issues = (body: unknown) => {
    const result = ProcessorPatchBodySchema.safeParse(body);
    return result.success ? [] : issuesFromZod(result.error).map(({ path, rule }) => ({ path, rule }));
  };

  it.each([
    [{}, [{ path: '(body)', rule: 'invalid' }]],
    [{ reminderDaysBefore: 61 }, [{ path: 'reminderDaysBefore', rule: 'too-big' }]],
    [{ reminderDaysBefore: -1 }, [{ path: 'reminderDaysBefore', rule: 'too-small' }]],
    [{ reminderDaysBefore: 2.5 }, [{ path: 'reminderDaysBefore', rule: 'invalid-type' }]],
    [{ name: null }, [{ path: 'name', rule: 'invalid-type' }]],
    [{ name: 'Acme\r\nBcc: x' }, [{ path: 'name', rule: 'invalid-format' }]],
    [{ contactEmail: 'not-an-address' }, [{ path: 'contactEmail', rule: 'invalid-format' }]],
    [
      { currentVersion: 3 },
      [
        { path: 'currentVersion', rule: 'unknown-field' },
        { path: '(body)', rule: 'invalid' },
      ],
    ],
  ])('refuses %j naming the field and the rule', (body, expected) => {
    expect(issues(body)).toEqual(expected);
  });

  it.each([
    [{ address: null }],
    [{ contactEmail: null, reminderDaysBefore: 0 }],
    [{ reminderDaysBefore: 60 }],
    [{ name: '  Acme\u0301  ' }],
  ])('accepts %j', (body) => {
    expect(issues(body)).toEqual([]);
  });
});

describe('ProcessorRepository.updateProfile', () => {
  const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-3' }));
  const dynamo = mockClient(documentClient);
  const repository = new ProcessorRepository(documentClient, 'registry');
  afterEach(() => {
    dynamo.reset();
  });

  it('writes one SET or REMOVE per field sent, on an existing profile only, and returns the item as written', async () => {
    dynamo.on(UpdateCommand).resolves({
      Attributes: { pk: 'PROCESSOR#prc_1', sk: 'PROFILE', type: 'Processor', id: 'prc_1', name: 'Acme', createdAt: T0 },
    });

    const written = await repository.updateProfile('prc_1', { name: 'Acme', address: null }, T0);

    expect(written).toEqual({ id: 'prc_1', name: 'Acme', createdAt: T0 });
    expect(dynamo).toHaveReceivedCommandTimes(UpdateCommand, 1);
    expect(dynamo).toHaveReceivedCommandWith(UpdateCommand, {
      TableName: 'registry',
      Key: { pk: 'PROCESSOR#prc_1', sk: 'PROFILE' },
      UpdateExpression: 'SET updatedAt = :updatedAt, #name = :name REMOVE #address',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#name': 'name', '#address': 'address' },
      ExpressionAttributeValues: { ':updatedAt': T0, ':name': 'Acme' },
      ReturnValues: 'ALL_NEW',
    });
  });

  it('answers undefined when there is no such processor', async () => {
    dynamo.on(UpdateCommand).rejects(new ConditionalCheckFailedException({ $metadata: {}, message: 'failed' }));

    expect(await repository.updateProfile('prc_none', { reminderDaysBefore: 3 }, T0)).toBeUndefined();
  });
});

describe('VendorEmailRepository', () => {
  const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-3' }));
  const dynamo = mockClient(documentClient);
  const repository = new VendorEmailRepository(documentClient, 'registry');
  const key = { noticeId: 'ntc_1_2', subject: 'objection', contractId: 'ctr_1' } as const;
  afterEach(() => {
    dynamo.reset();
  });

  it('claims under the notice: never after the send, and over a stale claim only', async () => {
    dynamo.on(UpdateCommand).resolves({});

    expect(await repository.claim(key, T0, '2026-01-05T08:55:00.000Z')).toBe(true);

    expect(dynamo).toHaveReceivedCommandWith(UpdateCommand, {
      Key: { pk: 'NOTICE#ntc_1_2', sk: 'VENDOREMAIL#OBJECTION#ctr_1' },
      ConditionExpression:
        'attribute_not_exists(messageId) AND (attribute_not_exists(claimedAt) OR claimedAt < :stale)',
    });
  });

  it('reports a lost claim as false', async () => {
    dynamo.on(UpdateCommand).rejects(new ConditionalCheckFailedException({ $metadata: {}, message: 'failed' }));

    expect(await repository.claim({ noticeId: 'ntc_1_2', subject: 'summary' }, T0, T0)).toBe(false);
  });

  it('releases only the claim it was given, and only while nothing was sent', async () => {
    dynamo.on(UpdateCommand).rejects(new ConditionalCheckFailedException({ $metadata: {}, message: 'failed' }));

    await repository.release(key, T0);

    expect(dynamo).toHaveReceivedCommandWith(UpdateCommand, {
      UpdateExpression: 'REMOVE claimedAt',
      ConditionExpression: 'claimedAt = :at AND attribute_not_exists(messageId)',
      ExpressionAttributeValues: { ':at': T0 },
    });
  });

  it('reads the record consistently', async () => {
    dynamo.on(GetCommand).resolves({ Item: { messageId: 'm-1', sentAt: T0, sentTo: ['a@b.example'] } });

    expect(await repository.get({ noticeId: 'ntc_1_2', subject: 'summary' })).toEqual({
      messageId: 'm-1',
      sentAt: T0,
      to: ['a@b.example'],
    });
    expect(dynamo).toHaveReceivedCommandWith(GetCommand, {
      Key: { pk: 'NOTICE#ntc_1_2', sk: 'VENDOREMAIL#SUMMARY' },
      ConsistentRead: true,
    });
  });
});

describe("reading a processor's profile: its own key or the admin key", () => {
  const ADMIN = 'spr_admin_0123456789abcdef0123';
  const apiKeys = new InMemoryApiKeyTable();
  const tenants: Array<[Tenant, string, string]> = [
    [{ type: 'processor', id: 'prc_1' }, 'spr_p_ownerownerownerowner', 'key_owner'],
    [{ type: 'processor', id: 'prc_2' }, 'spr_p_otherotherotherother', 'key_other'],
    [{ type: 'client', id: 'cli_1' }, 'spr_c_clientclientclient', 'key_client'],
  ];
  for (const [tenant, key, id] of tenants) {
    apiKeys.addTenant(tenant, { id, label: 'initial', prefix: key.slice(0, 12), createdAt: T0, hash: hashApiKey(key) });
  }
  const deps = { apiKeys, adminApiKeySha256: hashApiKey(ADMIN), clock: new FakeClock(T0) };
  const read = (key: string | undefined) =>
    authenticate('processor-owner-or-admin', key === undefined ? undefined : `Bearer ${key}`, 'prc_1', deps);

  it('lets the processor itself and the admin in', async () => {
    expect(await read('spr_p_ownerownerownerowner')).toEqual({ type: 'processor', id: 'prc_1', keyId: 'key_owner' });
    expect(await read(ADMIN)).toEqual({ type: 'admin' });
  });

  it('refuses another processor and a client with 403, no key or an unknown one with 401', async () => {
    expect.assertions(4);
    await expect(read('spr_p_otherotherotherother')).rejects.toThrow(ForbiddenError);
    await expect(read('spr_c_clientclientclient')).rejects.toThrow(ForbiddenError);
    await expect(read(undefined)).rejects.toThrow(UnauthorizedError);
    await expect(read('spr_p_unknownunknownunknown')).rejects.toThrow(UnauthorizedError);
  });
});
