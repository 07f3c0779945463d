import { beforeEach, describe, expect, it } from 'vitest';
import { fanOutNoticePage } from '../../shared/domain/fan-out-notice.js';
import { openNotice } from '../../shared/domain/open-notice.js';
import { sha256Hex } from '../../shared/domain/secrets.js';
import { sendNoticeEmail } from '../../shared/domain/send-notice-email.js';
import { DAY_MS } from '../../shared/domain/time.js';
import {
  ConditionFailed,
  contractsOf,
  EMAIL_CLAIM_TIMEOUT_MS,
  emailDependencies,
  type InMemoryPorts,
  inMemoryPorts,
  linkTokens,
  TransientProviderError,
  twoVersions,
} from '../support/in-memory-ports.js';

const T0 = '2026-01-05T09:00:00.000Z';
const at = (ms: number) => new Date(Date.parse(T0) + ms).toISOString();

let ports: InMemoryPorts;
let noticeId: string;
const job = () => ({ noticeId, contractId: 'ctr_000' });

/** A notice fanned out to contracts of 15 and 30 days; the e-mail jobs wait in the queue. */
async function fannedOut(change: 'adds' | 'edits-address' = 'adds') {
  ports = inMemoryPorts(T0);
  await contractsOf(ports, 'prc_acme', [15, 30]);
  const [, version] = await twoVersions(ports, 'prc_acme', change);
  noticeId = (await openNotice({ processorId: 'prc_acme', version: version.version }, ports))?.id as string;
  for (const page of ports.fanOutPages.take()) await fanOutNoticePage(page, ports);
  ports.emailJobs.take();
}

beforeEach(() => fannedOut());

