import { languageOr } from '../i18n/language.js';
import { type DeliveryState, type NoticeRecipient, noticeAsTold } from './notice.js';
import type {
  Clock,
  Mailer,
  MessageRenderer,
  NoticeStore,
  OpenNoticeRef,
  ProcessorStore,
  RecipientStore,
  ReminderKey,
  ReminderStore,
  StoredNotice,
} from './ports.js';
import { DEFAULT_REMINDER_DAYS_BEFORE } from './processor-profile.js';
import { newSecret, sha256Hex } from './secrets.js';
import { DAY_MS } from './time.js';

/** A claim older than this is presumed dead (its pass timed out after 5 minutes): well above that. */
export const REMINDER_CLAIM_TIMEOUT_MS = 15 * 60_000;
const PAGE = 200;
const HOUR_MS = 3_600_000;
/**
 * A notice is looked at again within a day even if no reminder is known to fall due: a processor that
 * lengthened its lead time, or a window that opened since (a late send, a resend), is then seen in time,
 * because a reminder may be sent during a whole lead time (at least a day) before its deadline.
 */
export const REMINDER_RECHECK_MAX_MS = 24 * HOUR_MS;

/**
 * Deliveries that did not reach the client: reminding would write to the same dead address (the fix
 * is to correct it and resend). `failed` is the state of a send refused or dead-lettered.
 */
const FAILED_DELIVERIES: ReadonlySet<DeliveryState> = new Set<DeliveryState>([
  'bounced',
  'complained',
  'rejected',
  'failed',
]);

export interface ReminderDependencies {
  notices: Pick<NoticeStore, 'get' | 'openNotices'>;
  recipients: Pick<RecipientStore, 'get' | 'page'>;
  processors: Pick<ProcessorStore, 'get'>;
  reminders: ReminderStore;
  mailer: Mailer;
  renderer: MessageRenderer;
  publicBaseUrl: string;
  clock: Clock;
}

export type ReminderResult = 'sent' | 'already-handled' | 'not-due';

/**
 * When a contract's reminder may be sent, with the processor's lead time as it is now: from `daysBefore`
 * days before `closesAt` until `closesAt`, if its window is open, no decision was recorded, its e-mail
 * went out and did not fail, and the window is longer than the lead time (a reminder at the first
 * e-mail's own time would say nothing new). Undefined when it gets none; 0 days: reminders are off.
 */
export function reminderPeriod(
  recipient: NoticeRecipient,
  daysBefore: number,
): { from: number; until: number } | undefined {
  if (daysBefore <= 0) return undefined;
  if (recipient.windowState !== 'open' || recipient.decision !== undefined) return undefined;
  if (recipient.sentAt === undefined || recipient.closesAt === undefined) return undefined;
  if (FAILED_DELIVERIES.has(recipient.delivery)) return undefined;
  const until = Date.parse(recipient.closesAt);
  const leadMs = daysBefore * DAY_MS;
  if (until - Date.parse(recipient.sentAt) <= leadMs) return undefined;
  return { from: until - leadMs, until };
}

/** Whether the reminder is due at `now` (reminderPeriod). */
export function isReminderDue(recipient: NoticeRecipient, daysBefore: number, now: Date): boolean {
  const period = reminderPeriod(recipient, daysBefore);
  return period !== undefined && now.getTime() >= period.from && now.getTime() < period.until;
}

/**
 * Sends one contract's reminder, once ever per (notice, contract), the pattern of the vendor e-mails:
 * 1. claim its permanent record (conditional: never sent, no live claim);
 * 2. read the recipient again under the claim: a decision or a close that landed since the page was
 *    read means no reminder (the claim is given back);
 * 3. render it with a fresh 256-bit link token and the same deadline, send; if SES fails, give the
 *    claim back and rethrow, so the next trigger sends it;
 * 4. record message id, time, content hash and the token's SHA-256: the new link works, the first one too.
 * Only a crash between 3 and 4 can send twice (SES has no idempotency key): the claim then expires.
 */
export async function remindOnce(
  notice: StoredNotice,
  key: ReminderKey,
  daysBefore: number,
  deps: ReminderDependencies,
): Promise<ReminderResult> {
  const now = deps.clock.now();
  const claimedAt = now.toISOString();
  const staleBefore = new Date(now.getTime() - REMINDER_CLAIM_TIMEOUT_MS).toISOString();
  if (!(await deps.reminders.claim(key, claimedAt, staleBefore))) return 'already-handled';
  const recipient = await deps.recipients.get(key.noticeId, key.contractId);
  if (recipient?.closesAt === undefined || !isReminderDue(recipient, daysBefore, now)) {
    await deps.reminders.release(key, claimedAt);
    return 'not-due';
  }
  const token = newSecret('');
  const content = deps.renderer.reminderEmail(
    noticeAsTold(notice, recipient),
    { objectionUrl: `${deps.publicBaseUrl}/objections/${token}`, closesAt: recipient.closesAt },
    languageOr(recipient.language),
  );
  let messageId: string;
  try {
    messageId = await deps.mailer.send({
      to: recipient.notifyEmails,
      ...content,
      tags: { noticeId: key.noticeId, contractId: key.contractId, kind: 'reminder' },
    });
  } catch (error) {
    await deps.reminders.release(key, claimedAt);
    throw error;
  }
  await deps.reminders.complete(key, claimedAt, {
    contractId: key.contractId,
    messageId,
    sentAt: deps.clock.now().toISOString(),
    to: recipient.notifyEmails,
    contentSha256: sha256Hex(`${content.subject}\n${content.text}\n${content.html}`),
    closesAt: recipient.closesAt,
    tokenHash: sha256Hex(token),
    attemptSentAt: recipient.sentAt ?? claimedAt,
  });
  return 'sent';
}

