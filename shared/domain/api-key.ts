import { timingSafeEqual } from 'node:crypto';
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

export type Principal = { type: 'admin' } | { type: 'processor'; id: string } | { type: 'client'; id: string };