describe('sendNoticeEmail', () => {
  it('sends the notice with a personal link and opens the window from the send time', async () => {
    ports.clock.set(at(3_600_000));

    expect(await sendNoticeEmail(job(), emailDependencies(ports))).toBe('sent');

    expect(ports.mailer.sent).toHaveLength(1);
    const [email] = ports.mailer.sent;
    expect(email?.to).toEqual(['dpo0@client0.example']);
    expect(email?.tags).toEqual({ noticeId, contractId: 'ctr_000' });
    expect(email?.subject).toContain('you may object until');
    const token = linkTokens(ports).get('ctr_000') as string;
    expect(email?.text).toContain(`https://registry.example/objections/${token}`);
    // Only the token's hash is stored, and it leads back to this contract.
    expect(ports.recipients.tokens.get(sha256Hex(token))).toEqual({ noticeId, contractId: 'ctr_000' });
    expect(ports.recipients.tokens.size).toBe(1);
    const row = ports.recipients.row(noticeId, 'ctr_000');
    expect(row).toMatchObject({
      delivery: 'sent',
      sesMessageId: 'ses-1',
      sentAt: at(3_600_000),
      closesAt: at(3_600_000 + 15 * DAY_MS),
      windowState: 'open',
      contentSha256: sha256Hex(`${email?.subject}\n${email?.text}\n${email?.html}`),
    });
    expect(row?.claimId).toBeUndefined();
    expect(ports.recipients.sesMessages.get('ses-1')).toEqual({ noticeId, contractId: 'ctr_000' });
    expect(ports.recipients.row(noticeId, 'ctr_001')).toMatchObject({ delivery: 'queued', windowState: 'pending' });
  });

  it('sends once when the same job is delivered twice (duplicate delivery), in turn or at once', async () => {
    expect(await sendNoticeEmail(job(), emailDependencies(ports))).toBe('sent');
    expect(await sendNoticeEmail(job(), emailDependencies(ports))).toBe('already-handled');
    const other = { noticeId, contractId: 'ctr_001' };
    const results = await Promise.all([
      sendNoticeEmail(other, emailDependencies(ports)),
      sendNoticeEmail(other, emailDependencies(ports)),
    ]);

    expect(results.sort()).toEqual(['already-handled', 'sent']);
    expect(ports.mailer.sent.map((e) => e.tags.contractId)).toEqual(['ctr_000', 'ctr_001']);
    expect(ports.recipients.tokens.size).toBe(2);
  });

  it('gives the claim back when SES fails, so the queue retry sends exactly one e-mail', async () => {
    ports.mailer.failNext();

    await expect(sendNoticeEmail(job(), emailDependencies(ports))).rejects.toThrow(TransientProviderError);
    const released = ports.recipients.row(noticeId, 'ctr_000');
    expect(released).toMatchObject({ delivery: 'queued', windowState: 'pending' });
    expect(released?.claimId).toBeUndefined();
    expect(released?.claimedAt).toBeUndefined();

    expect(await sendNoticeEmail(job(), emailDependencies(ports))).toBe('sent');
    expect(ports.mailer.attempts).toBe(2);
    expect(ports.mailer.sent).toHaveLength(1);
    expect(ports.recipients.row(noticeId, 'ctr_000')).toMatchObject({ delivery: 'sent', windowState: 'open' });
  });

  it('sends nothing when another sender claims first (condition lost)', async () => {
    ports.recipients.before('claimForSending', () =>
      ports.recipients.update(noticeId, 'ctr_000', { delivery: 'sending', claimId: 'other', claimedAt: T0 }),
    );

    expect(await sendNoticeEmail(job(), emailDependencies(ports))).toBe('already-handled');

    expect(ports.mailer.attempts).toBe(0);
    expect(ports.recipients.row(noticeId, 'ctr_000')).toMatchObject({ delivery: 'sending', claimId: 'other' });
    expect(ports.recipients.tokens.size).toBe(0);
  });

  it('takes over a claim whose sender died (older than the visibility timeout), not a live one', async () => {
    ports.recipients.update(noticeId, 'ctr_000', { delivery: 'sending', claimId: 'dead', claimedAt: T0 });

    ports.clock.set(at(EMAIL_CLAIM_TIMEOUT_MS));
    expect(await sendNoticeEmail(job(), emailDependencies(ports))).toBe('already-handled');
    ports.clock.set(at(EMAIL_CLAIM_TIMEOUT_MS + 1));
    expect(await sendNoticeEmail(job(), emailDependencies(ports))).toBe('sent');

    expect(ports.mailer.sent).toHaveLength(1);
  });

  it('does not record a send as notice when the window closed as not-notified meanwhile', async () => {
    ports.recipients.before('completeSend', () =>
      ports.recipients.update(noticeId, 'ctr_000', { windowState: 'closed', outcome: 'not-notified' }),
    );

    await expect(sendNoticeEmail(job(), emailDependencies(ports))).rejects.toThrow(ConditionFailed);
    // The queue's retry finds the window closed and sends nothing more.
    expect(await sendNoticeEmail(job(), emailDependencies(ports))).toBe('already-handled');

    expect(ports.mailer.sent).toHaveLength(1);
    expect(ports.recipients.row(noticeId, 'ctr_000')).toMatchObject({ windowState: 'closed', outcome: 'not-notified' });
    expect(ports.recipients.row(noticeId, 'ctr_000')?.sentAt).toBeUndefined();
  });

  it('sends an informational notice without a link or a window', async () => {
    await fannedOut('edits-address');

    expect(await sendNoticeEmail(job(), emailDependencies(ports))).toBe('sent');

    const [email] = ports.mailer.sent;
    expect(email?.text).not.toContain('/objections/');
    expect(email?.subject).toBe('Acme Cloud SAS: update of the list of sub-processors');
    expect(ports.recipients.tokens.size).toBe(0);
    const row = ports.recipients.row(noticeId, 'ctr_000');
    expect(row).toMatchObject({ delivery: 'sent', windowState: 'none' });
    expect(row?.closesAt).toBeUndefined();
  });
});
