import { SubprocessorChangeWithdrawn } from '../events/subprocessor-change-withdrawn.js';
import { languageOr } from '../i18n/language.js';
import type { EmailJob } from './fan-out-notice.js';
import { type NoticeRecipient, noticeAsTold, noticeIdFor } from './notice.js';
import type {
  Clock,
  EventPublisher,
  Mailer,
  MessageRenderer,
  NoticeStore,
  OutcomeCounts,
  QueueSender,
  RecipientStore,
  VendorEmailStore,
} from './ports.js';
import { sendVendorEmailOnce, type VendorEmailResult } from './vendor-email.js';

/**
 * A "change withdrawn" e-mail job. It travels on the notice e-mail queue, so it is paced to the same
 * SES rate as the notices themselves (one sending budget), and its consumer tells it by `kind`.
 */
export interface WithdrawalEmailJob extends EmailJob {
  kind: 'change-withdrawn';
}

const PAGE = 200;
const ATTEMPTS = 5;

export interface WithdrawNoticeDependencies {
  notices: Pick<NoticeStore, 'markWithdrawn' | 'recordWithdrawnCounts' | 'markWithdrawnEventPublished'>;
  recipients: Pick<RecipientStore, 'page' | 'close'>;
  emailJobs: QueueSender<EmailJob>;
  events: EventPublisher;
  clock: Clock;
}

export interface WithdrawNoticeResult {
  noticeId: string;
  result: 'withdrawn';
  /** Windows this run closed as withdrawn. */
  closed: number;
  /** "Change withdrawn" e-mail jobs queued (each is sent once, whatever the number of jobs). */
  queued: number;
}

/**
 * A contract was told of the change if its e-mail (or an earlier one) went out, or may have been (a
 * send in flight when the change was withdrawn: its record then fails, but the e-mail may have left).
 * Telling such a contract that nothing is to be done costs nothing; leaving a notified one untold would.
 */
function mayHaveBeenNotified(recipient: NoticeRecipient): boolean {
  return (
    recipient.sentAt !== undefined ||
    recipient.delivery === 'sending' ||
    // An earlier e-mail went out before a resend replaced it (resend-notice.ts).
    (recipient.previousAttempts ?? []).some((attempt) => attempt.sentAt !== null)
  );
}

/** Closes one open window as `withdrawn`, again from the recipient as the write found it if it changed meanwhile. */
async function closeAsWithdrawn(
  recipient: NoticeRecipient,
  now: string,
  deps: WithdrawNoticeDependencies,
): Promise<{ recipient: NoticeRecipient; closedByThis: boolean }> {
  let current: NoticeRecipient | undefined = recipient;
  for (let attempt = 0; attempt < ATTEMPTS && current !== undefined; attempt++) {
    if (current.windowState !== 'open' && current.windowState !== 'pending') {
      return { recipient: current, closedByThis: false };
    }
    const result = await deps.recipients.close(current, 'withdrawn', now, { beforeDeadline: true });
    if (result.written) {
      return {
        recipient: { ...current, windowState: 'closed', outcome: 'withdrawn', closedAt: now },
        closedByThis: true,
      };
    }
    current = result.current;
  }
  throw new Error(
    `could not close ${recipient.noticeId}/${recipient.contractId} as withdrawn after ${ATTEMPTS} attempts`,
  );
}

function countOf(counts: OutcomeCounts, recipient: NoticeRecipient): void {
  switch (recipient.outcome) {
    case 'objected':
      counts.objected += 1;
      break;
    case 'approved':
      counts.approved += 1;
      break;
    case 'implied-consent':
      counts.impliedConsent += 1;
      break;
    case 'not-notified':
      counts.notNotified += 1;
      break;
    case 'withdrawn':
      counts.withdrawn += 1;
      break;
    default:
      break;
  }
}

/**
 * Withdraws the notice of a version that a later version withdrew (SubprocessorListChanged with
 * `withdraws`). Any trigger may run it any number of times: every step is conditional or claimed.
 *
 * 1. Move the notice to `withdrawn` (conditional) and off the sweep's index: from then on no close
 *    pass, schedule or sweep touches it, so no window of it can ripen into implied consent.
 * 2. Page through the recipients: close each window still pending or open with the outcome
 *    `withdrawn`, by the same conditional close as at the deadline (the decision as read, the
 *    delivery as read) without the deadline: a decision that lands first stays (it is in the outcome
 *    record, the evidence), one that comes after finds the window closed and is refused (409).
 *    Windows that had closed already keep their outcome.
 * 3. Each contract that was (or may have been) notified gets a "change withdrawn, nothing to do"
 *    e-mail job on the notice e-mail queue (sendWithdrawalEmail sends it once, paced like the notices).
 * 4. Store the counts; publish SubprocessorChangeWithdrawn until it is marked published (a crash
 *    between the two publishes it again: consumers key on noticeId).
 * A notice not opened yet (the withdrawal overtook it) is an error, so the event is retried; openNotice
 * opens the notice of a version already withdrawn as `withdrawn`, without fan-out, so nobody is told of it.
 */
