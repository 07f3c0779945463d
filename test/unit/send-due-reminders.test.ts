import { beforeEach, describe, expect, it, vi } from 'vitest';
import { closeNoticeWindows } from '../../shared/domain/close-notice-windows.js';
import { evidencePack } from '../../shared/domain/evidence-pack.js';
import { recordDecision, viewByToken } from '../../shared/domain/record-decision.js';
import { resendNotice } from '../../shared/domain/resend-notice.js';
import { sha256Hex } from '../../shared/domain/secrets.js';
import {
  isReminderDue,
  REMINDER_CLAIM_TIMEOUT_MS,
  REMINDER_RECHECK_MAX_MS,
  remindOnce,
  sendDueReminders,
} from '../../shared/domain/send-due-reminders.js';
import { DAY_MS } from '../../shared/domain/time.js';
import {
  aNoticeSent,
  drainQueues,
  type ReminderPorts,
  reminderPorts,
  TransientProviderError,
} from '../support/in-memory-ports.js';

const T0 = '2026-01-05T09:00:00.000Z';
const at = (ms: number) => new Date(Date.parse(T0) + ms).toISOString();

let ports: ReminderPorts;
let noticeId: string;
let tokens: Map<string, string>;
/** SES calls made by the notice e-mails: what follows are the reminders' attempts. */
let noticeEmails: number;
const reminders = () => ports.mailer.sent.filter((e) => e.tags.kind === 'reminder');

/** A processor with the given lead time (undefined: never set, the default 5 days), and a notice sent to one contract per period. */
async function setUp(periods: number[], reminderDaysBefore?: number) {
  ports = reminderPorts(T0);
  ports.processors.add({
    id: 'prc_acme',
    name: 'Acme Cloud SAS',
    createdAt: T0,
    ...(reminderDaysBefore !== undefined && { reminderDaysBefore }),
  });
  const sent = await aNoticeSent(ports, periods);
  noticeId = sent.notice.id;
  tokens = sent.tokens;
  noticeEmails = ports.mailer.attempts;
}

function linkTokenOf(text: string | undefined): string {
  return linkToken(text ?? '');
}

function linkToken(text: string): string {
  const token = /\/objections\/([A-Za-z0-9_-]{43})/.exec(text)?.[1];
  if (token === undefined) throw new Error('no link in the e-mail');
  return token;
}

