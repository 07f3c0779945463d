import { languageOr } from '../i18n/language.js';
import { noticeAsTold } from './notice.js';
import type { Clock, Mailer, MessageRenderer, NoticeStore, RecipientStore } from './ports.js';

/** A claim older than this is presumed dead (its Lambda timed out): well above the function's timeout. */
export const CONFIRMATION_CLAIM_TIMEOUT_MS = 5 * 60_000;

export interface DecisionConfirmationDependencies {
  notices: Pick<NoticeStore, 'get'>;
  recipients: Pick<RecipientStore, 'get' | 'claimConfirmation' | 'completeConfirmation' | 'releaseConfirmation'>;
  mailer: Mailer;
  renderer: MessageRenderer;
  clock: Clock;
}

export type ConfirmationResult = 'sent' | 'already-handled' | 'no-decision';

/**
 * Confirms a recorded decision by e-mail to every notification address of the contract, once, so
 * that a decision nobody meant to take (a forwarded link, a scanner) is noticed in time.
 *
 * 1. Read the notice and the recipient; without a stored decision there is nothing to confirm.
 * 2. Claim the confirmation (conditional: no message id yet, no live claim).
 * 3. Render and send it. If SES fails, give the claim back and rethrow: the event's retry then
 *    claims and sends (kept, the claim would make every retry answer "already handled" and the
 *    confirmation would be lost: defect 6).
 * 4. Record the SES message id: later deliveries of the same event find it and send nothing.
 * Only a crash between 3 and 4 can send twice (SES has no idempotency key): the claim then expires.
 */
export async function sendDecisionConfirmation(
  ref: { noticeId: string; contractId: string },
  deps: DecisionConfirmationDependencies,
): Promise<ConfirmationResult> {
  const [notice, recipient] = await Promise.all([
    deps.notices.get(ref.noticeId),
    deps.recipients.get(ref.noticeId, ref.contractId),
  ]);
  if (notice === undefined || recipient?.decision === undefined) return 'no-decision';
  const now = deps.clock.now();
  const claimedAt = now.toISOString();
  const claimed = await deps.recipients.claimConfirmation(
    ref.noticeId,
    ref.contractId,
    claimedAt,
    new Date(now.getTime() - CONFIRMATION_CLAIM_TIMEOUT_MS).toISOString(),
  );
  if (!claimed) return 'already-handled';
  const content = deps.renderer.decisionConfirmation(
    noticeAsTold(notice, recipient),
    recipient.decision,
    languageOr(recipient.language),
  );
  let messageId: string;
  try {
    messageId = await deps.mailer.send({
      to: recipient.notifyEmails,
      ...content,
      tags: { noticeId: ref.noticeId, contractId: ref.contractId, kind: 'confirmation' },
    });
  } catch (error) {
    await deps.recipients.releaseConfirmation(ref.noticeId, ref.contractId, claimedAt);
    throw error;
  }
  await deps.recipients.completeConfirmation(ref.noticeId, ref.contractId, messageId);
  return 'sent';
}
