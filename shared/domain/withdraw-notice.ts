import { SubprocessorChangeWithdrawn } from '../events/subprocessor-change-withdrawn.js';
import { type NoticeRecipient, noticeIdFor } from './notice.js';
import type {
  Clock,
  EventPublisher,
  Mailer,
  MessageRenderer,
  NoticeStore,
  OutcomeCounts,
  RecipientStore,
  VendorEmailStore,
} from './ports.js';
import { sendVendorEmailOnce } from './vendor-email.js';

const PAGE = 200;
const ATTEMPTS = 5;

export interface WithdrawNoticeDependencies {
  notices: Pick<NoticeStore, 'markWithdrawn' | 'recordWithdrawnCounts' | 'markWithdrawnEventPublished'>;
  recipients: Pick<RecipientStore, 'page' | 'close'>;
  vendorEmails: VendorEmailStore;
  mailer: Mailer;
  renderer: MessageRenderer;
  events: EventPublisher;
  clock: Clock;
}

export interface WithdrawNoticeResult {
  noticeId: string;
  result: 'withdrawn';
  closed: number;
  emailed: number;
}

/**
 * A contract was told of the change if its e-mail went out, or may have (a send in flight when the
 * change was withdrawn: its record then fails, but the e-mail may have left). Telling such a contract
 * that nothing is to be done costs nothing; leaving a notified one untold would.
 */
function mayHaveBeenNotified(recipient: NoticeRecipient): boolean {
  return recipient.sentAt !== undefined || recipient.delivery === 'sending';
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
 * 3. Each contract that was (or may have been) notified gets one "change withdrawn, nothing to do"
 *    e-mail: claimed on its permanent record, released if SES fails so the retry sends it.
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
  let emailed = 0;
  let cursor: string | undefined;
  do {
    const page = await deps.recipients.page(noticeId, { limit: PAGE, ...(cursor !== undefined && { cursor }) });
    for (const recipient of page.items) {
      const after = await closeAsWithdrawn(recipient, withdrawnAt, deps);
      if (after.closedByThis) closed += 1;
      countOf(counts, after.recipient);
      if (!mayHaveBeenNotified(after.recipient)) continue;
      const content = deps.renderer.changeWithdrawn(notice, { withdrawnAt, byVersion: withdrawal.version });
      const sent = await sendVendorEmailOnce(
        { noticeId, subject: 'withdrawal', contractId: recipient.contractId },
        {
          to: after.recipient.notifyEmails,
          ...content,
          tags: { noticeId, contractId: recipient.contractId, kind: 'change-withdrawn' },
        },
        deps,
      );
      if (sent === 'sent') emailed += 1;
    }
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
  return { noticeId, result: 'withdrawn', closed, emailed };
}
