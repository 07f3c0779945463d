import type { DeliveryState, Notice } from './notice.js';
import type { Mailer, OutcomeCounts, OutgoingEmail, VendorEmailKey, VendorEmailStore } from './ports.js';
import { sha256Hex } from './secrets.js';

/**
 * The e-mails the registry sends to a vendor's contact address (issue 10, item 4): one per objection,
 * as soon as it is recorded, and one summary per notice once its last window has closed.
 */

/** What the vendor is told of one objection: who, why, about which changes, and until when it could come. */
export interface ObjectionAlert {
  notice: Notice;
  contractId: string;
  clientName: string;
  grounds?: string;
  objectedAt: string;
  /** The contract's window: the client may object until then. */
  closesAt: string;
}

/** How a notice ended: the counts, every objecting client with its grounds, every contract not notified. */
export interface NoticeSummary {
  notice: Notice;
  closedAt: string;
  counts: OutcomeCounts;
  objections: Array<{ contractId: string; clientName: string; grounds?: string; at: string }>;
  notNotified: Array<{ contractId: string; clientName: string; delivery: DeliveryState }>;
  /** Lines left out of the e-mail (over SUMMARY_LIST_LIMIT each); the counts stay exact. */
  omitted: { objections: number; notNotified: number };
}

/** A claim older than this is presumed dead (its Lambda timed out after 30 s): well above that. */
export const VENDOR_EMAIL_CLAIM_TIMEOUT_MS = 5 * 60_000;

export type VendorEmailResult = 'sent' | 'already-handled';

/**
 * Sends one e-mail once per key, the pattern of sendDecisionConfirmation:
 * 1. claim the key on its permanent record (conditional: never sent, no live claim);
 * 2. send; if SES fails, give the claim back and rethrow, so the event's retry sends it;
 * 3. record the message id (and the content's hash, as evidence): later deliveries find it and send nothing.
 * Only a crash between 2 and 3 can send twice (SES has no idempotency key): the claim then expires.
 */
export async function sendVendorEmailOnce(
  key: VendorEmailKey,
  email: OutgoingEmail,
  deps: { vendorEmails: VendorEmailStore; mailer: Mailer; clock: { now(): Date } },
): Promise<VendorEmailResult> {
  const now = deps.clock.now();
  const claimedAt = now.toISOString();
  const staleBefore = new Date(now.getTime() - VENDOR_EMAIL_CLAIM_TIMEOUT_MS).toISOString();
  if (!(await deps.vendorEmails.claim(key, claimedAt, staleBefore))) return 'already-handled';
  let messageId: string;
  try {
    messageId = await deps.mailer.send(email);
  } catch (error) {
    await deps.vendorEmails.release(key, claimedAt);
    throw error;
  }
  await deps.vendorEmails.complete(key, {
    messageId,
    sentAt: deps.clock.now().toISOString(),
    to: email.to,
    subject: email.subject,
    contentSha256: sha256Hex(`${email.subject}\n${email.text}`),
  });
  return 'sent';
}
