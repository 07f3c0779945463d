import { beforeEach, describe, expect, it } from 'vitest';
import { closeDueWindows } from '../../shared/domain/close-due-windows.js';
import { closeNoticeWindows } from '../../shared/domain/close-notice-windows.js';
import { fanOutNoticePage } from '../../shared/domain/fan-out-notice.js';
import type { Notice } from '../../shared/domain/notice.js';
import { openNotice } from '../../shared/domain/open-notice.js';
import { recordDecision } from '../../shared/domain/record-decision.js';
import { sendNoticeEmail } from '../../shared/domain/send-notice-email.js';
import { DAY_MS } from '../../shared/domain/time.js';
import { sendWithdrawalEmail, withdrawNotice } from '../../shared/domain/withdraw-notice.js';
import {
  aListVersion,
  aNoticeSent,
  contractsOf,
  emailDependencies,
  TransientProviderError,
  twoVersions,
  type VendorPorts,
  vendorPorts,
} from '../support/in-memory-ports.js';

const T0 = '2026-01-05T09:00:00.000Z';
const at = (ms: number) => new Date(Date.parse(T0) + ms).toISOString();
const WITHDRAWAL = { processorId: 'prc_acme', version: 3, withdraws: 2 };
const ZERO = { objected: 0, approved: 0, impliedConsent: 0, notNotified: 0, withdrawn: 0 };

let ports: VendorPorts;
let notice: Notice;
let tokens: Map<string, string>;
const withdrawalEmails = () => ports.mailer.sent.filter((e) => e.tags.kind === 'change-withdrawn');
const withdrawnEvents = () => ports.events.ofType('SubprocessorChangeWithdrawn');

/** Runs the queued "change withdrawn" jobs, as the e-mail queue's consumer would. */
async function sendQueued() {
  const results = [];
  for (const job of ports.emailJobs.take()) results.push(await sendWithdrawalEmail(job, ports));
  return results;
}

async function decide(contractId: string, decision: 'object' | 'approve', grounds?: string) {
  const token = tokens.get(contractId);
  if (token === undefined) throw new Error(`no token for ${contractId}`);
  return recordDecision(
    token,
    { decision, ...(grounds !== undefined && { grounds }), ip: '192.0.2.7', userAgent: 'Firefox' },
    ports,
  );
}

/** Version 3 restores version 1's list, as withdrawPendingChange stores it. */
async function storeWithdrawal() {
  const [first, second] = [await ports.listVersions.get('prc_acme', 1), await ports.listVersions.get('prc_acme', 2)];
  if (first === undefined || second === undefined) throw new Error('versions missing');
  const restoring = aListVersion('prc_acme', first.subprocessors, second, ports.clock.now().toISOString());
  await ports.listVersions.publish({ ...restoring, needsObjectionWindow: false, withdraws: 2 }, 2);
}

beforeEach(async () => {
  ports = vendorPorts(T0);
  // Windows of 15, 30 and 30 days; the version takes effect at T0 + 30 days.
  const sent = await aNoticeSent(ports, [15, 30, 30]);
  notice = sent.notice;
  tokens = sent.tokens;
  ports.clock.set(at(DAY_MS));
});

