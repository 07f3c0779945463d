import { type ApiKeySummary, issueApiKey, MAX_API_KEYS_PER_TENANT, type Tenant } from './api-key.js';
import { ConflictError, NotFoundError } from './errors.js';
import type { Clock, TenantApiKeyStore } from './ports.js';

/** What `POST …/keys` answers: the key itself, this once, and what the listing will show of it. */
export interface CreatedApiKey extends Omit<ApiKeySummary, 'lastUsedAt'> {
  apiKey: string;
}

const named = (tenant: Tenant) => `${tenant.type} ${tenant.id}`;

/**
 * Issues another key to a tenant (rotation: create the new key, move the scripts, revoke the old).
 * 1. Draw a 256-bit key; keep only its SHA-256 and its first characters (to recognise it).
 * 2. Store it with the tenant's key count, in one transaction, while the tenant holds fewer than
 *    MAX_API_KEYS_PER_TENANT keys (409 otherwise) and exists (404 otherwise: only the admin can name
 *    a tenant that is not its own).
 * 3. Answer the key, once.
 */
export async function createApiKey(
  tenant: Tenant,
  label: string,
  deps: { keys: TenantApiKeyStore; clock: Clock },
): Promise<CreatedApiKey> {
  const { apiKey, issued } = issueApiKey(tenant.type, label, deps.clock.now().toISOString());
  const outcome = await deps.keys.add(tenant, issued, MAX_API_KEYS_PER_TENANT);
  if (outcome === 'no-tenant') throw new NotFoundError(`no ${named(tenant)}`);
  if (outcome === 'full') {
    throw new ConflictError(
      `${named(tenant)} holds ${MAX_API_KEYS_PER_TENANT} keys, the most it may: revoke one it no longer uses first`,
    );
  }
  return { id: issued.id, label: issued.label, prefix: issued.prefix, createdAt: issued.createdAt, apiKey };
}

/** The tenant's keys, oldest first: label, prefix, dates; never the key nor its hash. */
export async function listApiKeys(tenant: Tenant, deps: { keys: TenantApiKeyStore }): Promise<ApiKeySummary[]> {
  const listed = await deps.keys.list(tenant);
  if (listed === undefined) throw new NotFoundError(`no ${named(tenant)}`);
  return listed;
}

/**
 * Revokes one of a tenant's keys: from the next request on, it answers 401.
 * 1. The floor: a tenant keeps at least one key (it would lock itself out, and only the operator
 *    could let it back in); the operator may revoke the last one (a leaked key, a tenant leaving).
 * 2. One transaction marks the key revoked and counts it down, conditioned on the count staying at
 *    or above the floor: of two revocations of the last two keys at once, one wins, one gets 409.
 */
export async function revokeApiKey(
  tenant: Tenant,
  keyId: string,
  by: 'operator' | 'tenant',
  deps: { keys: TenantApiKeyStore; clock: Clock },
): Promise<void> {
  const outcome = await deps.keys.revoke(tenant, keyId, deps.clock.now().toISOString(), by === 'operator' ? 0 : 1);
  if (outcome === 'no-key') throw new NotFoundError(`no key ${keyId} of ${named(tenant)}`);
  if (outcome === 'last-key') {
    throw new ConflictError(
      `key ${keyId} is the last key of ${named(tenant)}: a tenant cannot revoke its last key (it would lock itself out); create another key first (POST …/keys), or ask the operator`,
    );
  }
}
