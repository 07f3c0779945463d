import { beforeEach, describe, expect, it } from 'vitest';
import { closeNoticeWindows } from '../../shared/domain/close-notice-windows.js';
import { EmailRefusedError } from '../../shared/domain/email-refused.js';
import { NotFoundError } from '../../shared/domain/errors.js';
import { fanOutNoticePage } from '../../shared/domain/fan-out-notice.js';
import { openNotice } from '../../shared/domain/open-notice.js';
import { recordDeliveryEvent } from '../../shared/domain/record-delivery-event.js';
import { recordFailedEmail } from '../../shared/domain/record-failed-email.js';
import { resendNotice } from '../../shared/domain/resend-notice.js';
import { sha256Hex } from '../../shared/domain/secrets.js';
import { sendNoticeEmail } from '../../shared/domain/send-notice-email.js';
import { DAY_MS } from '../../shared/domain/time.js';
import { SesEmailEventDetail } from '../../shared/events/ses-email-event.js';
import {
  aNoticeSent,
  contractsOf,
  emailDependencies,
  type InMemoryPorts,
  inMemoryPorts,
  linkTokens,
  TransientProviderError,
  twoVersions,
} from '../support/in-memory-ports.js';

const T0 = '2026-01-05T09:00:00.000Z';
const at = (ms: number) => new Date(Date.parse(T0) + ms).toISOString();
const HOUR = 3_600_000;

let ports: InMemoryPorts;
let noticeId: string;

const resend = (contractIds?: string[], processorId = 'prc_acme') =>
  resendNotice(noticeId, processorId, contractIds, ports);
const runEmailJobs = async () => {
  const results = [];
  for (const job of ports.emailJobs.take()) results.push(await sendNoticeEmail(job, emailDependencies(ports)));
  return results;
};
const bounce = (contractId: string) =>
  ports.recipients.recordDeliveryEvent(
    noticeId,
    contractId,
    { type: 'Bounce', at: ports.clock.now().toISOString(), recipient: 'x', detail: 'Permanent' },
    'bounced',
  );