/**
 * One reminder pass over one open notice.
 *
 * 1. Read the processor's lead time now (a vendor that turned reminders off stops those not sent yet);
 *    skip the notice while its next check (stored by the previous pass) is in the future.
 * 2. Page through the recipients; each one due and not yet reminded gets its reminder (remindOnce).
 * 3. Store the next check: the earliest reminder not yet due, within a day at most (an hour while some
 *    e-mails are not sent yet: their windows are still to open). A failed send does not stop the others;
 *    the pass then fails as a whole, without moving the check, so that its trigger retries (what was
 *    sent is not sent again).
 */
export async function sendNoticeReminders(
  ref: OpenNoticeRef,
  deps: ReminderDependencies,
): Promise<{ sent: number; failures: unknown[] }> {
  const nothing = { sent: 0, failures: [] };
  if (ref.kind !== 'objection-window') return nothing;
  const processor = await deps.processors.get(ref.processorId);
  const daysBefore = processor?.reminderDaysBefore ?? DEFAULT_REMINDER_DAYS_BEFORE;
  if (daysBefore <= 0) return nothing;
  const now = deps.clock.now();
  const check = await deps.reminders.nextCheck(ref.id);
  if (check !== undefined && Date.parse(check) > now.getTime()) return nothing;
  const notice = await deps.notices.get(ref.id);
  if (notice === undefined || notice.state !== 'open') return nothing;

  let sent = 0;
  const failures: unknown[] = [];
  let nextCheck = now.getTime() + REMINDER_RECHECK_MAX_MS;
  let cursor: string | undefined;
  do {
    const page = await deps.recipients.page(ref.id, { limit: PAGE, ...(cursor !== undefined && { cursor }) });
    const due: NoticeRecipient[] = [];
    for (const recipient of page.items) {
      if (recipient.windowState === 'pending') nextCheck = Math.min(nextCheck, now.getTime() + HOUR_MS);
      const period = reminderPeriod(recipient, daysBefore);
      if (period === undefined || now.getTime() >= period.until) continue;
      if (now.getTime() >= period.from) due.push(recipient);
      else nextCheck = Math.min(nextCheck, period.from);
    }
    const first = due[0]?.contractId;
    const last = due.at(-1)?.contractId;
    const done =
      first === undefined || last === undefined
        ? new Set<string>()
        : new Set((await deps.reminders.sentFor(ref.id, first, last)).map((r) => r.contractId));
    for (const recipient of due) {
      if (done.has(recipient.contractId)) continue;
      try {
        const key = { noticeId: ref.id, contractId: recipient.contractId };
        const result = await remindOnce(notice, key, daysBefore, deps);
        if (result === 'sent') sent += 1;
        // Another pass holds the claim: look again when it would be stale, in case that pass died.
        if (result === 'already-handled') nextCheck = Math.min(nextCheck, now.getTime() + REMINDER_CLAIM_TIMEOUT_MS);
      } catch (error) {
        failures.push(error);
      }
    }
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  if (failures.length === 0) await deps.reminders.setNextCheck(ref.id, new Date(nextCheck).toISOString());
  return { sent, failures };
}

/**
 * The reminder trigger (the hourly schedule, and the local clock): every open notice, one reminder
 * pass each. Any trigger may repeat it, at any time: a reminder is claimed on its permanent record.
 *
 * 1. Page through the open notices (the sparse index of notices not yet closed).
 * 2. Run a reminder pass on each (sendNoticeReminders).
 * 3. Failures do not stop the other notices; the trigger then fails, and its retry sends what failed.
 */
export async function sendDueReminders(deps: ReminderDependencies): Promise<{ notices: number; sent: number }> {
  let notices = 0;
  let sent = 0;
  const failures: unknown[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.notices.openNotices({ limit: 100, ...(cursor !== undefined && { cursor }) });
    for (const ref of page.items) {
      notices += 1;
      try {
        const result = await sendNoticeReminders(ref, deps);
        sent += result.sent;
        failures.push(...result.failures);
      } catch (error) {
        failures.push(error);
      }
    }
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new AggregateError(failures, `${failures.length} reminders failed`);
  return { notices, sent };
}
