import type { Principal } from '../domain/api-key.js';

/**
 * The id of the key a tenant's request came with, as the use cases record it (a confirmation, a
 * decision through the API), so that what a key did can be traced to it after it is revoked.
 */
export function apiKeyOrigin(principal: Principal | undefined): { apiKeyId?: string } {
  return principal !== undefined && principal.type !== 'admin' && principal.keyId !== undefined
    ? { apiKeyId: principal.keyId }
    : {};
}
