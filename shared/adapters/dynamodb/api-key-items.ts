import type { IssuedApiKey, Tenant } from '../../domain/api-key.js';
import { keys } from './keys.js';

/**
 * The two items of one API key, written together and never apart:
 * - the lookup item `APIKEY#<sha256>`, which authentication reads (tenant, key id, last use);
 * - the tenant's entry `KEY#<keyId>` in its own partition, which lists and revokes it (label,
 *   prefix, dates, and the hash, so that revoking by id finds the lookup item).
 */
export function apiKeyItems(tenant: Tenant, key: IssuedApiKey): [Record<string, unknown>, Record<string, unknown>] {
  return [
    {
      ...keys.apiKey(key.hash),
      type: 'ApiKey',
      principalType: tenant.type,
      principalId: tenant.id,
      keyId: key.id,
      createdAt: key.createdAt,
    },
    {
      ...keys.tenantApiKey(tenant, key.id),
      type: 'TenantApiKey',
      keyId: key.id,
      label: key.label,
      prefix: key.prefix,
      createdAt: key.createdAt,
      apiKeyHash: key.hash,
    },
  ];
}