describe('sendDueReminders', () => {
  beforeEach(async () => {
    // ctr_000: 15 days, ctr_001: 30 days.
    await setUp([15, 30]);
  });

  it('sends nothing before the lead time, then one reminder with the same deadline and a new working link', async () => {
    ports.clock.set(at(10 * DAY_MS - 60_000));
    expect(await sendDueReminders(ports)).toEqual({ notices: 1, sent: 0 });
    expect(reminders()).toHaveLength(0);

    ports.clock.set(at(10 * DAY_MS));
    expect(await sendDueReminders(ports)).toEqual({ notices: 1, sent: 1 });

    const sent = reminders();
    expect(sent).toHaveLength(1);
    const [reminder] = sent;
    const deadline = at(15 * DAY_MS);
    expect(reminder?.tags).toEqual({ noticeId, contractId: 'ctr_000', kind: 'reminder' });
    expect(reminder?.to).toEqual(['dpo0@client0.example']);
    expect(reminder?.subject).toBe(
      'Reminder: Acme Cloud SAS: change of sub-processors — you may object until Tuesday, 20 January 2026, 09:00 UTC',
    );
    expect(reminder?.text).toContain('You may object until Tuesday, 20 January 2026, 09:00 UTC.');
    expect(ports.recipients.row(noticeId, 'ctr_000')?.closesAt).toBe(deadline);

    // Both links lead to the same contract's page: the first e-mail's and the reminder's.
    const newToken = linkToken(reminder?.text ?? '');
    const firstToken = tokens.get('ctr_000') ?? '';
    expect(newToken).not.toBe(firstToken);
    expect(await ports.recipients.findByToken(sha256Hex(newToken))).toEqual({ noticeId, contractId: 'ctr_000' });
    expect(await ports.recipients.findByToken(sha256Hex(firstToken))).toEqual({ noticeId, contractId: 'ctr_000' });
    const view = await viewByToken(newToken, ports);
    expect(view.kind === 'open' && view.recipient.contractId).toBe('ctr_000');
    // Deciding through the reminder's link is the contract's decision; the first link then shows it.
    ports.clock.set(at(10 * DAY_MS + 60_000));
    const decided = await recordDecision(
      newToken,
      { decision: 'object', ip: '192.0.2.7', userAgent: 'Firefox' },
      ports,
    );
    expect(decided.recordedNow).toBe(true);
    expect((await viewByToken(firstToken, ports)).kind).toBe('decided');
    expect(ports.recipients.row(noticeId, 'ctr_000')?.decision?.decision).toBe('object');

    // The permanent record: message id, time, addresses, content hash, deadline, and only the token's hash.
    const record = ports.reminders.row({ noticeId, contractId: 'ctr_000' });
    expect(record).toEqual({
      claimedAt: at(10 * DAY_MS),
      contractId: 'ctr_000',
      messageId: reminder?.messageId,
      sentAt: at(10 * DAY_MS),
      to: ['dpo0@client0.example'],
      contentSha256: sha256Hex(`${reminder?.subject}\n${reminder?.text}\n${reminder?.html}`),
      closesAt: deadline,
      tokenHash: sha256Hex(newToken),
    });
  });

  it('sends each reminder once under duplicate and overlapping triggers', async () => {
    ports.clock.set(at(11 * DAY_MS));
    const results = await Promise.all([sendDueReminders(ports), sendDueReminders(ports)]);
    expect(results.map((r) => r.sent).sort()).toEqual([0, 1]);
    ports.clock.set(at(12 * DAY_MS));
    expect(await sendDueReminders(ports)).toEqual({ notices: 1, sent: 0 });
    // Direct repeat of the send itself, as a retry would: the record holds it.
    expect(await remindOnce(await noticeOf(), { noticeId, contractId: 'ctr_000' }, 5, ports)).toBe('already-handled');
    expect(reminders()).toHaveLength(1);
    expect(ports.mailer.attempts - noticeEmails).toBe(1);

    // The 30-day contract gets its own, once, 25 days in.
    ports.clock.set(at(25 * DAY_MS));
    await sendDueReminders(ports);
    await sendDueReminders(ports);
    expect(reminders().map((r) => r.tags.contractId)).toEqual(['ctr_000', 'ctr_001']);
  });

  it('gives the claim back when SES fails and sends on the retry, once', async () => {
    ports.clock.set(at(11 * DAY_MS));
    ports.mailer.failNext();
    await expect(sendDueReminders(ports)).rejects.toThrow(TransientProviderError);
    expect(reminders()).toHaveLength(0);
    expect(ports.reminders.row({ noticeId, contractId: 'ctr_000' })).toEqual({});

    expect(await sendDueReminders(ports)).toEqual({ notices: 1, sent: 1 });
    expect(await sendDueReminders(ports)).toEqual({ notices: 1, sent: 0 });
    expect(reminders()).toHaveLength(1);
    expect(ports.mailer.attempts - noticeEmails).toBe(2);
  });

  it('takes over a claim whose holder died, but not a live one', async () => {
    ports.clock.set(at(11 * DAY_MS));
    const key = { noticeId, contractId: 'ctr_000' };
    expect(await ports.reminders.claim(key, at(11 * DAY_MS - 60_000), at(0))).toBe(true);
    expect(await sendDueReminders(ports)).toEqual({ notices: 1, sent: 0 });
    ports.clock.set(at(11 * DAY_MS + REMINDER_CLAIM_TIMEOUT_MS));
    expect(await sendDueReminders(ports)).toEqual({ notices: 1, sent: 1 });
    expect(reminders()).toHaveLength(1);
  });

  it('sends none to a contract that decided, even when the decision lands between the page and the send', async () => {
    ports.clock.set(at(DAY_MS));
    await recordDecision(
      tokens.get('ctr_000') ?? '',
      { decision: 'approve', ip: '192.0.2.7', userAgent: 'Firefox' },
      ports,
    );
    ports.clock.set(at(11 * DAY_MS));
    expect(await sendDueReminders(ports)).toEqual({ notices: 1, sent: 0 });

    ports.clock.set(at(26 * DAY_MS));
    ports.recipients.before('get', () =>
      ports.recipients.update(noticeId, 'ctr_001', {
        decision: { decision: 'object', at: at(26 * DAY_MS), ip: '192.0.2.8', userAgent: 'Safari' },
      }),
    );
    expect(await sendDueReminders(ports)).toEqual({ notices: 1, sent: 0 });
    expect(reminders()).toHaveLength(0);
    // The claim was given back: nothing stays claimed for a reminder that was not sent.
    expect(ports.reminders.row({ noticeId, contractId: 'ctr_001' })).toEqual({});
  });

  it('sends none once the window closed or its deadline passed', async () => {
    ports.clock.set(at(15 * DAY_MS));
    expect(await sendDueReminders(ports)).toEqual({ notices: 1, sent: 0 });
    await closeNoticeWindows(noticeId, ports);
    expect(ports.recipients.row(noticeId, 'ctr_000')?.windowState).toBe('closed');
    ports.clock.set(at(31 * DAY_MS));
    await closeNoticeWindows(noticeId, ports);
    expect(await sendDueReminders(ports)).toEqual({ notices: 0, sent: 0 });
    expect(reminders()).toHaveLength(0);
  });

  it('reads the lead time when the reminder falls due: turned off, the pending ones are not sent', async () => {
    await ports.processors.updateProfile('prc_acme', { reminderDaysBefore: 0 }, at(DAY_MS));
    ports.clock.set(at(11 * DAY_MS));
    expect(await sendDueReminders(ports)).toEqual({ notices: 1, sent: 0 });
    ports.clock.set(at(26 * DAY_MS));
    expect(await sendDueReminders(ports)).toEqual({ notices: 1, sent: 0 });
    expect(reminders()).toHaveLength(0);
    expect(ports.reminders.rows.size).toBe(0);
  });

  it('follows a changed lead time: 10 days sends the 15-day contract its reminder on day 5', async () => {
    await ports.processors.updateProfile('prc_acme', { reminderDaysBefore: 10 }, at(DAY_MS));
    ports.clock.set(at(5 * DAY_MS));
    expect(await sendDueReminders(ports)).toEqual({ notices: 1, sent: 1 });
    expect(reminders().map((r) => r.tags.contractId)).toEqual(['ctr_000']);
  });

  it('shows the reminder in the evidence pack of the processor and of the client', async () => {
    ports.clock.set(at(11 * DAY_MS));
    await sendDueReminders(ports);
    const [reminder] = reminders();
    const pack = await evidencePack(noticeId, { type: 'processor', id: 'prc_acme' }, { limit: 10 }, ports);
    expect(pack.contracts.map((c) => [c.contractId, c.reminder])).toEqual([
      [
        'ctr_000',
        {
          sesMessageId: reminder?.messageId,
          sentAt: at(11 * DAY_MS),
          addresses: ['dpo0@client0.example'],
          contentSha256: sha256Hex(`${reminder?.subject}\n${reminder?.text}\n${reminder?.html}`),
          closesAt: at(15 * DAY_MS),
        },
      ],
      ['ctr_001', null],
    ]);
    const clientPack = await evidencePack(noticeId, { type: 'client', id: 'cli_prc_acme_1' }, { limit: 10 }, ports);
    expect(clientPack.contracts.map((c) => c.reminder)).toEqual([null]);
  });
});

