import { timingSafeEqual } from 'node:crypto';
import { newId } from './ids.js';
import { newSecret, sha256Hex } from './secrets.js';

/** API keys are shown once at creation; only their SHA-256 is stored (see secrets.ts). */
export function newApiKey(kind: 'processor' | 'client'): string {
  return newSecret(`spr_${kind === 'processor' ? 'p' : 'c'}_`);
}

export const hashApiKey = sha256Hex;

/** Constant-time comparison of two hex digests. */
export function sameDigest(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

/** A processor or a client: who holds API keys. */
export interface Tenant {
  type: 'processor' | 'client';
  id: string;
}

/**
 * Who a request acts for. A tenant's principal names the key it came with (`keyId`), so that what the
 * key does can be recorded against it; `authenticate` always sets it (optional only for callers that
 * build a principal by hand).
 */
export type Principal =
  | { type: 'admin' }
  | { type: 'processor'; id: string; keyId?: string }
  | { type: 'client'; id: string; keyId?: string };

/**
 * The first characters of a key: the `spr_p_`/`spr_c_` marker and 6 random characters (36 of its 256
 * bits). Enough for a person to tell which key a script holds; the 222 bits left make it useless to
 * anyone who reads it in a listing or a log.
 */
export const API_KEY_PREFIX_LENGTH = 12;

/** A tenant holds few keys (one per integration or person); a cap keeps listing one small Query. */
export const MAX_API_KEYS_PER_TENANT = 20;

/** The label of the key issued with the tenant (and of a key stored before keys had labels). */
export const INITIAL_KEY_LABEL = 'initial';

/**
 * `lastUsedAt` is recorded at most once per key per hour: a request whose key was recorded less than
 * this long ago writes nothing, so authentication stays one read and no write on almost every request.
 */
export const KEY_USE_RESOLUTION_MS = 3_600_000;

/** A key as stored when it is issued: never the key itself, only its hash and its non-secret prefix. */
export interface IssuedApiKey {
  id: string;
  label: string;
  prefix: string;
  createdAt: string;
  hash: string;
}

/** A key as its tenant sees it in `GET …/keys`: never the key nor its hash. */
export interface ApiKeySummary {
  id: string;
  label: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export const keyPrefixOf = (apiKey: string): string => apiKey.slice(0, API_KEY_PREFIX_LENGTH);

/** A new key for a tenant of `kind`: the key to show once, and what is stored of it. */
export function issueApiKey(
  kind: Tenant['type'],
  label: string,
  createdAt: string,
): { apiKey: string; issued: IssuedApiKey } {
  const apiKey = newApiKey(kind);
  return {
    apiKey,
    issued: { id: newId('key'), label, prefix: keyPrefixOf(apiKey), createdAt, hash: hashApiKey(apiKey) },
  };
}

/**
 * The id of a key stored before keys had ids (one per tenant, issued with it): derived from its hash,
 * so every request that meets it names the same id and adopting it twice writes it once.
 */
export function legacyKeyId(hash: string): string {
  return `key_${Buffer.from(sha256Hex(`legacy-key:${hash}`), 'hex')
    .subarray(0, 12)
    .toString('base64url')}`;
}

/** A use recorded at or before this time is old enough for a request at `now` to record a new one. */
export function keyUseDueBefore(now: Date): string {
  return new Date(now.getTime() - KEY_USE_RESOLUTION_MS).toISOString();
}

/** Whether a request at `now` should record the key's use: never recorded, or an hour ago or more. */
export function keyUseIsDue(lastUsedAt: string | undefined, now: Date): boolean {
  return lastUsedAt === undefined || lastUsedAt <= keyUseDueBefore(now);
}
