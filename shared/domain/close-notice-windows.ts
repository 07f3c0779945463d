import { ObjectionWindowClosed } from '../events/objection-window-closed.js';
import { SubprocessorChangeEffective } from '../events/subprocessor-change-effective.js';
import { type NoticeRecipient, noticeIdFor, outcomeAtClose } from './notice.js';
import type {
  Clock,
  EventPublisher,
  NoticeStore,
  OutcomeCounts,
  RecipientStore,
  StoredNotice,
  TransferStore,
  VersionEffectStore,
  WindowScheduler,
} from './ports.js';
import { settleRow } from './transfers.js';

/** Re-arming sooner would page through the recipients again for windows a few seconds apart. */
export const CLOSE_RECHECK_MS = 15 * 60_000;
/** A send in flight when the version is due: look again once it has had time to be recorded. */
const UNSENT_RECHECK_MS = 60_000;
const PAGE = 200;
/** A close pass runs at most 5 minutes (its Lambda timeout): an older claim to publish is abandoned. */
const CLOSED_EVENT_CLAIM_MS = 5 * 60_000;
const ATTEMPTS = 5;

export interface CloseDependencies {
  notices: Pick<NoticeStore, 'get' | 'setNextCloseCheck' | 'close' | 'claimClosedEvent' | 'markClosedEventPublished'>;
  recipients: Pick<RecipientStore, 'page' | 'close' | 'closeUnsent'>;
  effects: Pick<VersionEffectStore, 'get' | 'takeEffect' | 'claimEffectiveEvent' | 'markEffectiveEventPublished'>;
  transfers: Pick<TransferStore, 'forProcessor' | 'apply'>;
  scheduler: WindowScheduler;
  events: EventPublisher;
  clock: Clock;
  /** A send claim or resend marker older than this is presumed dead: the e-mail queue's visibility timeout. */
  claimTimeoutMs: number;
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

/** What one scan of a notice's recipients found. */
interface Scan {
  counts: OutcomeCounts;
  /** The earliest deadline of a window still open (an e-mail went out and its window runs). */
  nextDeadline?: string;
  /** The latest deadline of every window an e-mail opened, closed ones included: what the version waits for. */
  latestCloseOfSent?: string;
  /** Windows whose e-mail never went out (queued, failed, or a send in flight): they close at the effect. */
  unsent: NoticeRecipient[];
}

async function scanRecipients(noticeId: string, now: string, deps: CloseDependencies): Promise<Scan> {
  const scan: Scan = {
    counts: { objected: 0, approved: 0, impliedConsent: 0, notNotified: 0, withdrawn: 0 },
    unsent: [],
  };
  let cursor: string | undefined;
  do {
    const page = await deps.recipients.page(noticeId, { limit: PAGE, ...(cursor !== undefined && { cursor }) });
    for (const recipient of page.items) {
      if (recipient.windowState === 'none') continue;
      if (recipient.windowState === 'pending') {
        scan.unsent.push(recipient);
        continue;
      }
      const after = await closeOne(recipient, now, deps);
      // An open window was opened by an e-mail (a resend in flight has dropped its sentAt, not its window).
      if (after.closesAt !== undefined && (recipient.windowState === 'open' || after.sentAt !== undefined)) {
        scan.latestCloseOfSent = latest(scan.latestCloseOfSent, after.closesAt);
      }
      if (after.windowState === 'closed' && after.outcome !== undefined && after.outcome !== 'pending') {
        scan.counts[COUNT_KEY[after.outcome]] += 1;
      } else if (
        after.closesAt !== undefined &&
        (scan.nextDeadline === undefined || after.closesAt < scan.nextDeadline)
      ) {
        scan.nextDeadline = after.closesAt;
      }
    }
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return scan;
}

const latest = (a: string | undefined, b: string) => (a === undefined || b > a ? b : a);

/** A send claimed, or a resend asked for, recently enough that it may still open a window. */
function sendInFlight(recipient: NoticeRecipient, staleBefore: string): boolean {
  if (recipient.delivery === 'sending' && (recipient.claimedAt ?? '') >= staleBefore) return true;
  return recipient.resendId !== undefined && (recipient.resendRequestedAt ?? '') >= staleBefore;
}

/**
 * The version of an objection-window notice takes effect once every window an e-mail opened has
 * closed, the requested time has come, and the version before it took effect (a later list holds the
 * earlier one's changes). Windows whose e-mail never went out do not hold it back: they close
 * `not-notified` now, each by a write conditional on the recipient as read, so a send that claims it
 * meanwhile wins and the effect waits for its window. Answers when to look again, or the effect.
 */
async function takeEffectIfDue(
  notice: StoredNotice,
  scan: Scan,
  now: string,
  deps: CloseDependencies,
): Promise<{ recheckAt: string } | { effectiveAt: string } | { withdrawn: true }> {
  const ref = { processorId: notice.processorId, version: notice.version, requestedEffectiveAt: notice.effectiveAt };
  const [effect, previous] = await Promise.all([
    deps.effects.get(notice.processorId, notice.version),
    notice.version > 2 ? deps.effects.get(notice.processorId, notice.version - 1) : undefined,
  ]);
  if (effect?.state === 'withdrawn') return { withdrawn: true };
  const recheckSoon = new Date(Date.parse(now) + UNSENT_RECHECK_MS).toISOString();
  let effectiveAt = latest(scan.latestCloseOfSent, notice.effectiveAt);
  // The projection every recorded send moved: it holds the deadline of an e-mail a resend superseded.
  if (effect?.state === 'scheduled') effectiveAt = latest(effectiveAt, effect.effectiveAt);
  // A later list holds the earlier one's changes: never in force before it.
  if (previous?.state === 'effective') effectiveAt = latest(effectiveAt, previous.effectiveAt);
  if (effect?.state === 'effective') effectiveAt = effect.effectiveAt;
  if (effectiveAt > now) return { recheckAt: effectiveAt };
  if (previous?.state === 'scheduled' || (previous === undefined && (await previousStillOpen(notice, deps)))) {
    return { recheckAt: new Date(Date.parse(now) + CLOSE_RECHECK_MS).toISOString() };
  }

  if (effect?.state !== 'effective') {
    const staleBefore = new Date(Date.parse(now) - deps.claimTimeoutMs).toISOString();
    let blocked = false;
    for (const recipient of scan.unsent) {
      if (sendInFlight(recipient, staleBefore)) {
        blocked = true;
        continue;
      }
      const result = await deps.recipients.closeUnsent(recipient, now);
      const closedBy = result.written
        ? 'not-notified'
        : result.current?.windowState === 'closed'
          ? result.current.outcome
          : undefined;
      // Closed by this pass, or by a concurrent one (the schedule and the sweep at once): counted either way.
      if (closedBy !== undefined && closedBy !== 'pending') scan.counts[COUNT_KEY[closedBy]] += 1;
      else blocked = true;
    }
    // A send claimed a window meanwhile: its deadline decides, once it is recorded.
    if (blocked) return { recheckAt: recheckSoon };
    const taken = await deps.effects.takeEffect(ref, effectiveAt, now);
    if (!taken.written) {
      if (taken.current?.state === 'withdrawn') return { withdrawn: true };
      if (taken.current?.state === 'effective') effectiveAt = taken.current.effectiveAt;
    }
  }
  await settleTransfers(notice.processorId, notice.version, effectiveAt, now, deps);
  return { effectiveAt };
}

/** The notice of the version before, still open: the earlier change has not taken effect yet. */
async function previousStillOpen(notice: StoredNotice, deps: CloseDependencies): Promise<boolean> {
  if (notice.version <= 2) return false;
  const previous = await deps.notices.get(noticeIdFor(notice.processorId, notice.version - 1));
  return previous?.kind === 'objection-window' && previous.state === 'open';
}

/**
 * The transfer rows the version changed get its final time and stop waiting for it, so the views
 * switch without a lookup. Idempotent; a row a later version re-projected meanwhile keeps waiting
 * (its view reads the effect item instead).
 */
async function settleTransfers(
  processorId: string,
  version: number,
  effectiveAt: string,
  now: string,
  deps: CloseDependencies,
): Promise<void> {
  const rows = await deps.transfers.forProcessor(processorId);
  const settled = rows.flatMap((row) => {
    const after = settleRow(row, version, effectiveAt);
    return after === row ? [] : [after];
  });
  if (settled.length > 0) await deps.transfers.apply(settled, now);
}

/** Publishes SubprocessorChangeEffective once: the pass that claims it publishes it. */
async function publishEffectOnce(notice: StoredNotice, effectiveAt: string, now: string, deps: CloseDependencies) {
  const claimed = await deps.effects.claimEffectiveEvent(
    notice.processorId,
    notice.version,
    now,
    new Date(Date.parse(now) - CLOSED_EVENT_CLAIM_MS).toISOString(),
  );
  if (!claimed) return;
  await deps.events.publish(SubprocessorChangeEffective, {
    schemaVersion: 1,
    processorId: notice.processorId,
    version: notice.version,
    effectiveAt,
  });
  await deps.effects.markEffectiveEventPublished(notice.processorId, notice.version);
}

/**
 * Closes every window of a notice whose deadline has passed, exactly once each, and makes its
 * version take effect once every window is closed.
 *
 * 1. Page through the recipients; close each due window with its outcome (objected, approved,
 *    implied-consent, or not-notified when the e-mail bounced or failed) by a conditional write that
 *    also appends the outcome record.
 * 2. If windows remain open, re-arm a one-time schedule for the next deadline.
 * 3. When none remain, the version takes effect (takeEffectIfDue) — or the pass re-arms for the time
 *    it may — and the transfer rows switch.
 * 4. Then close the notice (conditional) and publish ObjectionWindowClosed with the counts and
 *    SubprocessorChangeEffective, once each: concurrent passes claim each publication; a claim abandoned
 *    by a crashed pass is taken over after 5 minutes (so a consumer may still, rarely, see one twice).
 * Any trigger may run this any number of times: schedule, sweep, retries.
 */
export async function closeNoticeWindows(
  noticeId: string,
  deps: CloseDependencies,
): Promise<'closed' | 'open' | 'not-found' | 'withdrawn'> {
  const notice = await deps.notices.get(noticeId);
  if (notice === undefined) return 'not-found';
  const now = deps.clock.now().toISOString();
  let counts: OutcomeCounts = { objected: 0, approved: 0, impliedConsent: 0, notNotified: 0, withdrawn: 0 };
  let effectiveAt: string | undefined;

  if (notice.state === 'open') {
    const scan = await scanRecipients(noticeId, now, deps);
    const effect =
      scan.nextDeadline === undefined && notice.kind === 'objection-window'
        ? await takeEffectIfDue(notice, scan, now, deps)
        : undefined;
    if (effect !== undefined && 'withdrawn' in effect) return 'withdrawn';
    const recheck = scan.nextDeadline ?? (effect !== undefined && 'recheckAt' in effect ? effect.recheckAt : undefined);
    if (recheck !== undefined) {
      const soonest = scan.nextDeadline === undefined ? 0 : CLOSE_RECHECK_MS;
      const at = new Date(Math.max(Date.parse(recheck), Date.parse(now) + soonest));
      await deps.scheduler.scheduleClose(noticeId, at);
      // This pass handled every check due by now: the next one may be later.
      await deps.notices.setNextCloseCheck(noticeId, at.toISOString(), now);
      return 'open';
    }
    counts = scan.counts;
    if (effect !== undefined && 'effectiveAt' in effect) effectiveAt = effect.effectiveAt;
  } else if (notice.state === 'closed' && notice.kind === 'objection-window') {
    // A pass that closed the notice may have died before publishing: finish its work.
    const effect = await deps.effects.get(notice.processorId, notice.version);
    if (effect?.state === 'effective') {
      effectiveAt = effect.effectiveAt;
      if (effect.effectiveEventPublished === false) {
        await settleTransfers(notice.processorId, notice.version, effectiveAt, now, deps);
      }
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
  if (effectiveAt !== undefined) await publishEffectOnce(notice, effectiveAt, now, deps);
  return 'closed';
}