describe('a resend after the reminder (issue 10, item 3)', () => {
  it("revokes both earlier links, the first e-mail's and the reminder's; the new one works; no second reminder", async () => {
    await setUp([15]);
    ports.clock.set(at(11 * DAY_MS));
    await sendDueReminders(ports);
    const [reminder] = reminders();
    const reminderToken = linkTokenOf(reminder?.text);
    expect(ports.recipients.row(noticeId, 'ctr_000')?.reminderTokenHash).toBe(sha256Hex(reminderToken));

    ports.clock.set(at(12 * DAY_MS));
    const answer = await resendNotice(noticeId, 'prc_acme', ['ctr_000'], ports);
    expect(answer.resent).toEqual(['ctr_000']);
    await drainQueues(ports);
    const resent = ports.mailer.sent.filter((e) => e.tags.kind === undefined).at(-1);
    const newToken = linkTokenOf(resent?.text);

    expect(await ports.recipients.findByToken(sha256Hex(reminderToken))).toBeUndefined();
    expect(await ports.recipients.findByToken(sha256Hex(tokens.get('ctr_000') ?? ''))).toBeUndefined();
    expect(await ports.recipients.findByToken(sha256Hex(newToken))).toEqual({ noticeId, contractId: 'ctr_000' });
    expect(ports.recipients.row(noticeId, 'ctr_000')?.reminderTokenHash).toBeUndefined();
    // One reminder per contract and notice, ever: the new window (day 12 to 27) gets none.
    ports.clock.set(at(23 * DAY_MS));
    expect(await sendDueReminders(ports)).toEqual({ notices: 1, sent: 0 });
    expect(reminders()).toHaveLength(1);
  });

  it('records no reminder whose e-mail a resend superseded between its send and its record', async () => {
    await setUp([15]);
    ports.clock.set(at(11 * DAY_MS));
    ports.reminders.before('complete', () =>
      ports.recipients.update(noticeId, 'ctr_000', { sentAt: at(11 * DAY_MS), closesAt: at(26 * DAY_MS) }),
    );
    await expect(sendDueReminders(ports)).rejects.toThrow(/claim .* lost/);
    const [reminder] = reminders();
    // It went out (SES has no undo), but its link leads nowhere and no record says it was sent.
    expect(await ports.recipients.findByToken(sha256Hex(linkTokenOf(reminder?.text)))).toBeUndefined();
    expect(ports.reminders.row({ noticeId, contractId: 'ctr_000' })?.messageId).toBeUndefined();
  });
});

