import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys are 256-bit random values shown once at creation; only their SHA-256 is stored, so a copy
 * of the table does not let anyone act as a vendor or client. A fast hash is enough for 256 bits of
 * entropy (no dictionary to attack), and it keeps lookups a single GetItem.
 */
export function newApiKey(kind: 'processor' | 'client'): string {
  return `spr_${kind === 'processor' ? 'p' : 'c'}_${randomBytes(32).toString('base64url')}`;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Constant-time comparison of two hex digests. */
export function sameDigest(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

export type Principal = { type: 'admin' } | { type: 'processor'; id: string } | { type: 'client'; id: string };
