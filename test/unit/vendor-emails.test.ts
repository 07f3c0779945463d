import { beforeEach, describe, expect, it } from 'vitest';
import { alertVendorOfObjection } from '../../shared/domain/alert-vendor-of-objection.js';
import { closeNoticeWindows } from '../../shared/domain/close-notice-windows.js';
import type { OutcomeCounts } from '../../shared/domain/ports.js';
import { recordDecision } from '../../shared/domain/record-decision.js';
import { SUMMARY_LIST_LIMIT, sendNoticeSummaryToVendor } from '../../shared/domain/send-notice-summary-to-vendor.js';
import { DAY_MS } from '../../shared/domain/time.js';
import { VENDOR_EMAIL_CLAIM_TIMEOUT_MS } from '../../shared/domain/vendor-email.js';
import { aNoticeSent, TransientProviderError, type VendorPorts, vendorPorts } from '../support/in-memory-ports.js';

const T0 = '2026-01-05T09:00:00.000Z';
const at = (ms: number) => new Date(Date.parse(T0) + ms).toISOString();
const CONTACT = 'privacy@acme.example';

let ports: VendorPorts;
let noticeId: string;
let tokens: Map<string, string>;
/** SES calls since the notice e-mails went out: the vendor e-mails' attempts, failed ones included. */
let noticeEmails: number;
const vendorAttempts = () => ports.mailer.attempts - noticeEmails;
const vendorEmails = (kind: string) => ports.mailer.sent.filter((e) => e.tags.kind === kind);

async function decide(contractId: string, decision: 'object' | 'approve', grounds?: string) {
  const token = tokens.get(contractId);
  if (token === undefined) throw new Error(`no token for ${contractId}`);
  const view = await recordDecision(
    token,
    { decision, ...(grounds !== undefined && { grounds }), ip: '192.0.2.7', userAgent: 'Firefox' },
    ports,
  );
  expect(view.recordedNow).toBe(true);
}

beforeEach(async () => {
  ports = vendorPorts(T0);
  ports.processors.add({ id: 'prc_acme', name: 'Acme Cloud SAS', contactEmail: CONTACT, createdAt: T0 });
  ['Zero GmbH', 'One & Co <Ltd>', 'Two SA'].forEach((name, index) => {
    ports.clients.add({ id: `cli_prc_acme_${index}`, name, createdAt: T0 });
  });
  const sent = await aNoticeSent(ports, [15, 15, 15]);
  noticeId = sent.notice.id;
  tokens = sent.tokens;
  noticeEmails = ports.mailer.attempts;
  ports.clock.set(at(DAY_MS));
});