describe('a refused or dead-lettered e-mail is marked failed', () => {
  beforeEach(async () => {
    ports = inMemoryPorts(T0);
    await contractsOf(ports, 'prc_acme', [15, 30]);
    const [, version] = await twoVersions(ports, 'prc_acme');
    noticeId = (await openNotice({ processorId: 'prc_acme', version: version.version }, ports))?.id as string;
    for (const page of ports.fanOutPages.take()) await fanOutNoticePage(page, ports);
  });

  it('marks the recipient failed with the reason at once when SES refuses the e-mail for good', async () => {
    ports.mailer.failNext(1, () => new EmailRefusedError('Email address is not verified.'));
    const [first, second] = ports.emailJobs.take();
    if (first === undefined || second === undefined) throw new Error('two jobs expected');

    expect(await sendNoticeEmail(first, emailDependencies(ports))).toBe('failed');
    expect(await sendNoticeEmail(second, emailDependencies(ports))).toBe('sent');
    // The same job again (SQS redelivery): nothing is sent, the failure stays.
    expect(await sendNoticeEmail(first, emailDependencies(ports))).toBe('already-handled');

    const row = ports.recipients.row(noticeId, 'ctr_000');
    expect(row).toMatchObject({
      delivery: 'failed',
      failure: { reason: 'refused by the mail service: Email address is not verified.', at: T0 },
      windowState: 'pending',
    });
    expect(row?.claimId).toBeUndefined();
    expect(ports.mailer.sent.map((e) => e.tags.contractId)).toEqual(['ctr_001']);

    // It stays resendable until the version takes effect (day 30, when the other window closes), and
    // then closes not-notified, never as implied consent.
    ports.clock.set(at(16 * DAY_MS));
    expect(await closeNoticeWindows(noticeId, ports)).toBe('open');
    expect(ports.recipients.row(noticeId, 'ctr_000')).toMatchObject({ windowState: 'pending', delivery: 'failed' });
    ports.clock.set(at(30 * DAY_MS));
    expect(await closeNoticeWindows(noticeId, ports)).toBe('closed');
    expect(ports.recipients.row(noticeId, 'ctr_000')).toMatchObject({ windowState: 'closed', outcome: 'not-notified' });
  });

  it('leaves a transient SES error to the queue: the claim is given back, nothing is failed', async () => {
    ports.mailer.failNext(1, () => new TransientProviderError('throttled'));
    const [first] = ports.emailJobs.take();
    if (first === undefined) throw new Error('a job expected');

    await expect(sendNoticeEmail(first, emailDependencies(ports))).rejects.toThrow('throttled');
    expect(ports.recipients.row(noticeId, 'ctr_000')).toMatchObject({ delivery: 'queued' });
    expect(ports.recipients.row(noticeId, 'ctr_000')?.failure).toBeUndefined();
  });

  it('marks a dead-lettered job failed once, however often the dead letter is delivered', async () => {
    ports.emailJobs.take();
    ports.clock.set(at(HOUR));
    const job = { noticeId, contractId: 'ctr_000' };

    expect(await recordFailedEmail(job, 8, ports)).toBe('marked');
    ports.clock.set(at(2 * HOUR));
    expect(await recordFailedEmail(job, 8, ports)).toBe('unchanged');

    expect(ports.recipients.row(noticeId, 'ctr_000')).toMatchObject({
      delivery: 'failed',
      failure: { reason: 'not sent after 8 attempts (retries exhausted)', at: at(HOUR) },
    });
    expect(ports.recipients.row(noticeId, 'ctr_001')).toMatchObject({ delivery: 'queued' });
  });

  it('never marks failed over an e-mail that went out, nor over a resend queued since', async () => {
    for (const job of ports.emailJobs.take()) {
      if (job.contractId === 'ctr_000') await sendNoticeEmail(job, emailDependencies(ports));
    }
    // ctr_000 was sent by a later receive; ctr_001 has a resend waiting (its marker).
    ports.recipients.update(noticeId, 'ctr_001', { resendId: 'rsd-1' });

    expect(await recordFailedEmail({ noticeId, contractId: 'ctr_000' }, 8, ports)).toBe('unchanged');
    expect(await recordFailedEmail({ noticeId, contractId: 'ctr_001' }, 8, ports)).toBe('unchanged');
    expect(ports.recipients.row(noticeId, 'ctr_000')?.delivery).toBe('sent');
    expect(ports.recipients.row(noticeId, 'ctr_001')).toMatchObject({ delivery: 'queued', resendId: 'rsd-1' });
    // The resend's own job, dead-lettered, does fail it.
    expect(await recordFailedEmail({ noticeId, contractId: 'ctr_001', resendId: 'rsd-1' }, 8, ports)).toBe('marked');
    expect(ports.recipients.row(noticeId, 'ctr_001')?.resendId).toBeUndefined();
  });
});