describe('when a notice is looked at again', () => {
  beforeEach(async () => {
    await setUp([15, 30]);
  });

  it('skips the notice until the next check its last pass stored: the earliest reminder, or a day at most', async () => {
    const pages = vi.spyOn(ports.recipients, 'page');
    ports.clock.set(at(DAY_MS));
    await sendDueReminders(ports);
    expect(pages).toHaveBeenCalledTimes(1);
    expect(ports.reminders.nextChecks.get(noticeId)).toBe(at(DAY_MS + REMINDER_RECHECK_MAX_MS));

    ports.clock.set(at(DAY_MS + REMINDER_RECHECK_MAX_MS - 1));
    await sendDueReminders(ports);
    expect(pages).toHaveBeenCalledTimes(1);

    ports.clock.set(at(9 * DAY_MS + 12 * 3_600_000));
    await sendDueReminders(ports);
    expect(pages).toHaveBeenCalledTimes(2);
    // ctr_000's reminder falls due on day 10: sooner than a day.
    expect(ports.reminders.nextChecks.get(noticeId)).toBe(at(10 * DAY_MS));
    ports.clock.set(at(10 * DAY_MS));
    expect(await sendDueReminders(ports)).toEqual({ notices: 1, sent: 1 });
    // Then ctr_001's, on day 25, is the next one known; a day at most.
    expect(ports.reminders.nextChecks.get(noticeId)).toBe(at(11 * DAY_MS));
  });

  it('sees a lengthened lead time within a day, still before the deadline', async () => {
    ports.clock.set(at(DAY_MS));
    await sendDueReminders(ports);
    await ports.processors.updateProfile('prc_acme', { reminderDaysBefore: 13 }, at(DAY_MS));
    ports.clock.set(at(DAY_MS + REMINDER_RECHECK_MAX_MS - 1));
    expect(await sendDueReminders(ports)).toEqual({ notices: 1, sent: 0 });
    ports.clock.set(at(DAY_MS + REMINDER_RECHECK_MAX_MS));
    expect(await sendDueReminders(ports)).toEqual({ notices: 1, sent: 1 });
    expect(reminders().map((r) => r.tags.contractId)).toEqual(['ctr_000']);
  });

  it('looks again within the hour while some e-mails are not sent yet (their windows are still to open)', async () => {
    ports.recipients.update(noticeId, 'ctr_001', { windowState: 'pending', delivery: 'queued' });
    ports.clock.set(at(DAY_MS));
    await sendDueReminders(ports);
    expect(ports.reminders.nextChecks.get(noticeId)).toBe(at(DAY_MS + 3_600_000));
  });

  it('looks again when a claim held by another pass would be stale, and does not move the check after a failure', async () => {
    ports.clock.set(at(11 * DAY_MS));
    expect(await ports.reminders.claim({ noticeId, contractId: 'ctr_000' }, at(11 * DAY_MS), at(0))).toBe(true);
    await sendDueReminders(ports);
    expect(ports.reminders.nextChecks.get(noticeId)).toBe(at(11 * DAY_MS + REMINDER_CLAIM_TIMEOUT_MS));

    ports.clock.set(at(11 * DAY_MS + REMINDER_CLAIM_TIMEOUT_MS + 1));
    ports.mailer.failNext();
    await expect(sendDueReminders(ports)).rejects.toThrow(TransientProviderError);
    expect(ports.reminders.nextChecks.get(noticeId)).toBe(at(11 * DAY_MS + REMINDER_CLAIM_TIMEOUT_MS));
    // So the retry runs at once, and sends.
    expect(await sendDueReminders(ports)).toEqual({ notices: 1, sent: 1 });
  });
});

