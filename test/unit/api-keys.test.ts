import { beforeEach, describe, expect, it } from 'vitest';
import {
  hashApiKey,
  INITIAL_KEY_LABEL,
  type IssuedApiKey,
  keyUseIsDue,
  legacyKeyId,
  MAX_API_KEYS_PER_TENANT,
  type Tenant,
} from '../../shared/domain/api-key.js';
import { ConflictError, ForbiddenError, NotFoundError, UnauthorizedError } from '../../shared/domain/errors.js';
import { listTenants } from '../../shared/domain/list-tenants.js';
import { createApiKey, listApiKeys, revokeApiKey } from '../../shared/domain/manage-api-keys.js';
import { registerOrganisation } from '../../shared/domain/register-organisation.js';
import { authenticate } from '../../shared/http/authenticate.js';
import { FakeClock, InMemoryApiKeyTable, TransientProviderError } from '../support/in-memory-ports.js';

const T0 = '2026-01-05T09:00:00.000Z';
const HOUR = 3_600_000;
const ADMIN = 'spr_admin_0123456789abcdef0123';
const ACME: Tenant = { type: 'processor', id: 'prc_acme' };
const DPO: Tenant = { type: 'client', id: 'cli_dpo' };

let table: InMemoryApiKeyTable;
let clock: FakeClock;

beforeEach(() => {
  table = new InMemoryApiKeyTable();
  clock = new FakeClock(T0);
});

/** Registers a tenant through the real use case: its first key, as POST /processors and /clients store it. */
async function registered(kind: Tenant['type']): Promise<{ tenant: Tenant; apiKey: string; issued: IssuedApiKey }> {
  let issued: IssuedApiKey | undefined;
  const { id, apiKey } = await registerOrganisation(
    kind,
    { name: 'Acme' },
    {
      store: {
        create: async (organisation, key) => {
          issued = key;
          table.addTenant({ type: kind, id: organisation.id }, key);
        },
      },
      clock,
    },
  );
  if (issued === undefined) throw new Error('nothing stored');
  return { tenant: { type: kind, id }, apiKey, issued };
}

const deps = () => ({ apiKeys: table, adminApiKeySha256: hashApiKey(ADMIN), clock });
const call = (key: string, pathId: string, access: Parameters<typeof authenticate>[0] = 'processor-owner-or-admin') =>
  authenticate(access, `Bearer ${key}`, pathId, deps());

describe('registering a tenant', () => {
  it('issues a 256-bit key, stores only its hash and prefix, labelled "initial"', async () => {
    const { apiKey, issued } = await registered('processor');
    expect(apiKey).toMatch(/^spr_p_[A-Za-z0-9_-]{43}$/);
    expect(issued).toEqual({
      id: expect.stringMatching(/^key_[A-Za-z0-9_-]{16}$/),
      label: INITIAL_KEY_LABEL,
      prefix: apiKey.slice(0, 12),
      createdAt: T0,
      hash: hashApiKey(apiKey),
    });
    expect(JSON.stringify(issued)).not.toContain(apiKey);
  });
});

