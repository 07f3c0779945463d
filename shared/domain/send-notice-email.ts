import { randomUUID } from 'node:crypto';
import type { EmailJob } from './fan-out-notice.js';
import type { Clock, Mailer, MessageRenderer, NoticeStore, RecipientStore, StoredNotice } from './ports.js';
import { newSecret, sha256Hex } from './secrets.js';
import { windowClosesAt } from './time.js';

export interface SendNoticeEmailDependencies {
  notices: Pick<NoticeStore, 'get'>;
  recipients: Pick<RecipientStore, 'get' | 'claimForSending' | 'completeSend' | 'releaseClaim'>;
  mailer: Mailer;
  renderer: MessageRenderer;
  publicBaseUrl: string;
  /** A claim older than this is presumed dead (its sender crashed): the queue's visibility timeout. */
  claimTimeoutMs: number;
  clock: Clock;
}

export type SendResult = 'sent' | 'already-handled';

/**
 * Sends one contract's notice e-mail, at most once per (notice, contract) under concurrent or
 * repeated delivery of the job.
 *
 * 1. Claim the recipient with a conditional write, which answers the recipient as claimed.
 * 2. Render the e-mail: changes, deadline (send time + the contract's notice period, in UTC), link.
 * 3. Send through SES; on failure give the claim back and let the queue retry.
 * 4. Record the SES message id, send time, deadline and the SHA-256 of the fresh 256-bit link token
 *    under the same claim: the window opens and the link works.
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
  const withWindow = notice.kind === 'objection-window';
  const token = withWindow ? newSecret('') : undefined;
  const claimId = randomUUID();
  // The claim answers the recipient as claimed: no read before it.
  const recipient = await deps.recipients.claimForSending(job.noticeId, job.contractId, {
    id: claimId,
    at: now.toISOString(),
    staleBefore: new Date(now.getTime() - deps.claimTimeoutMs).toISOString(),
  });
  if (recipient === undefined) return 'already-handled';

  const closesAt = withWindow ? windowClosesAt(now, recipient.noticePeriodDays).toISOString() : undefined;
  const content = deps.renderer.noticeEmail(notice, {
    ...(token !== undefined && { objectionUrl: `${deps.publicBaseUrl}/objections/${token}` }),
    ...(closesAt !== undefined && { closesAt }),
  });
  let messageId: string;
  try {
    messageId = await deps.mailer.send({
      to: recipient.notifyEmails,
      ...content,
      tags: { noticeId: job.noticeId, contractId: job.contractId },
    });
  } catch (error) {
    await deps.recipients.releaseClaim(job.noticeId, job.contractId, claimId);
    throw error;
  }
  await deps.recipients.completeSend(job.noticeId, job.contractId, claimId, {
    sesMessageId: messageId,
    sentAt: now.toISOString(),
    ...(closesAt !== undefined && { closesAt }),
    contentSha256: sha256Hex(`${content.subject}\n${content.text}\n${content.html}`),
    ...(token !== undefined && { tokenHash: sha256Hex(token) }),
  });
  return 'sent';
}
