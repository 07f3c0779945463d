import { randomUUID } from 'node:crypto';
import { DEFAULT_LANGUAGE } from '../i18n/language.js';
import { ConflictError, NotFoundError } from './errors.js';
import type { EmailJob } from './fan-out-notice.js';
import type { DeliveryState, NoticeRecipient } from './notice.js';
import type {
  Clock,
  ContractUpdateStore,
  NoticeStore,
  QueueSender,
  RecipientRecoveryStore,
  RecipientStore,
} from './ports.js';
import type { Contract } from './registry-entities.js';

/** What a resend without a list picks: the e-mails that did not reach the client, or never went out. */
export const RESENDABLE_DELIVERIES: readonly DeliveryState[] = [
  'failed',
  'bounced',
  'complained',
  'rejected',
  'queued',
];

export type ResendSkipReason = 'not-on-notice' | 'decided' | 'window-closed' | 'being-sent';

export interface ResendResult {
  resent: string[];
  skipped: Array<{ contractId: string; reason: ResendSkipReason }>;
}

export interface ResendDependencies {
  notices: Pick<NoticeStore, 'get'>;
  recipients: Pick<RecipientStore, 'get' | 'page'> & Pick<RecipientRecoveryStore, 'requestResend' | 'releaseResend'>;
  contracts: Pick<ContractUpdateStore, 'get'>;
  emailJobs: QueueSender<EmailJob>;
  clock: Clock;
}

const PAGE = 200;
/** A marker lost to a delivery event landing in between is tried again from the recipient as found. */
const ATTEMPTS = 3;

/** Why a recipient cannot be resent now, or undefined if it can. */
function blocker(recipient: NoticeRecipient, now: string): ResendSkipReason | undefined {
  if (recipient.decision !== undefined) return 'decided';
  // A window that never opened (pending) may be sent until the version takes effect and closes it.
  if (recipient.windowState === 'closed' || (recipient.windowState === 'open' && (recipient.closesAt ?? '') <= now)) {
    return 'window-closed';
  }
  // A first send in flight (a live claim): resending now would race it.
  if (recipient.delivery === 'sending' && recipient.resendId === undefined) return 'being-sent';
  return undefined;
}

async function selected(
  noticeId: string,
  contractIds: readonly string[] | undefined,
  deps: ResendDependencies,
): Promise<Array<{ contractId: string; recipient: NoticeRecipient | undefined }>> {
  if (contractIds !== undefined) {
    const unique = [...new Set(contractIds)];
    return Promise.all(
      unique.map(async (contractId) => ({ contractId, recipient: await deps.recipients.get(noticeId, contractId) })),
    );
  }
  const picked: Array<{ contractId: string; recipient: NoticeRecipient }> = [];
  let cursor: string | undefined;
  do {
    const page = await deps.recipients.page(noticeId, { limit: PAGE, ...(cursor !== undefined && { cursor }) });
    for (const recipient of page.items) {
      if (RESENDABLE_DELIVERIES.includes(recipient.delivery) || recipient.resendId !== undefined) {
        picked.push({ contractId: recipient.contractId, recipient });
      }
    }
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return picked;
}

/** Sets one contract's marker, again from the recipient as found when a delivery event landed first. */
async function markForResend(
  read: NoticeRecipient,
  contract: Contract,
  now: string,
  deps: ResendDependencies,
): Promise<{ outcome: 'queued'; resendId: string } | { outcome: 'already-queued' | ResendSkipReason }> {
  let recipient: NoticeRecipient | undefined = read;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (recipient === undefined) return { outcome: 'not-on-notice' };
    const reason = blocker(recipient, now);
    if (reason !== undefined) return { outcome: reason };
    if (recipient.resendId !== undefined) return { outcome: 'already-queued' };
    const resendId = randomUUID();
    const written = await deps.recipients.requestResend(recipient, {
      id: resendId,
      at: now,
      addresses: contract.notifyEmails,
      // A resend speaks the contract's language of now, as it goes to its addresses of now.
      language: contract.language ?? DEFAULT_LANGUAGE,
      now,
    });
    if (written.written) return { outcome: 'queued', resendId };
    recipient = written.current;
  }
  throw new ConflictError(`contract ${read.contractId} changed while resending: send again`);
}

/**
 * Sends a notice again to contracts whose e-mail failed, bounced, drew a complaint or never went out
 * (or to the contracts named), at the contract's current addresses, through the e-mail queue and
 * the one send use case (sendNoticeEmail).
 *
 * 1. Only the notice's processor may: anyone else gets 404, as for a missing notice.
 * 2. Each contract with a decision, or whose window has closed, or that is not on the notice, is
 *    skipped with its reason.
 * 3. Set the "resend requested" marker by a conditional write: the current e-mail is archived as an
 *    earlier attempt (evidence), the delivery queued again to the contract's current addresses. A
 *    marker already there is a resend already queued (a retried request): it is answered as resent
 *    and not queued twice.
 * 4. Queue one e-mail job per new marker, carrying its id; if queueing fails the markers are taken
 *    back, so that the retried request queues them. The send gives a new token (the earlier link
 *    dies) and a new window from the new send, and re-arms the close schedule.
 */
export async function resendNotice(
  noticeId: string,
  processorId: string,
  contractIds: readonly string[] | undefined,
  deps: ResendDependencies,
): Promise<ResendResult> {
  const notice = await deps.notices.get(noticeId);
  if (notice === undefined || notice.processorId !== processorId) throw new NotFoundError(`no notice ${noticeId}`);
  // A withdrawn change is told to nobody new (withdraw-notice.ts): there is nothing to send again.
  if (notice.state === 'withdrawn') {
    throw new ConflictError(
      `notice ${noticeId} was withdrawn (version ${notice.withdrawnByVersion}): nothing to resend`,
    );
  }

  const now = deps.clock.now().toISOString();
  const result: ResendResult = { resent: [], skipped: [] };
  const jobs: Array<EmailJob & { resendId: string }> = [];
  for (const { contractId, recipient } of await selected(noticeId, contractIds, deps)) {
    const contract = recipient === undefined ? undefined : await deps.contracts.get(processorId, contractId);
    const marked =
      recipient === undefined || contract === undefined
        ? ({ outcome: 'not-on-notice' } as const)
        : await markForResend(recipient, contract, now, deps);
    if (marked.outcome === 'queued') jobs.push({ noticeId, contractId, resendId: marked.resendId });
    if (marked.outcome === 'queued' || marked.outcome === 'already-queued') result.resent.push(contractId);
    else result.skipped.push({ contractId, reason: marked.outcome });
  }

  try {
    await deps.emailJobs.sendAll(jobs);
  } catch (error) {
    await Promise.all(jobs.map((job) => deps.recipients.releaseResend(job.noticeId, job.contractId, job.resendId)));
    throw error;
  }
  return result;
}