describe('authenticate records the use of a key at most once an hour', () => {
  it('writes once under 100 requests within the hour, then once more when the hour has passed', async () => {
    const { tenant, apiKey, issued } = await registered('processor');
    for (let i = 0; i < 100; i++) {
      expect(await call(apiKey, tenant.id)).toEqual({ type: 'processor', id: tenant.id, keyId: issued.id });
      clock.advance(30_000);
    }
    expect(table.useCalls).toHaveLength(1);
    expect(table.useWrites).toBe(1);
    expect(table.entry(tenant, issued.id)?.lastUsedAt).toBe(T0);

    clock.set(new Date(Date.parse(T0) + HOUR - 1));
    await call(apiKey, tenant.id);
    expect(table.useWrites).toBe(1);
    clock.set(new Date(Date.parse(T0) + HOUR));
    await call(apiKey, tenant.id);
    expect(table.useWrites).toBe(2);
    expect(table.useCalls[1]).toEqual({
      hash: hashApiKey(apiKey),
      tenant,
      keyId: issued.id,
      at: new Date(Date.parse(T0) + HOUR).toISOString(),
      lastUsedBefore: T0,
    });
    expect((await listApiKeys(tenant, { keys: table }))[0]?.lastUsedAt).toBe(
      new Date(Date.parse(T0) + HOUR).toISOString(),
    );
  });

  it('lets the request through when another request recorded the hour first', async () => {
    const { tenant, apiKey, issued } = await registered('client');
    table.before('recordUse', () => {
      const row = table.lookups.get(hashApiKey(apiKey));
      if (row !== undefined) row.lastUsedAt = T0;
    });
    expect(await call(apiKey, tenant.id, 'client-owner')).toEqual({ type: 'client', id: tenant.id, keyId: issued.id });
    expect(table.useCalls).toHaveLength(1);
    expect(table.useWrites).toBe(0);
  });

  it('never fails the request because the write failed', async () => {
    const { tenant, apiKey, issued } = await registered('processor');
    table.before('recordUse', () => {
      throw new TransientProviderError('throttled');
    });
    expect(await call(apiKey, tenant.id)).toEqual({ type: 'processor', id: tenant.id, keyId: issued.id });
    expect(table.useWrites).toBe(0);
  });

  it('decides "due" at exactly one hour', () => {
    const now = new Date(Date.parse(T0) + HOUR);
    expect(keyUseIsDue(undefined, now)).toBe(true);
    expect(keyUseIsDue(T0, now)).toBe(true);
    expect(keyUseIsDue(new Date(Date.parse(T0) + 1).toISOString(), now)).toBe(false);
  });
});

describe('a key stored before keys had ids', () => {
  it('authenticates with an id derived from its hash, and is adopted once at its first use', async () => {
    const apiKey = 'spr_p_legacylegacylegacylegacylegacylegacylegacy1';
    table.addLegacyKey(ACME, hashApiKey(apiKey), '2025-06-01T00:00:00.000Z');
    const keyId = legacyKeyId(hashApiKey(apiKey));
    expect(await call(apiKey, ACME.id)).toEqual({ type: 'processor', id: ACME.id, keyId });
    expect(table.useCalls[0]?.adopt).toEqual({
      prefix: apiKey.slice(0, 12),
      label: INITIAL_KEY_LABEL,
      createdAt: '2025-06-01T00:00:00.000Z',
    });
    expect(await listApiKeys(ACME, { keys: table })).toEqual([
      {
        id: keyId,
        label: INITIAL_KEY_LABEL,
        prefix: apiKey.slice(0, 12),
        createdAt: '2025-06-01T00:00:00.000Z',
        lastUsedAt: T0,
      },
    ]);
    expect(table.counts.get('processor#prc_acme')).toBe(1);
    await call(apiKey, ACME.id);
    expect(table.useCalls).toHaveLength(1);
  });
});

describe('access to the key routes', () => {
  it("lets a client's own key and the admin key in, refuses other tenants with 403 and unknown keys with 401", async () => {
    expect.assertions(5);
    const { tenant, apiKey } = await registered('client');
    const other = await registered('client');
    const processor = await registered('processor');
    expect(await call(apiKey, tenant.id, 'client-owner-or-admin')).toMatchObject({ type: 'client', id: tenant.id });
    expect(await call(ADMIN, tenant.id, 'client-owner-or-admin')).toEqual({ type: 'admin' });
    await expect(call(other.apiKey, tenant.id, 'client-owner-or-admin')).rejects.toThrow(ForbiddenError);
    await expect(call(processor.apiKey, tenant.id, 'client-owner-or-admin')).rejects.toThrow(ForbiddenError);
    await expect(call('spr_c_unknownunknownunknown', tenant.id, 'client-owner-or-admin')).rejects.toThrow(
      UnauthorizedError,
    );
  });
});