describe('alertVendorOfObjection', () => {
  const ref = () => ({ noticeId, contractId: 'ctr_000' });

  it('e-mails the contact address once: the client, its grounds, the changes and the deadline', async () => {
    await decide('ctr_000', 'object', 'No transfers to the US\nwithout a TIA');

    expect(await alertVendorOfObjection(ref(), ports)).toBe('sent');

    const alerts = vendorEmails('vendor-objection');
    expect(alerts).toHaveLength(1);
    const [email] = alerts;
    expect(email?.to).toEqual([CONTACT]);
    expect(email?.tags).toEqual({ noticeId, contractId: 'ctr_000', kind: 'vendor-objection' });
    expect(email?.subject).toBe('Zero GmbH objects to your change of sub-processors (list version 2)');
    expect(email?.text).toContain('> No transfers to the US\n> without a TIA');
    expect(email?.text).toContain('Added: Functional Software, Inc. (Sentry)');
    // The contract's own deadline: sent at T0, 15 days.
    expect(email?.text).toContain("The client's objection window closes on Tuesday, 20 January 2026, 09:00 UTC.");
    expect(email?.html).toContain('No transfers to the US\nwithout a TIA</blockquote>');
    expect(ports.vendorEmails.row({ noticeId, subject: 'objection', contractId: 'ctr_000' })).toMatchObject({
      messageId: email?.messageId,
      sentAt: at(DAY_MS),
      to: [CONTACT],
      contentSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('escapes what the client typed in the HTML', async () => {
    await decide('ctr_001', 'object', '<script>alert(1)</script>');

    expect(await alertVendorOfObjection({ noticeId, contractId: 'ctr_001' }, ports)).toBe('sent');

    const [email] = vendorEmails('vendor-objection');
    expect(email?.html).toContain('One &amp; Co &lt;Ltd&gt;');
    expect(email?.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(email?.html).not.toContain('<script>');
  });

  it('sends one e-mail when ObjectionRecorded is delivered twice, in turn or at once', async () => {
    await decide('ctr_000', 'object', 'No');

    const results = [
      ...(await Promise.all([alertVendorOfObjection(ref(), ports), alertVendorOfObjection(ref(), ports)])),
      await alertVendorOfObjection(ref(), ports),
    ];

    expect(results.sort()).toEqual(['already-handled', 'already-handled', 'sent']);
    expect(vendorEmails('vendor-objection')).toHaveLength(1);
    expect(vendorAttempts()).toBe(1);
  });

  it('gives the claim back when SES fails, so the retry sends exactly one e-mail', async () => {
    await decide('ctr_000', 'object', 'No');
    ports.mailer.failNext();

    await expect(alertVendorOfObjection(ref(), ports)).rejects.toThrow(TransientProviderError);
    expect(ports.vendorEmails.row({ noticeId, subject: 'objection', contractId: 'ctr_000' })).toEqual({});
    ports.clock.advance(60_000);
    expect(await alertVendorOfObjection(ref(), ports)).toBe('sent');
    expect(await alertVendorOfObjection(ref(), ports)).toBe('already-handled');

    expect(vendorAttempts()).toBe(2);
    expect(vendorEmails('vendor-objection')).toHaveLength(1);
  });

  it('sends nothing while another instance holds a live claim, and takes a dead one over', async () => {
    await decide('ctr_000', 'object', 'No');
    const key = { noticeId, subject: 'objection', contractId: 'ctr_000' } as const;
    await ports.vendorEmails.claim(key, at(DAY_MS), at(0));

    expect(await alertVendorOfObjection(ref(), ports)).toBe('already-handled');
    ports.clock.advance(VENDOR_EMAIL_CLAIM_TIMEOUT_MS + 1);
    expect(await alertVendorOfObjection(ref(), ports)).toBe('sent');

    expect(vendorAttempts()).toBe(1);
  });

  it('sends nothing for an approval', async () => {
    await decide('ctr_000', 'approve');

    expect(await alertVendorOfObjection(ref(), ports)).toBe('not-an-objection');

    expect(vendorAttempts()).toBe(0);
    expect(ports.vendorEmails.rows.size).toBe(0);
  });

  it('sends nothing, and fails nothing, without a contact address', async () => {
    await ports.processors.updateProfile('prc_acme', { contactEmail: null }, at(DAY_MS));
    await decide('ctr_000', 'object', 'No');

    expect(await alertVendorOfObjection(ref(), ports)).toBe('no-contact-address');

    expect(vendorAttempts()).toBe(0);
    expect(ports.vendorEmails.rows.size).toBe(0);
  });

  it('sends nothing for a contract without a decision or an unknown notice', async () => {
    expect(await alertVendorOfObjection(ref(), ports)).toBe('not-an-objection');
    expect(await alertVendorOfObjection({ noticeId: 'ntc_unknown_2', contractId: 'ctr_000' }, ports)).toBe(
      'not-an-objection',
    );
    expect(vendorAttempts()).toBe(0);
  });
});

describe('sendNoticeSummaryToVendor', () => {
  let closed: { noticeId: string; closedAt: string; counts: OutcomeCounts };

  /** ctr_000 objects, ctr_001's e-mail bounces, ctr_002 stays silent; then every window closes. */
  beforeEach(async () => {
    await decide('ctr_000', 'object', 'Data must stay in the EU');
    await ports.recipients.recordDeliveryEvent(noticeId, 'ctr_001', { type: 'Bounce', at: at(DAY_MS) }, 'bounced');
    ports.clock.set(at(16 * DAY_MS));
    expect(await closeNoticeWindows(noticeId, ports)).toBe('closed');
    const [event] = ports.events.ofType('ObjectionWindowClosed') as Array<typeof closed>;
    if (event === undefined) throw new Error('the notice did not close');
    closed = event;
    noticeEmails = ports.mailer.attempts;
  });

  it('e-mails the counts, each objecting client with its grounds, and the contracts not notified', async () => {
    expect(await sendNoticeSummaryToVendor(closed, ports)).toBe('sent');

    const summaries = vendorEmails('vendor-summary');
    expect(summaries).toHaveLength(1);
    const [email] = summaries;
    expect(email?.to).toEqual([CONTACT]);
    expect(email?.tags).toEqual({ noticeId, kind: 'vendor-summary' });
    expect(email?.subject).toBe('Acme Cloud SAS: every objection window of list version 2 is closed');
    const text = email?.text ?? '';
    expect(text).toContain(
      [
        '- Objected: 1',
        '- Approved: 0',
        '- Implied consent (no answer within the window): 1',
        '- Not notified (the e-mail never arrived): 1',
      ].join('\n'),
    );
    expect(text).toContain(
      'Objections:\n- Zero GmbH (contract ctr_000), on Tuesday, 6 January 2026, 09:00 UTC: Data must stay in the EU\n',
    );
    expect(text).toContain('Contracts not notified:\n- One & Co <Ltd> (contract ctr_001), delivery: bounced\n');
    expect(text).not.toContain('Two SA');
    expect(email?.html).toContain('One &amp; Co &lt;Ltd&gt;');
    expect(ports.vendorEmails.row({ noticeId, subject: 'summary' })?.messageId).toBe(email?.messageId);
  });

  it('sends one summary when ObjectionWindowClosed is delivered twice, in turn or at once', async () => {
    const results = [
      ...(await Promise.all([sendNoticeSummaryToVendor(closed, ports), sendNoticeSummaryToVendor(closed, ports)])),
      await sendNoticeSummaryToVendor(closed, ports),
    ];

    expect(results.sort()).toEqual(['already-handled', 'already-handled', 'sent']);
    expect(vendorEmails('vendor-summary')).toHaveLength(1);
    expect(vendorAttempts()).toBe(1);
  });

  it('gives the claim back when SES fails, so the retry sends exactly one summary', async () => {
    ports.mailer.failNext();

    await expect(sendNoticeSummaryToVendor(closed, ports)).rejects.toThrow(TransientProviderError);
    expect(ports.vendorEmails.row({ noticeId, subject: 'summary' })).toEqual({});
    expect(await sendNoticeSummaryToVendor(closed, ports)).toBe('sent');
    expect(await sendNoticeSummaryToVendor(closed, ports)).toBe('already-handled');

    expect(vendorAttempts()).toBe(2);
    expect(vendorEmails('vendor-summary')).toHaveLength(1);
  });

  it('sends nothing, and fails nothing, without a contact address', async () => {
    await ports.processors.updateProfile('prc_acme', { contactEmail: null }, at(16 * DAY_MS));

    expect(await sendNoticeSummaryToVendor(closed, ports)).toBe('no-contact-address');

    expect(vendorAttempts()).toBe(0);
    expect(ports.vendorEmails.rows.size).toBe(0);
  });

  it('says so when nobody objected and every contract was notified', async () => {
    const counts = { objected: 0, approved: 0, impliedConsent: 3, notNotified: 0, withdrawn: 0 };
    const fresh = vendorPorts(T0);
    fresh.processors.add({ id: 'prc_acme', name: 'Acme Cloud SAS', contactEmail: CONTACT, createdAt: T0 });
    const sent = await aNoticeSent(fresh, [15, 15, 15]);
    fresh.clock.set(at(16 * DAY_MS));
    await closeNoticeWindows(sent.notice.id, fresh);

    expect(
      await sendNoticeSummaryToVendor({ noticeId: sent.notice.id, closedAt: at(16 * DAY_MS), counts }, fresh),
    ).toBe('sent');

    const [email] = fresh.mailer.sent.filter((e) => e.tags.kind === 'vendor-summary');
    expect(email?.text).toContain('No client objected.');
    expect(email?.text).toContain('Every contract was notified.');
    expect(email?.text).toContain('- Implied consent (no answer within the window): 3');
  });

  it('lists at most SUMMARY_LIST_LIMIT objections and says how many more, with exact counts', async () => {
    const big = vendorPorts(T0);
    big.processors.add({ id: 'prc_acme', name: 'Acme Cloud SAS', contactEmail: CONTACT, createdAt: T0 });
    const objecting = SUMMARY_LIST_LIMIT + 2;
    const sent = await aNoticeSent(
      big,
      Array.from({ length: objecting + 1 }, () => 15),
    );
    big.clock.set(at(DAY_MS));
    for (const [contractId, token] of sent.tokens) {
      if (contractId === `ctr_${String(objecting).padStart(3, '0')}`) continue;
      await recordDecision(
        token,
        { decision: 'object', grounds: `G ${contractId}`, ip: '192.0.2.7', userAgent: 'x' },
        big,
      );
    }
    big.clock.set(at(16 * DAY_MS));
    await closeNoticeWindows(sent.notice.id, big);
    const [event] = big.events.ofType('ObjectionWindowClosed') as Array<typeof closed>;
    if (event === undefined) throw new Error('the notice did not close');

    expect(await sendNoticeSummaryToVendor(event, big)).toBe('sent');

    const [email] = big.mailer.sent.filter((e) => e.tags.kind === 'vendor-summary');
    const text = email?.text ?? '';
    expect(text).toContain(`- Objected: ${objecting}\n`);
    expect(text).toContain('- Implied consent (no answer within the window): 1\n');
    expect(text.match(/^- .* \(contract ctr_\d+\), on /gm)).toHaveLength(SUMMARY_LIST_LIMIT);
    expect(text).toContain(`… and 2 more: GET /notices/${sent.notice.id} lists every contract.`);
  });
});
