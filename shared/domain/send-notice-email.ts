import { randomUUID } from 'node:crypto';
import { languageOr } from '../i18n/language.js';
import { EmailRefusedError } from './email-refused.js';
import type { EmailJob } from './fan-out-notice.js';
import { noticeAsTold } from './notice.js';
import type {
  Clock,
  Mailer,
  MessageRenderer,
  NoticeStore,
  RecipientRecoveryStore,
  RecipientStore,
  StoredNotice,
  VersionEffectStore,
  WindowScheduler,
} from './ports.js';
import { newSecret, sha256Hex } from './secrets.js';
import { windowClosesAt } from './time.js';

export interface SendNoticeEmailDependencies {
  notices: Pick<NoticeStore, 'get'>;
  recipients: Pick<RecipientStore, 'get' | 'claimForSending' | 'completeSend' | 'releaseClaim'> &
    Pick<RecipientRecoveryStore, 'markFailed' | 'claimForResend' | 'completeResend'>;
  /** Re-arms the window close for a resend's new deadline. */
  scheduler: WindowScheduler;
  /** The version takes effect no earlier than this window closes: each send moves the projection. */
  effects: Pick<VersionEffectStore, 'extendProjection'>;
  mailer: Mailer;
  renderer: MessageRenderer;
  publicBaseUrl: string;
  /** A claim older than this is presumed dead (its sender crashed): the queue's visibility timeout. */
  claimTimeoutMs: number;
  clock: Clock;
}

export type SendResult = 'sent' | 'failed' | 'already-handled';

/**
 * Sends one contract's notice e-mail, at most once per (notice, contract) under concurrent or
 * repeated delivery of the job.
 *
 * 1. Claim the recipient with a conditional write, which answers the recipient as claimed.
 * 2. Render the e-mail: changes, deadline (send time + the contract's notice period, in UTC), link.
 * 3. Send through SES; if SES refuses it for good, mark the recipient `failed` with the reason (no
 *    retry can succeed); on any other failure give the claim back and let the queue retry (after
 *    the last retry the dead-letter consumer marks it `failed`: record-failed-email.ts).
 * 4. Record the SES message id, send time, deadline and the SHA-256 of the fresh 256-bit link token
 *    under the same claim: the window opens and the link works.
 * 5. With 4, move the version's projected effective time to the new deadline if that is later (the
 *    close pass fixes the effect from the recipients themselves; this keeps what the API shows honest).
 * A resend (the job carries the id of its "resend requested" marker) claims by that marker, opens a
 * new window from its own send, revokes the earlier link in the same write, and re-arms the close.
 * Only a crash between 3 and 4 can send twice (SES has no idempotency key); the claim then expires
 * after the visibility timeout.
 */
export async function sendNoticeEmail(
  job: EmailJob,
  deps: SendNoticeEmailDependencies,
  noticeCache = new Map<string, StoredNotice>(),
): Promise<SendResult> {
  let notice = noticeCache.get(job.noticeId);
  if (notice === undefined) {
    notice = await deps.notices.get(job.noticeId);
    if (notice === undefined) throw new Error(`notice ${job.noticeId} not found`);
    noticeCache.set(job.noticeId, notice);
  }
  // A withdrawn change is told to nobody new; an unsent window of it was closed as withdrawn.
  if (notice.state === 'withdrawn') return 'already-handled';

  const now = deps.clock.now();
  const claimId = randomUUID();
  // The claim answers the recipient as claimed: no read before it.
  const claim = {
    id: claimId,
    at: now.toISOString(),
    staleBefore: new Date(now.getTime() - deps.claimTimeoutMs).toISOString(),
  };
  const recipient =
    job.resendId === undefined
      ? await deps.recipients.claimForSending(job.noticeId, job.contractId, claim)
      : await deps.recipients.claimForResend(job.noticeId, job.contractId, { ...claim, resendId: job.resendId });
  if (recipient === undefined) return 'already-handled';

  // A contract with scopes is told only its changes, with a window only if one of them needs it.
  const told = noticeAsTold(notice, recipient);
  const withWindow = told.kind === 'objection-window' && recipient.windowState !== 'none';
  const token = withWindow ? newSecret('') : undefined;
  const closesAt = withWindow ? windowClosesAt(now, recipient.noticePeriodDays).toISOString() : undefined;
  const content = deps.renderer.noticeEmail(
    told,
    {
      ...(token !== undefined && { objectionUrl: `${deps.publicBaseUrl}/objections/${token}` }),
      ...(closesAt !== undefined && { closesAt }),
    },
    languageOr(recipient.language),
  );
  let messageId: string;
  try {
    messageId = await deps.mailer.send({
      to: recipient.notifyEmails,
      ...content,
      tags: { noticeId: job.noticeId, contractId: job.contractId },
    });
  } catch (error) {
    if (error instanceof EmailRefusedError) {
      await deps.recipients.markFailed(
        job.noticeId,
        job.contractId,
        { reason: `refused by the mail service: ${error.message}`, at: now.toISOString() },
        { claimId },
      );
      return 'failed';
    }
    await deps.recipients.releaseClaim(job.noticeId, job.contractId, claimId);
    throw error;
  }
  const sent = {
    sesMessageId: messageId,
    sentAt: now.toISOString(),
    ...(closesAt !== undefined && { closesAt }),
    contentSha256: sha256Hex(`${content.subject}\n${content.text}\n${content.html}`),
    ...(token !== undefined && { tokenHash: sha256Hex(token) }),
  };
  // The projection moves in parallel with the record (no extra latency in the paced send loop): it only
  // ever moves later, so moving it for a send whose record then fails errs on the late, safe side.
  const projected = closesAt === undefined ? undefined : extendEffect(notice, closesAt, deps);
  if (job.resendId === undefined) {
    await Promise.all([deps.recipients.completeSend(job.noticeId, job.contractId, claimId, sent), projected]);
    return 'sent';
  }
  await Promise.all([
    deps.recipients.completeResend(job.noticeId, job.contractId, claimId, {
      ...sent,
      ...(recipient.tokenHash !== undefined && { previousTokenHash: recipient.tokenHash }),
      ...(recipient.reminderTokenHash !== undefined && { previousReminderTokenHash: recipient.reminderTokenHash }),
    }),
    projected,
  ]);
  if (closesAt === undefined) return 'sent';
  // The new window closes later than the one the close schedule was armed for. Should arming fail,
  // the send stays recorded; the close pass at the old deadline and the hourly sweep re-arm it.
  await deps.scheduler.scheduleClose(job.noticeId, new Date(closesAt));
  return 'sent';
}

/**
 * Moves the projection only when this deadline passes the requested time: most contracts' windows
 * close before it and cost no write. A lost write leaves the figure shown a little early, never the
 * effect: the close pass computes it from every recipient's deadline.
 */
async function extendEffect(
  notice: StoredNotice,
  closesAt: string,
  deps: Pick<SendNoticeEmailDependencies, 'effects'>,
): Promise<void> {
  if (closesAt <= notice.effectiveAt) return;
  await deps.effects.extendProjection(
    { processorId: notice.processorId, version: notice.version, requestedEffectiveAt: notice.effectiveAt },
    closesAt,
  );
}