describe('creating, listing and revoking keys', () => {
  it('shows a new key once, lists it by label and prefix, and never lists the key or its hash', async () => {
    const { tenant } = await registered('processor');
    clock.advance(1000);
    const created = await createApiKey(tenant, 'CI', { keys: table, clock });
    expect(created).toEqual({
      id: expect.stringMatching(/^key_/),
      label: 'CI',
      prefix: created.apiKey.slice(0, 12),
      createdAt: '2026-01-05T09:00:01.000Z',
      apiKey: expect.stringMatching(/^spr_p_/),
    });
    const listed = await listApiKeys(tenant, { keys: table });
    expect(listed.map((key) => key.label)).toEqual([INITIAL_KEY_LABEL, 'CI']);
    expect(JSON.stringify(listed)).not.toContain(created.apiKey);
    expect(JSON.stringify(listed)).not.toContain(hashApiKey(created.apiKey));
    expect((await call(created.apiKey, tenant.id)) as unknown).toEqual({ ...tenant, keyId: created.id });
  });

  it('answers 404 for an unknown tenant and 409 past the cap of keys', async () => {
    expect.assertions(4);
    await expect(createApiKey(DPO, 'x', { keys: table, clock })).rejects.toThrow(NotFoundError);
    await expect(listApiKeys(DPO, { keys: table })).rejects.toThrow(NotFoundError);
    const { tenant } = await registered('client');
    for (let i = 1; i < MAX_API_KEYS_PER_TENANT; i++) await createApiKey(tenant, `k${i}`, { keys: table, clock });
    await expect(createApiKey(tenant, 'one too many', { keys: table, clock })).rejects.toThrow(
      `holds ${MAX_API_KEYS_PER_TENANT} keys`,
    );
    expect(await listApiKeys(tenant, { keys: table })).toHaveLength(MAX_API_KEYS_PER_TENANT);
  });

  it('revokes at once: the next request with the key answers 401', async () => {
    expect.assertions(3);
    const { tenant, apiKey, issued } = await registered('processor');
    const second = await createApiKey(tenant, 'second', { keys: table, clock });
    await revokeApiKey(tenant, issued.id, 'tenant', { keys: table, clock });
    await expect(call(apiKey, tenant.id)).rejects.toThrow('Authorization: unknown API key');
    expect((await listApiKeys(tenant, { keys: table })).map((key) => key.id)).toEqual([second.id]);
    await expect(revokeApiKey(tenant, issued.id, 'tenant', { keys: table, clock })).rejects.toThrow(NotFoundError);
  });

  it('refuses a tenant its last key (409 naming why), lets the operator revoke it', async () => {
    expect.assertions(3);
    const { tenant, issued } = await registered('client');
    await expect(revokeApiKey(tenant, issued.id, 'tenant', { keys: table, clock })).rejects.toThrow(
      /last key of client .*cannot revoke its last key/,
    );
    await revokeApiKey(tenant, issued.id, 'operator', { keys: table, clock });
    expect(await listApiKeys(tenant, { keys: table })).toEqual([]);
    expect(table.counts.get(`client#${tenant.id}`)).toBe(0);
  });

  it('of two revocations of the last two keys, the one that commits second gets 409', async () => {
    expect.assertions(2);
    const { tenant, issued } = await registered('processor');
    const second = await createApiKey(tenant, 'second', { keys: table, clock });
    // The other revocation commits right before this one checks the count.
    table.before('revoke', () => table.revoke(tenant, second.id, T0, 1));
    await expect(revokeApiKey(tenant, issued.id, 'tenant', { keys: table, clock })).rejects.toThrow(ConflictError);
    expect((await listApiKeys(tenant, { keys: table })).map((key) => key.id)).toEqual([issued.id]);
  });
});

describe("the operator's list", () => {
  it('adds each tenant of the page its counts, and passes the cursor on', async () => {
    const asked: Array<{ limit: number; cursor?: string }> = [];
    const page = await listTenants(
      'client',
      { limit: 2, cursor: 'abc' },
      {
        directory: {
          page: async (type, request) => {
            expect(type).toBe('client');
            asked.push(request);
            return {
              items: [
                { id: 'cli_b', name: 'B', createdAt: '2026-01-02T00:00:00.000Z' },
                { id: 'cli_a', name: 'A', createdAt: '2026-01-01T00:00:00.000Z' },
              ],
              nextCursor: 'next',
            };
          },
        },
        counts: { counts: async (tenant) => ({ contracts: tenant.id === 'cli_b' ? 2 : 0, openNotices: 1 }) },
      },
    );
    expect(asked).toEqual([{ limit: 2, cursor: 'abc' }]);
    expect(page).toEqual({
      items: [
        { id: 'cli_b', name: 'B', createdAt: '2026-01-02T00:00:00.000Z', counts: { contracts: 2, openNotices: 1 } },
        { id: 'cli_a', name: 'A', createdAt: '2026-01-01T00:00:00.000Z', counts: { contracts: 0, openNotices: 1 } },
      ],
      nextCursor: 'next',
    });
  });
});
