import type { Language } from '../i18n/language.js';
import { newSecret, sha256Hex } from './secrets.js';

/**
 * An address that asked to hear of a processor's list changes (issue 13, item 3). Not a contract
 * party: it is informed, never asked to decide. Double opt-in: `pending` until the person presses the
 * button behind the e-mailed link. `suppressed` (a bounce or a complaint) is final for that processor.
 */
export const SUBSCRIPTION_STATES = ['pending', 'confirmed', 'unsubscribed', 'suppressed'] as const;
export type SubscriptionState = (typeof SUBSCRIPTION_STATES)[number];

export interface Subscription {
  processorId: string;
  /** Normalised (normaliseEmail): one subscription per mailbox, whatever case it was typed in. */
  email: string;
  language: Language;
  state: SubscriptionState;
  /** SHA-256 of the link's token (confirm and unsubscribe); the token itself is only in the e-mails. */
  tokenSha256: string;
  createdAt: string;
  /** When the last confirmation e-mail was claimed: the hourly limit counts from it. */
  confirmationSentAt?: string;
  confirmedAt?: string;
  unsubscribedAt?: string;
  suppressedAt?: string;
}

export type SubscriptionCounts = Record<SubscriptionState, number>;

/** At most one confirmation e-mail per address and processor in this time, so the form cannot be used to flood a mailbox. */
export const CONFIRMATION_INTERVAL_MS = 3_600_000;

/** The prefix tells a leaked token's kind at a glance (as API keys do). */
const TOKEN_PREFIX = 'sub_';

/** A new link token: 256 random bits; only its SHA-256 is stored. */
export function newSubscriptionToken(): { token: string; tokenSha256: string } {
  const token = newSecret(TOKEN_PREFIX);
  return { token, tokenSha256: sha256Hex(token) };
}

export function subscriptionTokenHash(token: string): string {
  return sha256Hex(token);
}

/**
 * Addresses are stored in lower case. RFC 5321 lets a local part be case-sensitive, but no mailbox
 * provider in use treats it so, and two subscriptions for "Ana@x" and "ana@x" would send twice.
 */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function emptyCounts(): SubscriptionCounts {
  return { pending: 0, confirmed: 0, unsubscribed: 0, suppressed: 0 };
}