export async function withdrawNotice(
  withdrawal: { processorId: string; version: number; withdraws: number },
  deps: WithdrawNoticeDependencies,
): Promise<WithdrawNoticeResult> {
  const noticeId = noticeIdFor(withdrawal.processorId, withdrawal.withdraws);
  const now = deps.clock.now().toISOString();
  const notice = await deps.notices.markWithdrawn(noticeId, now, withdrawal.version);
  // The withdrawal overtook the notice's opening: fail, so the event is retried once it is open.
  if (notice === undefined) throw new Error(`notice ${noticeId} is not open yet`);
  if (notice.state !== 'withdrawn') throw new Error(`notice ${noticeId} is ${notice.state}, not withdrawn`);
  const withdrawnAt = notice.withdrawnAt ?? now;

  const counts: OutcomeCounts = { objected: 0, approved: 0, impliedConsent: 0, notNotified: 0, withdrawn: 0 };
  let closed = 0;
  let queued = 0;
  let cursor: string | undefined;
  do {
    const page = await deps.recipients.page(noticeId, { limit: PAGE, ...(cursor !== undefined && { cursor }) });
    const jobs: WithdrawalEmailJob[] = [];
    for (const recipient of page.items) {
      const after = await closeAsWithdrawn(recipient, withdrawnAt, deps);
      if (after.closedByThis) closed += 1;
      countOf(counts, after.recipient);
      if (mayHaveBeenNotified(after.recipient)) {
        jobs.push({ noticeId, contractId: recipient.contractId, kind: 'change-withdrawn' });
      }
    }
    await deps.emailJobs.sendAll(jobs);
    queued += jobs.length;
    cursor = page.nextCursor;
  } while (cursor !== undefined);

  await deps.notices.recordWithdrawnCounts(noticeId, counts);
  if (notice.withdrawnEventPublished !== true) {
    await deps.events.publish(SubprocessorChangeWithdrawn, {
      schemaVersion: 1,
      noticeId,
      processorId: notice.processorId,
      version: notice.version,
      withdrawnByVersion: notice.withdrawnByVersion ?? withdrawal.version,
      withdrawnAt,
      counts,
    });
    await deps.notices.markWithdrawnEventPublished(noticeId);
  }
  return { noticeId, result: 'withdrawn', closed, queued };
}

export interface WithdrawalEmailDependencies {
  notices: Pick<NoticeStore, 'get'>;
  recipients: Pick<RecipientStore, 'get'>;
  vendorEmails: VendorEmailStore;
  mailer: Mailer;
  renderer: MessageRenderer;
  clock: Clock;
}

/**
 * Sends one contract its "change withdrawn, nothing to do" e-mail, once, whatever the number of jobs.
 *
 * 1. Read the notice and the recipient; a notice not (yet) read as withdrawn fails, so the queue
 *    retries (the job was queued after the withdrawal was written).
 * 2. Only a contract that was, or may have been, notified is told.
 * 3. Claim the e-mail on its permanent record, send, record the message id; if SES fails, the claim is
 *    given back and the job fails, so the queue retries it.
 */
export async function sendWithdrawalEmail(
  job: EmailJob,
  deps: WithdrawalEmailDependencies,
): Promise<VendorEmailResult | 'not-notified'> {
  const [notice, recipient] = await Promise.all([
    deps.notices.get(job.noticeId),
    deps.recipients.get(job.noticeId, job.contractId),
  ]);
  if (notice?.state !== 'withdrawn' || recipient === undefined) {
    throw new Error(`notice ${job.noticeId} is not withdrawn (or has no contract ${job.contractId}) yet`);
  }
  if (!mayHaveBeenNotified(recipient)) return 'not-notified';
  const content = deps.renderer.changeWithdrawn(
    noticeAsTold(notice, recipient),
    {
      withdrawnAt: notice.withdrawnAt ?? notice.closedAt ?? deps.clock.now().toISOString(),
      byVersion: notice.withdrawnByVersion ?? notice.version + 1,
    },
    languageOr(recipient.language),
  );
  return sendVendorEmailOnce(
    { noticeId: job.noticeId, subject: 'withdrawal', contractId: job.contractId },
    {
      to: recipient.notifyEmails,
      ...content,
      tags: { noticeId: job.noticeId, contractId: job.contractId, kind: 'change-withdrawn' },
    },
    deps,
  );
}