describe('resendNotice', () => {
  let firstTokens: Map<string, string>;

  beforeEach(async () => {
    ports = inMemoryPorts(T0);
    // ctr_000 bounces, ctr_001 is refused by SES, ctr_002 is delivered, ctr_003 objects.
    const sent = await aNoticeSent(ports, [15, 15, 15, 15]);
    noticeId = sent.notice.id;
    firstTokens = sent.tokens;
    await bounce('ctr_000');
    ports.recipients.update(noticeId, 'ctr_001', {
      delivery: 'failed',
      failure: { reason: 'refused by the mail service: no', at: T0 },
    });
    await ports.recipients.recordDecision(noticeId, 'ctr_003', {
      decision: 'object',
      at: T0,
      ip: '192.0.2.1',
      userAgent: 'test',
    });
    ports.mailer.sent.splice(0);
    ports.clock.set(at(2 * DAY_MS));
  });

  it('resends every failed or bounced contract to its current addresses, with a new link and a new window', async () => {
    const contract = ports.contracts.rows.get('prc_acme#ctr_000');
    if (contract === undefined) throw new Error('no contract');
    contract.notifyEmails = ['fixed@client0.example'];

    const result = await resend();

    expect(result).toEqual({ resent: ['ctr_000', 'ctr_001'], skipped: [] });
    expect(ports.emailJobs.messages).toHaveLength(2);
    expect(await runEmailJobs()).toEqual(['sent', 'sent']);
    expect(ports.mailer.sent.map((e) => [e.tags.contractId, e.to])).toEqual([
      ['ctr_000', ['fixed@client0.example']],
      ['ctr_001', ['dpo1@client1.example']],
    ]);
    const row = ports.recipients.row(noticeId, 'ctr_000');
    expect(row).toMatchObject({
      delivery: 'sent',
      deliveryEvents: [],
      notifyEmails: ['fixed@client0.example'],
      sentAt: at(2 * DAY_MS),
      closesAt: at(2 * DAY_MS + 15 * DAY_MS),
      windowState: 'open',
    });
    expect(row?.resendId).toBeUndefined();
    // The first e-mail is kept as an earlier attempt, with its bounce.
    expect(row?.previousAttempts).toEqual([
      expect.objectContaining({
        sesMessageId: 'ses-1',
        sentAt: T0,
        addresses: ['dpo0@client0.example'],
        delivery: 'bounced',
        reason: 'Bounce (Permanent)',
        closesAt: at(15 * DAY_MS),
      }),
    ]);
    expect(ports.recipients.row(noticeId, 'ctr_001')?.previousAttempts).toEqual([
      expect.objectContaining({ delivery: 'failed', reason: 'refused by the mail service: no' }),
    ]);
    // The old link is unknown; the new one leads to the contract.
    const oldToken = firstTokens.get('ctr_000') as string;
    const newToken = linkTokens(ports).get('ctr_000') as string;
    expect(newToken).not.toBe(oldToken);
    expect(ports.recipients.tokens.get(sha256Hex(oldToken))).toBeUndefined();
    expect(ports.recipients.tokens.get(sha256Hex(newToken))).toEqual({ noticeId, contractId: 'ctr_000' });
    // The close is re-armed for the new deadline.
    expect(ports.scheduler.schedules).toContainEqual({ noticeId, at: at(17 * DAY_MS) });
    // Untouched: the delivered contract and the one that objected.
    expect(ports.recipients.row(noticeId, 'ctr_002')).toMatchObject({ delivery: 'sent', sentAt: T0 });
  });

  it('queues a resend once when the request is retried, before or after the e-mail went out', async () => {
    expect(await resend()).toEqual({ resent: ['ctr_000', 'ctr_001'], skipped: [] });
    expect(await resend(['ctr_000'])).toEqual({ resent: ['ctr_000'], skipped: [] });
    expect(ports.emailJobs.messages).toHaveLength(2);
    // The first send's job, redelivered meanwhile, does not take over the resend.
    expect(await sendNoticeEmail({ noticeId, contractId: 'ctr_000' }, emailDependencies(ports))).toBe(
      'already-handled',
    );
    await runEmailJobs();
    expect(ports.mailer.sent).toHaveLength(2);
  });

  it('skips a contract with a decision, one whose window closed, and one not on the notice, naming why', async () => {
    ports.recipients.update(noticeId, 'ctr_002', { windowState: 'closed', outcome: 'implied-consent' });

    const result = await resend(['ctr_003', 'ctr_002', 'ctr_999', 'ctr_000']);

    expect(result).toEqual({
      resent: ['ctr_000'],
      skipped: [
        { contractId: 'ctr_003', reason: 'decided' },
        { contractId: 'ctr_002', reason: 'window-closed' },
        { contractId: 'ctr_999', reason: 'not-on-notice' },
      ],
    });
    expect(ports.emailJobs.messages.map((job) => job.contractId)).toEqual(['ctr_000']);
  });

  it('skips a window past its deadline even before the close pass ran', async () => {
    ports.clock.set(at(15 * DAY_MS));
    expect(await resend()).toEqual({
      resent: [],
      skipped: [
        { contractId: 'ctr_000', reason: 'window-closed' },
        { contractId: 'ctr_001', reason: 'window-closed' },
      ],
    });
    expect(ports.emailJobs.messages).toEqual([]);
  });

  it('loses the marker to a decision landing first, and retries it after a delivery event', async () => {
    ports.recipients.before('requestResend', () =>
      ports.recipients.update(noticeId, 'ctr_000', {
        decision: { decision: 'approve', at: at(2 * DAY_MS), ip: '192.0.2.9', userAgent: 'test' },
      }),
    );
    ports.recipients.before('requestResend', () =>
      ports.recipients.update(noticeId, 'ctr_001', {
        deliveryEvents: [{ type: 'Reject', at: at(DAY_MS) }],
      }),
    );

    expect(await resend()).toEqual({ resent: ['ctr_001'], skipped: [{ contractId: 'ctr_000', reason: 'decided' }] });
    expect(ports.recipients.row(noticeId, 'ctr_000')?.resendId).toBeUndefined();
    // What was archived is what was there when the marker won: the event that landed included.
    expect(ports.recipients.row(noticeId, 'ctr_001')?.previousAttempts?.[0]?.deliveryEvents).toEqual([
      { type: 'Reject', at: at(DAY_MS) },
    ]);
  });

  it('takes the markers back when the jobs cannot be queued, so the retried request queues them', async () => {
    ports.emailJobs.failNext(1);
    await expect(resend()).rejects.toThrow(TransientProviderError);
    expect(ports.recipients.row(noticeId, 'ctr_000')?.resendId).toBeUndefined();

    expect(await resend()).toEqual({ resent: ['ctr_000', 'ctr_001'], skipped: [] });
    expect(ports.emailJobs.messages).toHaveLength(2);
  });

  it("answers 404 for another processor's notice and queues nothing", async () => {
    await expect(resend(undefined, 'prc_other')).rejects.toThrow(NotFoundError);
    expect(ports.emailJobs.messages).toEqual([]);
  });

  it('fails a resend SES refuses, and lets it be resent again', async () => {
    await resend(['ctr_000']);
    ports.mailer.failNext(1, () => new EmailRefusedError('still refused'));
    expect(await runEmailJobs()).toEqual(['failed']);
    expect(ports.recipients.row(noticeId, 'ctr_000')).toMatchObject({
      delivery: 'failed',
      failure: { reason: 'refused by the mail service: still refused' },
    });
    expect(ports.recipients.row(noticeId, 'ctr_000')?.resendId).toBeUndefined();

    expect(await resend(['ctr_000'])).toEqual({ resent: ['ctr_000'], skipped: [] });
    expect(await runEmailJobs()).toEqual(['sent']);
    expect(ports.recipients.row(noticeId, 'ctr_000')?.previousAttempts?.map((a) => a.delivery)).toEqual([
      'bounced',
      'failed',
    ]);
  });

  it('lets a late event of the superseded e-mail change nothing on the resent one', async () => {
    await resend(['ctr_000']);
    await runEmailJobs();
    const lateComplaint = SesEmailEventDetail.parse({
      eventType: 'Complaint',
      mail: { messageId: 'ses-1', timestamp: T0 },
      complaint: { complainedRecipients: [{ emailAddress: 'dpo0@client0.example' }], timestamp: at(DAY_MS) },
    });

    expect(await recordDeliveryEvent(lateComplaint, ports)).toMatchObject({ kind: 'duplicate' });
    expect(ports.recipients.row(noticeId, 'ctr_000')).toMatchObject({ delivery: 'sent', deliveryEvents: [] });
  });

  it('resends an informational notice (no window) without a link or a deadline', async () => {
    ports = inMemoryPorts(T0);
    const sent = await aNoticeSent(ports, [15], { change: 'edits-address' });
    noticeId = sent.notice.id;
    await bounce('ctr_000');
    ports.mailer.sent.splice(0);
    ports.clock.set(at(2 * DAY_MS));

    expect(await resend()).toEqual({ resent: ['ctr_000'], skipped: [] });
    expect(await runEmailJobs()).toEqual(['sent']);

    expect(ports.mailer.sent).toHaveLength(1);
    expect(ports.mailer.sent[0]?.text).not.toContain('/objections/');
    const row = ports.recipients.row(noticeId, 'ctr_000');
    expect(row).toMatchObject({ delivery: 'sent', windowState: 'none', sentAt: at(2 * DAY_MS) });
    expect(row?.closesAt).toBeUndefined();
    expect(row?.previousAttempts).toHaveLength(1);
    expect(ports.scheduler.schedules.filter((s) => s.at > at(DAY_MS))).toEqual([]);
  });
});