describe('withdrawNotice', () => {
  it('withdraws the notice, closes every open window as withdrawn and keeps a recorded objection', async () => {
    expect((await decide('ctr_000', 'object', 'No US transfers')).recordedNow).toBe(true);
    await storeWithdrawal();

    const result = await withdrawNotice(WITHDRAWAL, ports);

    expect(result).toEqual({ noticeId: notice.id, result: 'withdrawn', closed: 3, queued: 3 });
    expect(ports.emailJobs.messages).toEqual(
      ['ctr_000', 'ctr_001', 'ctr_002'].map((contractId) => ({
        noticeId: notice.id,
        contractId,
        kind: 'change-withdrawn',
      })),
    );
    expect(ports.notices.rows.get(notice.id)).toMatchObject({
      state: 'withdrawn',
      withdrawnAt: at(DAY_MS),
      withdrawnByVersion: 3,
      withdrawnEventPublished: true,
      counts: { ...ZERO, withdrawn: 3 },
    });
    expect(ports.notices.rows.get(notice.id)?.nextCloseCheckAt).toBeUndefined();
    for (const contractId of ['ctr_000', 'ctr_001', 'ctr_002']) {
      expect(ports.recipients.row(notice.id, contractId)).toMatchObject({
        windowState: 'closed',
        outcome: 'withdrawn',
        closedAt: at(DAY_MS),
      });
    }
    // The objection stays: on the recipient and in its append-only outcome record.
    expect(ports.recipients.row(notice.id, 'ctr_000')?.decision).toMatchObject({
      decision: 'object',
      grounds: 'No US transfers',
    });
    const records = await ports.recipients.outcomeRecords(notice.id, 'ctr_000', 'ctr_002');
    expect(records.map((r) => [r.contractId, r.outcome, r.decision?.decision])).toEqual([
      ['ctr_000', 'withdrawn', 'object'],
      ['ctr_001', 'withdrawn', undefined],
      ['ctr_002', 'withdrawn', undefined],
    ]);
    expect(withdrawnEvents()).toEqual([
      {
        schemaVersion: 1,
        noticeId: notice.id,
        processorId: 'prc_acme',
        version: 2,
        withdrawnByVersion: 3,
        withdrawnAt: at(DAY_MS),
        counts: { ...ZERO, withdrawn: 3 },
      },
    ]);
  });

  it('e-mails each notified contract once, "nothing to do", with no link', async () => {
    await storeWithdrawal();
    await withdrawNotice(WITHDRAWAL, ports);
    expect(await sendQueued()).toEqual(['sent', 'sent', 'sent']);

    const emails = withdrawalEmails();
    expect(emails.map((e) => e.to)).toEqual([
      ['dpo0@client0.example'],
      ['dpo1@client1.example'],
      ['dpo2@client2.example'],
    ]);
    const [email] = emails;
    expect(email?.subject).toBe(
      'Acme Cloud SAS: the change of sub-processors you were told of is withdrawn — nothing to do',
    );
    expect(email?.text).toContain('You have nothing to do');
    expect(email?.text).toContain('published again as list version 3');
    expect(email?.text).not.toContain('/objections/');
    expect(ports.vendorEmails.row({ noticeId: notice.id, subject: 'withdrawal', contractId: 'ctr_001' })).toMatchObject(
      { messageId: emails[1]?.messageId, sentAt: at(DAY_MS), to: ['dpo1@client1.example'] },
    );
  });

  it('changes nothing when triggered again: no e-mail, no event, the same state', async () => {
    await storeWithdrawal();
    await withdrawNotice(WITHDRAWAL, ports);
    await sendQueued();
    const before = structuredClone(ports.notices.rows.get(notice.id));
    ports.clock.set(at(2 * DAY_MS));

    expect(await withdrawNotice(WITHDRAWAL, ports)).toEqual({
      noticeId: notice.id,
      result: 'withdrawn',
      closed: 0,
      queued: 3,
    });
    // Every job delivered twice, as SQS may.
    ports.emailJobs.messages.push(...ports.emailJobs.messages.map((job) => ({ ...job })));
    expect(await sendQueued()).toEqual(Array(6).fill('already-handled'));

    expect(withdrawalEmails()).toHaveLength(3);
    expect(withdrawnEvents()).toHaveLength(1);
    expect(ports.notices.rows.get(notice.id)).toEqual(before);
    expect(ports.recipients.row(notice.id, 'ctr_001')?.closedAt).toBe(at(DAY_MS));
  });

  it('gives the claim back when SES fails, so the retried job sends the e-mail once', async () => {
    await storeWithdrawal();
    await withdrawNotice(WITHDRAWAL, ports);
    const [job] = ports.emailJobs.messages;
    if (job === undefined) throw new Error('no job');
    ports.mailer.failNext(1);

    await expect(sendWithdrawalEmail(job, ports)).rejects.toThrow(TransientProviderError);
    expect(withdrawalEmails()).toHaveLength(0);
    expect(ports.vendorEmails.row({ noticeId: notice.id, subject: 'withdrawal', contractId: 'ctr_000' })).toEqual({});

    // The queue delivers the failed job again, with the others.
    expect(await sendQueued()).toEqual(['sent', 'sent', 'sent']);
    expect(withdrawalEmails().map((e) => e.tags.contractId)).toEqual(['ctr_000', 'ctr_001', 'ctr_002']);
    expect(withdrawnEvents()).toHaveLength(1);
  });

  it('fails a job whose notice is not read as withdrawn yet, so the queue retries it', async () => {
    await expect(sendWithdrawalEmail({ noticeId: notice.id, contractId: 'ctr_000' }, ports)).rejects.toThrow(
      /is not withdrawn/,
    );
    expect(withdrawalEmails()).toEqual([]);
  });

  it('loses its close to a decision stored first: closes again from it, and the decision stays', async () => {
    await storeWithdrawal();
    ports.recipients.before('close', async () => {
      expect((await decide('ctr_000', 'approve')).recordedNow).toBe(true);
    });

    await withdrawNotice(WITHDRAWAL, ports);

    expect(ports.recipients.row(notice.id, 'ctr_000')).toMatchObject({
      outcome: 'withdrawn',
      decision: { decision: 'approve' },
    });
    const [record] = await ports.recipients.outcomeRecords(notice.id, 'ctr_000', 'ctr_000');
    expect(record).toMatchObject({ outcome: 'withdrawn', decision: { decision: 'approve' } });
  });

  it('refuses a decision that comes after: the window is closed', async () => {
    await storeWithdrawal();
    await withdrawNotice(WITHDRAWAL, ports);

    const late = await decide('ctr_001', 'object', 'too late');

    expect(late.kind).toBe('closed');
    expect(ports.recipients.row(notice.id, 'ctr_001')?.decision).toBeUndefined();
  });

  it('keeps the outcome of a window that closed before; the sweep never turns a withdrawn window into consent', async () => {
    // The 15-day window closes as implied consent at day 16; the version takes effect at day 30.
    ports.clock.set(at(16 * DAY_MS));
    await closeNoticeWindows(notice.id, ports);
    await storeWithdrawal();

    await withdrawNotice(WITHDRAWAL, ports);

    expect(ports.recipients.row(notice.id, 'ctr_000')?.outcome).toBe('implied-consent');
    expect(ports.notices.rows.get(notice.id)?.counts).toEqual({ ...ZERO, impliedConsent: 1, withdrawn: 2 });
    // The one-time schedule and the sweep fire after every deadline: nothing moves, nothing is published.
    ports.clock.set(at(45 * DAY_MS));
    expect(await closeNoticeWindows(notice.id, ports)).toBe('closed');
    expect(await closeDueWindows({}, ports)).toEqual([]);
    expect(ports.recipients.row(notice.id, 'ctr_001')?.outcome).toBe('withdrawn');
    expect(ports.events.ofType('ObjectionWindowClosed')).toEqual([]);
    expect(ports.notices.rows.get(notice.id)?.state).toBe('withdrawn');
  });

  it('closes an unsent window as withdrawn and sends it neither the notice nor the withdrawal', async () => {
    // Its e-mail never went out (SES kept refusing it): queued, window pending.
    const row = ports.recipients.rows.get(`${notice.id}#ctr_002`);
    if (row === undefined) throw new Error('no recipient ctr_002');
    Object.assign(row, { delivery: 'queued', windowState: 'pending' });
    delete row.sentAt;
    delete row.sesMessageId;
    await storeWithdrawal();

    await withdrawNotice(WITHDRAWAL, ports);
    expect(await sendQueued()).toEqual(['sent', 'sent']);
    const sentBefore = ports.mailer.sent.length;
    expect(await sendNoticeEmail({ noticeId: notice.id, contractId: 'ctr_002' }, emailDependencies(ports))).toBe(
      'already-handled',
    );

    expect(ports.mailer.sent).toHaveLength(sentBefore);
    expect(ports.recipients.row(notice.id, 'ctr_002')).toMatchObject({ outcome: 'withdrawn', delivery: 'queued' });
    expect(withdrawalEmails().map((e) => e.tags.contractId)).toEqual(['ctr_000', 'ctr_001']);
  });

  it('fails while the notice is not open yet (retried); opened after the withdrawal, it tells nobody', async () => {
    const fresh = vendorPorts(T0);
    ports = fresh;
    await contractsOf(fresh, 'prc_acme', [15]);
    await twoVersions(fresh, 'prc_acme');
    await storeWithdrawal();

    await expect(withdrawNotice(WITHDRAWAL, fresh)).rejects.toThrow(/is not open yet/);
    const opened = await openNotice({ processorId: 'prc_acme', version: 2 }, fresh);

    expect(opened).toMatchObject({ state: 'withdrawn', withdrawnByVersion: 3 });
    expect(fresh.fanOutPages.messages).toEqual([]);
    expect(await withdrawNotice(WITHDRAWAL, fresh)).toMatchObject({ closed: 0, queued: 0 });
    expect(fresh.mailer.sent).toEqual([]);
    expect(withdrawnEvents()).toHaveLength(1);
  });

  it('opens no notice for the withdrawal version itself, and a withdrawn notice fans out to nobody', async () => {
    await storeWithdrawal();
    expect(await openNotice({ processorId: 'prc_acme', version: 3 }, ports)).toBeUndefined();
    await withdrawNotice(WITHDRAWAL, ports);
    ports.emailJobs.take();

    expect(await fanOutNoticePage({ noticeId: notice.id }, ports)).toEqual({ recipients: 0 });
    expect(ports.emailJobs.messages).toEqual([]);
  });
});
