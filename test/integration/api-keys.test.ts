import { DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { localDynamoDbClient } from '../../infra/local/dynamodb-local.js';
import { documentClient } from '../../shared/adapters/aws-clients.js';
import { keys } from '../../shared/adapters/dynamodb/keys.js';
import { TenantApiKeyRepository } from '../../shared/adapters/dynamodb/tenant-api-key-repository.js';
import { hashApiKey, INITIAL_KEY_LABEL, issueApiKey, legacyKeyId } from '../../shared/domain/api-key.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

let api: TestApi;
let db: DynamoDBDocumentClient;

beforeAll(async () => {
  api = await startTestApi();
  db = DynamoDBDocumentClient.from(localDynamoDbClient(api.stack.dynamoDbEndpoint));
});
afterAll(async () => {
  db?.destroy();
  await api?.stop();
});

type Tenant = { id: string; apiKey: string };
type Kind = 'processors' | 'clients';

async function newTenant(kind: Kind, name = `Tenant ${Math.random().toString(36).slice(2)}`): Promise<Tenant> {
  const created = await api.call('POST', `/${kind}`, { key: api.adminKey, body: { name } });
  expect(created.status).toBe(201);
  return created.body;
}

const item = async (key: { pk: string; sk: string }) =>
  (await db.send(new GetCommand({ TableName: api.stack.tableName, Key: key, ConsistentRead: true }))).Item;

const listKeys = (kind: Kind, tenant: Tenant, key = tenant.apiKey) =>
  api.call('GET', `/${kind}/${tenant.id}/keys`, { key });

async function addKey(kind: Kind, tenant: Tenant, label: string, key = tenant.apiKey) {
  const created = await api.call('POST', `/${kind}/${tenant.id}/keys`, { key, body: { label } });
  expect(created.status).toBe(201);
  return created.body as { id: string; label: string; prefix: string; createdAt: string; apiKey: string };
}

async function onlyKeyId(kind: Kind, tenant: Tenant): Promise<string> {
  const listed = await listKeys(kind, tenant);
  expect(listed.body.keys).toHaveLength(1);
  return listed.body.keys[0].id;
}

describe.each(['processors', 'clients'] as const)('keys of %s', (kind) => {
  it('lists the key issued with the tenant as "initial", with its prefix and never the key or its hash', async () => {
    const tenant = await newTenant(kind);
    const listed = await listKeys(kind, tenant);
    expect(listed.status).toBe(200);
    expect(listed.body.keys).toEqual([
      {
        id: expect.stringMatching(/^key_/),
        label: INITIAL_KEY_LABEL,
        prefix: tenant.apiKey.slice(0, 12),
        createdAt: expect.any(String),
        lastUsedAt: expect.any(String),
      },
    ]);
    const text = JSON.stringify(listed.body);
    expect(text).not.toContain(tenant.apiKey);
    expect(text).not.toContain(hashApiKey(tenant.apiKey));
    // The profile counts its one key.
    expect(
      (await item(keys.tenantProfile({ type: kind === 'processors' ? 'processor' : 'client', id: tenant.id })))
        ?.apiKeyCount,
    ).toBe(1);
  });

  it('rotates: a second key works, the first is revoked and answers 401 on its very next request', async () => {
    const tenant = await newTenant(kind);
    const firstId = await onlyKeyId(kind, tenant);
    const second = await addKey(kind, tenant, 'CI pipeline');
    expect(second).toEqual({
      id: expect.stringMatching(/^key_/),
      label: 'CI pipeline',
      prefix: second.apiKey.slice(0, 12),
      createdAt: expect.any(String),
      apiKey: expect.stringMatching(kind === 'processors' ? /^spr_p_/ : /^spr_c_/),
    });
    expect((await listKeys(kind, tenant, second.apiKey)).status).toBe(200);

    const revoked = await api.call('DELETE', `/${kind}/${tenant.id}/keys/${firstId}`, { key: second.apiKey });
    expect(revoked.status).toBe(204);
    const refused = await listKeys(kind, tenant, tenant.apiKey);
    expect(refused.status).toBe(401);
    expect(refused.body.error.message).toBe('Authorization: unknown API key');

    const listed = await listKeys(kind, tenant, second.apiKey);
    expect(listed.body.keys.map((k: { id: string }) => k.id)).toEqual([second.id]);
    // Kept as evidence, marked revoked, both items; the profile counts one key.
    const tenantRef = { type: kind === 'processors' ? 'processor' : 'client', id: tenant.id } as const;
    expect((await item(keys.apiKey(hashApiKey(tenant.apiKey))))?.revokedAt).toEqual(expect.any(String));
    expect((await item(keys.tenantApiKey(tenantRef, firstId)))?.revokedAt).toEqual(expect.any(String));
    expect((await item(keys.tenantProfile(tenantRef)))?.apiKeyCount).toBe(1);
    // Revoking it again: gone.
    const again = await api.call('DELETE', `/${kind}/${tenant.id}/keys/${firstId}`, { key: second.apiKey });
    expect(again.status).toBe(404);
  });

  it('refuses the tenant its last key (409), lets the admin revoke it (204)', async () => {
    const tenant = await newTenant(kind);
    const keyId = await onlyKeyId(kind, tenant);
    const refused = await api.call('DELETE', `/${kind}/${tenant.id}/keys/${keyId}`, { key: tenant.apiKey });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('cannot revoke its last key');
    expect((await listKeys(kind, tenant)).status).toBe(200);

    const byAdmin = await api.call('DELETE', `/${kind}/${tenant.id}/keys/${keyId}`, { key: api.adminKey });
    expect(byAdmin.status).toBe(204);
    expect((await listKeys(kind, tenant)).status).toBe(401);
    // The admin lets the tenant back in with a new key.
    const fresh = await addKey(kind, tenant, 'after the leak', api.adminKey);
    const listed = await listKeys(kind, tenant, fresh.apiKey);
    expect(listed.body.keys.map((k: { id: string }) => k.id)).toEqual([fresh.id]);
  });

  it('lets exactly one of two concurrent revocations of the last two keys succeed', async () => {
    for (let round = 0; round < 3; round++) {
      const tenant = await newTenant(kind);
      const firstId = await onlyKeyId(kind, tenant);
      const second = await addKey(kind, tenant, 'second');
      const [a, b] = await Promise.all([
        api.call('DELETE', `/${kind}/${tenant.id}/keys/${firstId}`, { key: second.apiKey }),
        api.call('DELETE', `/${kind}/${tenant.id}/keys/${second.id}`, { key: tenant.apiKey }),
      ]);
      const statuses = [a.status, b.status];
      expect(statuses.filter((s) => s === 204)).toHaveLength(1);
      // The loser finds the last key (409), or its own key already revoked (401).
      expect(statuses.filter((s) => s === 409 || s === 401)).toHaveLength(1);
      const survivor = a.status === 204 ? second.apiKey : tenant.apiKey;
      const listed = await listKeys(kind, tenant, survivor);
      expect(listed.body.keys).toHaveLength(1);
      const tenantRef = { type: kind === 'processors' ? 'processor' : 'client', id: tenant.id } as const;
      expect((await item(keys.tenantProfile(tenantRef)))?.apiKeyCount).toBe(1);
    }
  });
});

describe('revocation under concurrency, on the table itself', () => {
  it('of two revocations of the last two keys at once, exactly one wins, every time', async () => {
    const repository = new TenantApiKeyRepository(db, api.stack.tableName);
    for (let round = 0; round < 10; round++) {
      const created = await newTenant('processors');
      const tenant = { type: 'processor', id: created.id } as const;
      const second = issueApiKey('processor', 'second', new Date().toISOString()).issued;
      expect(await repository.add(tenant, second, 20)).toBe('added');
      const firstId = (await repository.list(tenant))?.find((k) => k.id !== second.id)?.id ?? '';
      const at = new Date().toISOString();
      const outcomes = await Promise.all([
        repository.revoke(tenant, firstId, at, 1),
        repository.revoke(tenant, second.id, at, 1),
      ]);
      expect(outcomes.sort()).toEqual(['last-key', 'revoked']);
      expect(await repository.list(tenant)).toHaveLength(1);
      expect((await item(keys.tenantProfile(tenant)))?.apiKeyCount).toBe(1);
    }
  });
});

describe('lastUsedAt', () => {
  it('is written at most once an hour per key under 100 requests, then again an hour later', async () => {
    const tenant = await newTenant('processors');
    const lookup = keys.apiKey(hashApiKey(tenant.apiKey));
    const send = vi.spyOn(documentClient, 'send');
    const useWrites = () =>
      send.mock.calls.filter(
        ([command]) =>
          command instanceof TransactWriteCommand && command.input.TransactItems?.[0]?.Update?.Key?.pk === lookup.pk,
      ).length;
    try {
      const first = await api.call('GET', `/processors/${tenant.id}`, { key: tenant.apiKey });
      expect(first.status).toBe(200);
      const recorded = (await item(lookup))?.lastUsedAt;
      expect(recorded).toEqual(expect.any(String));
      expect(useWrites()).toBe(1);

      for (let batch = 0; batch < 10; batch++) {
        const answers = await Promise.all(
          Array.from({ length: 10 }, () => api.call('GET', `/processors/${tenant.id}`, { key: tenant.apiKey })),
        );
        expect(answers.every((answer) => answer.status === 200)).toBe(true);
      }
      expect(useWrites()).toBe(1);
      expect((await item(lookup))?.lastUsedAt).toBe(recorded);

      const moved = await api.call('POST', '/_local/clock', { key: api.adminKey, body: { advanceHours: 1 } });
      expect(moved.status).toBe(200);
      for (let i = 0; i < 5; i++) {
        expect((await api.call('GET', `/processors/${tenant.id}`, { key: tenant.apiKey })).status).toBe(200);
      }
      expect(useWrites()).toBe(2);
      const later = (await item(lookup))?.lastUsedAt;
      expect(Date.parse(String(later)) - Date.parse(String(recorded))).toBeGreaterThanOrEqual(3_600_000);
      const listed = await listKeys('processors', tenant);
      expect(listed.body.keys[0].lastUsedAt).toBe(later);
    } finally {
      send.mockRestore();
    }
  });
});

describe('a key stored before keys had ids', () => {
  it('keeps working, and is adopted at its first use: listed as "initial", counted, the tenant listed', async () => {
    const createdAt = '2026-01-02T03:04:05.000Z';
    const id = `prc_legacy${Date.now().toString(36)}`;
    const apiKey = 'spr_p_legacylegacylegacylegacylegacylegacylegacy1';
    await db.send(
      new PutCommand({
        TableName: api.stack.tableName,
        Item: { ...keys.processor(id), type: 'Processor', id, name: 'Legacy Ltd', createdAt },
      }),
    );
    await db.send(
      new PutCommand({
        TableName: api.stack.tableName,
        Item: {
          ...keys.apiKey(hashApiKey(apiKey)),
          type: 'ApiKey',
          principalType: 'processor',
          principalId: id,
          createdAt,
        },
      }),
    );
    const read = await api.call('GET', `/processors/${id}`, { key: apiKey });
    expect(read.status).toBe(200);
    const listed = await api.call('GET', `/processors/${id}/keys`, { key: apiKey });
    expect(listed.body.keys).toEqual([
      {
        id: legacyKeyId(hashApiKey(apiKey)),
        label: INITIAL_KEY_LABEL,
        prefix: apiKey.slice(0, 12),
        createdAt,
        lastUsedAt: expect.any(String),
      },
    ]);
    expect((await item(keys.processor(id)))?.apiKeyCount).toBe(1);
    // Its last key, like any other.
    const revoke = await api.call('DELETE', `/processors/${id}/keys/${legacyKeyId(hashApiKey(apiKey))}`, {
      key: apiKey,
    });
    expect(revoke.status).toBe(409);
    const processors = await api.call('GET', '/processors?limit=100', { key: api.adminKey });
    expect(processors.body.processors.map((p: { id: string }) => p.id)).toContain(id);
  });
});

describe('keys across tenants', () => {
  it('answers 403 to another tenant on every key route, with no foreign data', async () => {
    const processor = await newTenant('processors');
    const other = await newTenant('processors');
    const client = await newTenant('clients');
    const otherClient = await newTenant('clients');
    const processorKeyId = await onlyKeyId('processors', processor);
    const clientKeyId = await onlyKeyId('clients', client);
    const attempts: Array<[string, string, string, unknown?]> = [];
    for (const key of [other.apiKey, client.apiKey]) {
      attempts.push(['GET', `/processors/${processor.id}/keys`, key]);
      attempts.push(['POST', `/processors/${processor.id}/keys`, key, { label: 'rogue' }]);
      attempts.push(['DELETE', `/processors/${processor.id}/keys/${processorKeyId}`, key]);
    }
    for (const key of [otherClient.apiKey, processor.apiKey]) {
      attempts.push(['GET', `/clients/${client.id}/keys`, key]);
      attempts.push(['POST', `/clients/${client.id}/keys`, key, { label: 'rogue' }]);
      attempts.push(['DELETE', `/clients/${client.id}/keys/${clientKeyId}`, key]);
    }
    for (const key of [processor.apiKey, client.apiKey]) {
      attempts.push(['GET', '/processors', key]);
      attempts.push(['GET', '/clients', key]);
    }
    for (const [method, path, key, body] of attempts) {
      const answer = await api.call(method, path, { key, ...(body !== undefined && { body }) });
      expect({ method, path, status: answer.status }).toEqual({ method, path, status: 403 });
      expect(Object.keys(answer.body)).toEqual(['error']);
      expect(JSON.stringify(answer.body)).not.toContain(processorKeyId);
      expect(JSON.stringify(answer.body)).not.toContain(clientKeyId);
    }
    // Its own path, another tenant's key id: no such key of its own (404), and that key untouched.
    const foreign = await api.call('DELETE', `/processors/${other.id}/keys/${processorKeyId}`, { key: other.apiKey });
    expect(foreign.status).toBe(404);
    expect((await listKeys('processors', processor)).body.keys).toHaveLength(1);
    expect((await listKeys('processors', processor)).body.keys[0].id).toBe(processorKeyId);
    // Nothing was added by the refused POSTs.
    expect((await listKeys('clients', client)).body.keys).toHaveLength(1);
  });

  it('answers 404 to the admin for an unknown tenant, and 400 naming the label when it is blank', async () => {
    expect((await api.call('GET', '/processors/prc_nobody/keys', { key: api.adminKey })).status).toBe(404);
    expect(
      (await api.call('POST', '/clients/cli_nobody/keys', { key: api.adminKey, body: { label: 'x' } })).status,
    ).toBe(404);
    const tenant = await newTenant('clients');
    const blank = await api.call('POST', `/clients/${tenant.id}/keys`, { key: tenant.apiKey, body: { label: ' ' } });
    expect(blank.status).toBe(400);
    expect(blank.body.error.issues[0].path).toBe('label');
  });
});
