import {
  hashApiKey,
  INITIAL_KEY_LABEL,
  keyPrefixOf,
  keyUseDueBefore,
  keyUseIsDue,
  legacyKeyId,
  type Principal,
  sameDigest,
} from '../domain/api-key.js';
import { ForbiddenError, UnauthorizedError } from '../domain/errors.js';
import type { ApiKeyStore, AuthenticatedKey, Clock } from '../domain/ports.js';
import { logger } from '../logger.js';
import type { RouteAccess } from '../wiring/routes.js';

const KEY = /^[A-Za-z0-9_-]{16,200}$/;
export const AUTH_REALM = 'Subprocessor Registry';

/**
 * The key from `Authorization: Bearer <key>`, or from Basic credentials whose password is the key
 * (any user name): the form a browser sends after its login prompt, for the HTML pages.
 */
function keyFrom(authorization: string | undefined): string | undefined {
  const [scheme, value] = (authorization ?? '').trim().split(/\s+/, 2);
  if (value === undefined) return undefined;
  if (scheme?.toLowerCase() === 'bearer') return KEY.test(value) ? value : undefined;
  if (scheme?.toLowerCase() !== 'basic') return undefined;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const password = decoded.slice(decoded.indexOf(':') + 1);
  return decoded.includes(':') && KEY.test(password) ? password : undefined;
}

export interface AuthenticationDependencies {
  apiKeys: ApiKeyStore;
  adminApiKeySha256: string;
  clock: Clock;
}

/**
 * Records that the key was used, at most once an hour: the read that authenticated the request says
 * when it last was, so almost every request writes nothing. The write may lose to a concurrent
 * request (it recorded the same hour) or fail: the request goes on either way, since `lastUsedAt`
 * is a hint for the tenant, not a control. A key stored before keys had ids is adopted by this
 * write (its id, its entry in the tenant's list, its place in the tenant's key count).
 */
async function recordUseIfDue(
  key: string,
  hash: string,
  found: AuthenticatedKey,
  keyId: string,
  deps: AuthenticationDependencies,
): Promise<void> {
  const now = deps.clock.now();
  if (!keyUseIsDue(found.lastUsedAt, now)) return;
  try {
    await deps.apiKeys.recordUse({
      hash,
      tenant: found.tenant,
      keyId,
      at: now.toISOString(),
      lastUsedBefore: keyUseDueBefore(now),
      ...(found.keyId === undefined && {
        adopt: { prefix: keyPrefixOf(key), label: INITIAL_KEY_LABEL, createdAt: found.createdAt },
      }),
    });
  } catch (error) {
    // The key id names the key; the key and its hash are never logged, nor is the SDK error whole
    // (a cancelled transaction can carry the items it touched, whose keys hold the hash).
    logger.warn('the use of an API key could not be recorded', {
      keyId,
      reason: error instanceof Error ? error.name : 'unknown',
    });
  }
}

/**
 * Resolves the caller's key to a principal and checks it against the route's access rule.
 * Done in the function rather than by an API Gateway authorizer because an HTTP API authorizer can
 * only answer 403 to an unknown key, and our contract is 401 (missing, unknown or revoked) vs 403
 * (another tenant's objects), with a JSON body naming the problem.
 */
export async function authenticate(
  access: RouteAccess,
  authorization: string | undefined,
  pathId: string | undefined,
  deps: AuthenticationDependencies,
): Promise<Principal | undefined> {
  if (access === 'public' || access === 'token') return undefined;
  const key = keyFrom(authorization);
  if (key === undefined) {
    throw new UnauthorizedError('Authorization: send the API key as "Authorization: Bearer <key>"');
  }
  const digest = hashApiKey(key);
  let principal: Principal;
  if (sameDigest(digest, deps.adminApiKeySha256)) principal = { type: 'admin' };
  else {
    const found = await deps.apiKeys.find(digest);
    if (found === undefined) throw new UnauthorizedError('Authorization: unknown API key');
    const keyId = found.keyId ?? legacyKeyId(digest);
    // The key is valid whether or not this route admits it: a refused request is a use too.
    await recordUseIfDue(key, digest, found, keyId, deps);
    principal = { type: found.tenant.type, id: found.tenant.id, keyId };
  }

  if (access === 'admin' && principal.type !== 'admin') {
    throw new ForbiddenError('this route needs the admin key');
  }
  if (access === 'processor' && principal.type !== 'processor') {
    throw new ForbiddenError('this route needs a processor key');
  }
  if (access === 'tenant' && principal.type === 'admin') {
    throw new ForbiddenError("this route needs a processor's or a client's key");
  }
  if (access === 'processor-owner' && !(principal.type === 'processor' && principal.id === pathId)) {
    throw new ForbiddenError(`this key does not belong to processor ${pathId}`);
  }
  if (
    access === 'processor-owner-or-admin' &&
    !(principal.type === 'admin' || (principal.type === 'processor' && principal.id === pathId))
  ) {
    throw new ForbiddenError(`this key does not belong to processor ${pathId}`);
  }
  if (access === 'client-owner' && !(principal.type === 'client' && principal.id === pathId)) {
    throw new ForbiddenError(`this key does not belong to client ${pathId}`);
  }
  if (
    access === 'client-owner-or-admin' &&
    !(principal.type === 'admin' || (principal.type === 'client' && principal.id === pathId))
  ) {
    throw new ForbiddenError(`this key does not belong to client ${pathId}`);
  }
  return principal;
}
