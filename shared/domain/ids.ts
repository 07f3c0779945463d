import { randomBytes } from 'node:crypto';

/** Opaque, unguessable identifiers (96 random bits) with a prefix that says what they name. */
export function newId(prefix: 'prc' | 'cli' | 'ctr' | 'key'): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`;
}