describe('who gets no reminder', () => {
  it('a window shorter than (or as long as) the lead time', async () => {
    await setUp([3, 5, 6]);
    ports.clock.set(at(2 * DAY_MS));
    expect(await sendDueReminders(ports)).toEqual({ notices: 1, sent: 1 });
    expect(reminders().map((r) => r.tags.contractId)).toEqual(['ctr_002']);
  });

  it('a processor that set 0 before the notice', async () => {
    await setUp([15], 0);
    for (const day of [5, 10, 11, 14]) {
      ports.clock.set(at(day * DAY_MS));
      await sendDueReminders(ports);
    }
    expect(reminders()).toHaveLength(0);
  });

  it.each(['bounced', 'complained', 'rejected', 'failed'] as const)(
    'a contract whose delivery %s',
    async (delivery) => {
      await setUp([15, 15]);
      // The stored state as the delivery-event (or dead-letter) path leaves it.
      ports.recipients.update(noticeId, 'ctr_000', { delivery });
      ports.clock.set(at(11 * DAY_MS));
      expect(await sendDueReminders(ports)).toEqual({ notices: 1, sent: 1 });
      expect(reminders().map((r) => r.tags.contractId)).toEqual(['ctr_001']);
    },
  );

  it('an informational notice (no window)', async () => {
    ports = reminderPorts(T0);
    ports.processors.add({ id: 'prc_acme', name: 'Acme Cloud SAS', createdAt: T0 });
    await aNoticeSent(ports, [15], { change: 'edits-address' });
    for (const day of [10, 11, 14]) {
      ports.clock.set(at(day * DAY_MS));
      await sendDueReminders(ports);
    }
    expect(reminders()).toHaveLength(0);
  });
});

describe('isReminderDue', () => {
  const open = {
    noticeId: 'ntc_1',
    processorId: 'prc_1',
    contractId: 'ctr_1',
    clientId: 'cli_1',
    notifyEmails: ['a@b.example'],
    noticePeriodDays: 15,
    delivery: 'delivered' as const,
    deliveryEvents: [],
    sentAt: T0,
    closesAt: at(15 * DAY_MS),
    windowState: 'open' as const,
    outcome: 'pending' as const,
  };

  it('is due from closesAt minus the lead time until closesAt, exclusive', () => {
    expect(isReminderDue(open, 5, new Date(at(10 * DAY_MS - 1)))).toBe(false);
    expect(isReminderDue(open, 5, new Date(at(10 * DAY_MS)))).toBe(true);
    expect(isReminderDue(open, 5, new Date(at(15 * DAY_MS - 1)))).toBe(true);
    expect(isReminderDue(open, 5, new Date(at(15 * DAY_MS)))).toBe(false);
    expect(isReminderDue(open, 0, new Date(at(12 * DAY_MS)))).toBe(false);
    expect(isReminderDue({ ...open, windowState: 'pending' }, 5, new Date(at(12 * DAY_MS)))).toBe(false);
  });
});

async function noticeOf() {
  const notice = await ports.notices.get(noticeId);
  if (notice === undefined) throw new Error('no notice');
  return notice;
}
