import { ObjectionWindowClosed } from '../events/objection-window-closed.js';
import { type NoticeRecipient, outcomeAtClose } from './notice.js';
import type {
  Clock,
  EventPublisher,
  NoticeStore,
  OutcomeCounts,
  RecipientStore,
  StoredNotice,
  WindowScheduler,
} from './ports.js';

/** Re-arming sooner would page through the recipients again for windows a few seconds apart. */
export const CLOSE_RECHECK_MS = 15 * 60_000;
const PAGE = 200;
/** A close pass runs at most 5 minutes (its Lambda timeout): an older claim to publish is abandoned. */
const CLOSED_EVENT_CLAIM_MS = 5 * 60_000;
const ATTEMPTS = 5;

export interface CloseDependencies {
  notices: Pick<NoticeStore, 'get' | 'setNextCloseCheck' | 'close' | 'claimClosedEvent' | 'markClosedEventPublished'>;
  recipients: Pick<RecipientStore, 'page' | 'close'>;
  scheduler: WindowScheduler;
  events: EventPublisher;
  clock: Clock;
}

const COUNT_KEY = {
  objected: 'objected',
  approved: 'approved',
  'implied-consent': 'impliedConsent',
  'not-notified': 'notNotified',
  withdrawn: 'withdrawn',
} as const;

/** Closes one window, again from the recipient as the write found it if a decision or delivery event landed in between. */
async function closeOne(recipient: NoticeRecipient, now: string, deps: CloseDependencies): Promise<NoticeRecipient> {
  let current: NoticeRecipient | undefined = recipient;
  for (let attempt = 0; attempt < ATTEMPTS && current !== undefined; attempt++) {
    if (current.windowState === 'closed' || current.closesAt === undefined || current.closesAt > now) return current;
    const outcome = outcomeAtClose(current);
    const result = await deps.recipients.close(current, outcome, now);
    if (result.written) return { ...current, windowState: 'closed', outcome, closedAt: now };
    current = result.current;
  }
  throw new Error(`could not close ${recipient.noticeId}/${recipient.contractId} after ${ATTEMPTS} attempts`);
}

/**
 * Closes every window of a notice whose deadline has passed, exactly once each.
 *
 * 1. Page through the recipients; close each due window with its outcome (objected, approved,
 *    implied-consent, or not-notified when the e-mail bounced or never went out) by a conditional
 *    write that also appends the outcome record.
 * 2. If windows remain open, re-arm a one-time schedule for the next deadline.
 * 3. When none remain, close the notice (conditional) and publish ObjectionWindowClosed with the
 *    counts, once: concurrent passes claim the publication; a claim abandoned by a crashed pass is
 *    taken over after 5 minutes (so a consumer may still, rarely, see it twice: it keys on noticeId).
 * Any trigger may run this any number of times: schedule, sweep, retries.
 */
export async function closeNoticeWindows(
  noticeId: string,
  deps: CloseDependencies,
): Promise<'closed' | 'open' | 'not-found'> {
  const notice = await deps.notices.get(noticeId);
  if (notice === undefined) return 'not-found';
  const now = deps.clock.now().toISOString();
  const counts: OutcomeCounts = { objected: 0, approved: 0, impliedConsent: 0, notNotified: 0, withdrawn: 0 };
  let nextDeadline: string | undefined;

  if (notice.state === 'open') {
    let cursor: string | undefined;
    do {
      const page = await deps.recipients.page(noticeId, { limit: PAGE, ...(cursor !== undefined && { cursor }) });
      for (const recipient of page.items) {
        if (recipient.windowState === 'none') continue;
        const after = await closeOne(recipient, now, deps);
        if (after.windowState === 'closed' && after.outcome !== undefined && after.outcome !== 'pending') {
          counts[COUNT_KEY[after.outcome]] += 1;
        } else if (after.closesAt !== undefined && (nextDeadline === undefined || after.closesAt < nextDeadline)) {
          nextDeadline = after.closesAt;
        }
      }
      cursor = page.nextCursor;
    } while (cursor !== undefined);

    if (nextDeadline !== undefined) {
      const at = new Date(Math.max(Date.parse(nextDeadline), Date.parse(now) + CLOSE_RECHECK_MS));
      await deps.scheduler.scheduleClose(noticeId, at);
      // This pass handled every check due by now: the next one may be later.
      await deps.notices.setNextCloseCheck(noticeId, at.toISOString(), now);
      return 'open';
    }
  }

  // The notice as this pass left it: closed by it, or as another pass's close had already left it.
  const closeResult = notice.state === 'open' ? await deps.notices.close(noticeId, now, counts) : undefined;
  const closed: StoredNotice | undefined =
    closeResult === undefined
      ? notice
      : closeResult.written
        ? { ...notice, state: 'closed', closedAt: now, counts, closedEventPublished: false }
        : closeResult.current;
  if (
    closed?.kind === 'objection-window' &&
    closed.state === 'closed' &&
    closed.closedEventPublished !== true &&
    (await deps.notices.claimClosedEvent(
      noticeId,
      now,
      new Date(Date.parse(now) - CLOSED_EVENT_CLAIM_MS).toISOString(),
    ))
  ) {
    await deps.events.publish(ObjectionWindowClosed, {
      schemaVersion: 1,
      noticeId,
      processorId: closed.processorId,
      version: closed.version,
      closedAt: closed.closedAt ?? now,
      counts: closed.counts ?? counts,
    });
    await deps.notices.markClosedEventPublished(noticeId);
  }
  return 'closed';
}
