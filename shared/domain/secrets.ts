import { createHash, randomBytes } from 'node:crypto';

/**
 * 256-bit random secrets from the CSPRNG (API keys, objection tokens). Only their SHA-256 is stored:
 * a copy of the table lets no one act as a vendor or forge an objection. A fast hash is enough for
 * 256 bits of entropy (there is no dictionary to attack) and keeps every lookup one GetItem.
 */
export function newSecret(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}
