import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../shared/domain/time.js';
import { QUEUES } from '../../shared/wiring/events.js';
import { aVendorWithClients, emailsTo, objectionLink, publishAddition } from '../support/notice-fixtures.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterEach(async () => {
  await api.call('POST', '/_local/ses-faults', { key: api.adminKey, body: { refuse: [], unavailable: false } });
});
afterAll(async () => {
  await api?.stop();
});

const form = (fields: Record<string, string>) => ({
  rawBody: new URLSearchParams(fields).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'Mozilla/5.0 (test)' },
});

interface ContractView {
  contractId: string;
  delivery: string;
  sentAt: string | null;
  closesAt: string | null;
  failure: { reason: string; at: string } | null;
  resendRequested: boolean;
  attempts: number;
}

async function contractsOf(noticeId: string, key: string): Promise<Map<string, ContractView>> {
  const view = await api.call('GET', `/notices/${noticeId}`, { key });
  expect(view.status).toBe(200);
  return new Map((view.body.contracts as ContractView[]).map((c) => [c.contractId, c]));
}

async function onlyLinkTo(address: string): Promise<string[]> {
  return (await emailsTo(api, address)).map(objectionLink);
}

describe('failed deliveries are visible', () => {
  it('marks a contract failed when SES refuses its address, in the notice view, its counts and the evidence', async () => {
    const vendor = await aVendorWithClients(api, 2);
    const [refused, fine] = vendor.clients;
    if (refused === undefined || fine === undefined) throw new Error('fixture');
    const faults = await api.call('POST', '/_local/ses-faults', {
      key: api.adminKey,
      body: { refuse: [refused.email] },
    });
    expect(faults.status).toBe(200);

    const put = await publishAddition(api, vendor);
    const noticeId = put.notice.id as string;

    const view = await api.call('GET', `/notices/${noticeId}`, { key: vendor.processor.apiKey });
    expect(view.body.deliveryCounts).toEqual({ failed: 1, sent: 1 });
    const contracts = await contractsOf(noticeId, vendor.processor.apiKey);
    expect(contracts.get(refused.contractId)).toMatchObject({
      delivery: 'failed',
      sentAt: null,
      failure: { reason: expect.stringContaining('refused by the mail service: Email address is not verified') },
      attempts: 1,
    });
    expect(contracts.get(refused.contractId)?.failure?.reason).toContain(refused.email);
    expect(contracts.get(fine.contractId)).toMatchObject({ delivery: 'sent', failure: null, attempts: 1 });
    expect(await emailsTo(api, refused.email)).toEqual([]);

    const evidence = await api.call('GET', `/notices/${noticeId}/evidence`, { key: vendor.processor.apiKey });
    const entry = evidence.body.contracts.find((c: { contractId: string }) => c.contractId === refused.contractId);
    expect(entry.email).toMatchObject({
      delivery: 'failed',
      sesMessageId: null,
      failure: { reason: expect.any(String) },
    });
    expect(entry.attempts).toEqual([
      expect.objectContaining({ sesMessageId: null, delivery: 'failed', addresses: [refused.email] }),
    ]);

    // The window closes not-notified: a failed e-mail never ripens into consent.
    await api.call('POST', '/_local/clock', { key: api.adminKey, body: { advanceDays: 16 } });
    const closed = await api.call('GET', `/notices/${noticeId}`, { key: vendor.processor.apiKey });
    expect(closed.body.counts).toEqual({ objected: 0, approved: 0, impliedConsent: 1, notNotified: 1, withdrawn: 0 });
  });

  it('marks every contract failed once its send exhausted its retries (SES down), through the dead-letter queue', async () => {
    const vendor = await aVendorWithClients(api, 2);
    await api.call('POST', '/_local/ses-faults', { key: api.adminKey, body: { unavailable: true } });

    const put = await publishAddition(api, vendor);
    const noticeId = put.notice.id as string;

    const emailQueue = api.stack.runtime.queues.get(QUEUES.noticeEmails.name);
    expect(emailQueue?.deadLetters.filter((m) => m.body.includes(noticeId))).toHaveLength(2);
    const contracts = await contractsOf(noticeId, vendor.processor.apiKey);
    for (const client of vendor.clients) {
      expect(contracts.get(client.contractId)).toMatchObject({
        delivery: 'failed',
        failure: { reason: `not sent after ${QUEUES.noticeEmails.maxReceiveCount} attempts (retries exhausted)` },
      });
    }

    // SES is back: the vendor resends, and each client gets its e-mail.
    await api.call('POST', '/_local/ses-faults', { key: api.adminKey, body: { unavailable: false } });
    const resent = await api.call('POST', `/notices/${noticeId}/resend`, { key: vendor.processor.apiKey, body: {} });
    expect(resent.status).toBe(202);
    expect([...resent.body.resent].sort()).toEqual(vendor.clients.map((c) => c.contractId).sort());
    await api.stack.settled();
    for (const client of vendor.clients) expect(await emailsTo(api, client.email)).toHaveLength(1);
    const after = await contractsOf(noticeId, vendor.processor.apiKey);
    for (const client of vendor.clients) {
      expect(after.get(client.contractId)).toMatchObject({ delivery: 'sent', failure: null, attempts: 2 });
    }
  });
});

describe('fix an address, send again', () => {
  it('bounce → PATCH the contract → resend: a second e-mail, the old link 404, the new one works, a later deadline', async () => {
    const vendor = await aVendorWithClients(api, 2);
    const [bouncing, decided] = vendor.clients;
    if (bouncing === undefined || decided === undefined) throw new Error('fixture');
    const put = await publishAddition(api, vendor);
    const noticeId = put.notice.id as string;
    const key = vendor.processor.apiKey;
    const [oldLink] = await onlyLinkTo(bouncing.email);
    const firstView = (await contractsOf(noticeId, key)).get(bouncing.contractId);

    // The other client objects: its contract is never resent.
    const [decidedLink] = await onlyLinkTo(decided.email);
    expect((await api.call('POST', decidedLink as string, form({ decision: 'object' }))).status).toBe(200);

    const bounced = await api.call('POST', '/_local/ses-events', {
      key: api.adminKey,
      body: { email: bouncing.email, type: 'bounce' },
    });
    expect(bounced.status).toBe(202);
    expect((await contractsOf(noticeId, key)).get(bouncing.contractId)?.delivery).toBe('bounced');

    const fixedAddress = `fixed-${bouncing.email}`;
    const patched = await api.call('PATCH', `/processors/${vendor.processor.id}/contracts/${bouncing.contractId}`, {
      key,
      body: { notifyEmails: [fixedAddress.toUpperCase()] },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id: bouncing.contractId, notifyEmails: [fixedAddress], noticePeriodDays: 15 });

    // A day later the vendor resends; the request is retried: queued once.
    await api.call('POST', '/_local/clock', { key: api.adminKey, body: { advanceDays: 1 } });
    const body = { contractIds: [bouncing.contractId, decided.contractId] };
    const [first, retried] = await Promise.all([
      api.call('POST', `/notices/${noticeId}/resend`, { key, body }),
      api.call('POST', `/notices/${noticeId}/resend`, { key, body }),
    ]);
    for (const answer of [first, retried]) {
      expect(answer.status).toBe(202);
      expect(answer.body).toEqual({
        resent: [bouncing.contractId],
        skipped: [{ contractId: decided.contractId, reason: 'decided' }],
      });
    }
    await api.stack.settled();

    const fixed = await emailsTo(api, fixedAddress);
    expect(fixed).toHaveLength(1);
    expect(await emailsTo(api, bouncing.email)).toHaveLength(1);
    expect(await emailsTo(api, decided.email)).toHaveLength(2); // the notice and the confirmation of the objection
    const newLink = objectionLink(fixed[0] as (typeof fixed)[number]);
    expect(newLink).not.toBe(oldLink);
    const unknown = await api.call('GET', `/objections/${'A'.repeat(43)}`);
    const dead = await api.call('GET', oldLink as string);
    expect(dead.status).toBe(404);
    expect(dead.body).toBe(unknown.body);
    expect((await api.call('POST', oldLink as string, form({ decision: 'object' }))).status).toBe(404);
    expect((await api.call('GET', newLink)).status).toBe(200);

    const now = (await contractsOf(noticeId, key)).get(bouncing.contractId);
    expect(now).toMatchObject({ delivery: 'sent', resendRequested: false, attempts: 2 });
    expect(Date.parse(now?.closesAt as string)).toBeGreaterThanOrEqual(
      Date.parse(firstView?.closesAt as string) + DAY_MS,
    );
    expect(Date.parse(now?.closesAt as string) - Date.parse(now?.sentAt as string)).toBe(15 * DAY_MS);

    const evidence = await api.call('GET', `/notices/${noticeId}/evidence`, { key });
    const entry = evidence.body.contracts.find((c: { contractId: string }) => c.contractId === bouncing.contractId);
    expect(entry.attempts).toHaveLength(2);
    expect(entry.attempts[0]).toMatchObject({
      addresses: [bouncing.email],
      delivery: 'bounced',
      reason: 'Bounce (Permanent)',
    });
    expect(entry.attempts[1]).toMatchObject({ addresses: [fixedAddress], delivery: 'sent', reason: null });
    expect(entry.attempts[0].sesMessageId).not.toBe(entry.attempts[1].sesMessageId);

    // The new link records a decision within the new window.
    expect((await api.call('POST', newLink, form({ decision: 'approve' }))).status).toBe(200);
  });

  it('refuses a PATCH without a field, with an unknown field or a bad address, naming the field; 404 for another processor', async () => {
    const vendor = await aVendorWithClients(api, 1);
    const other = await aVendorWithClients(api, 1);
    const contractId = vendor.clients[0]?.contractId as string;
    const path = `/processors/${vendor.processor.id}/contracts/${contractId}`;
    const key = vendor.processor.apiKey;

    const empty = await api.call('PATCH', path, { key, body: {} });
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toContain('at least one of notifyEmails, noticePeriodDays, reference');
    const unknown = await api.call('PATCH', path, { key, body: { clientId: 'cli_x' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.issues).toContainEqual(
      expect.objectContaining({ path: 'clientId', rule: 'unknown-field' }),
    );
    const badEmail = await api.call('PATCH', path, { key, body: { notifyEmails: ['not-an-address'] } });
    expect(badEmail.status).toBe(400);
    expect(badEmail.body.error.issues[0].path).toBe('notifyEmails[0]');
    const badPeriod = await api.call('PATCH', path, { key, body: { noticePeriodDays: 0 } });
    expect(badPeriod.status).toBe(400);
    expect(badPeriod.body.error.issues[0].path).toBe('noticePeriodDays');

    // Another processor's contract, under that processor's own path: not found.
    const foreign = await api.call(
      'PATCH',
      `/processors/${vendor.processor.id}/contracts/${other.clients[0]?.contractId as string}`,
      { key, body: { reference: 'x' } },
    );
    expect(foreign.status).toBe(404);
    expect((await api.call('PATCH', path, { key: other.processor.apiKey, body: { reference: 'x' } })).status).toBe(403);
  });

  it('moves the longest notice period with a PATCH: the next version is effective after the new period', async () => {
    const vendor = await aVendorWithClients(api, 1);
    const contractId = vendor.clients[0]?.contractId as string;
    const patched = await api.call('PATCH', `/processors/${vendor.processor.id}/contracts/${contractId}`, {
      key: vendor.processor.apiKey,
      body: { noticePeriodDays: 40, reference: 'DPA-2026-7' },
    });
    expect(patched.status).toBe(200);
    const put = await publishAddition(api, vendor);
    expect(Date.parse(put.effectiveAt) - Date.parse(put.publishedAt)).toBe(40 * DAY_MS);
    const view = await contractsOf(put.notice.id, vendor.processor.apiKey);
    const recipient = view.get(contractId);
    expect(Date.parse(recipient?.closesAt as string) - Date.parse(recipient?.sentAt as string)).toBe(40 * DAY_MS);
  });

  it("answers 404 to a resend of another processor's notice", async () => {
    const vendor = await aVendorWithClients(api, 1);
    const other = await aVendorWithClients(api, 1);
    const put = await publishAddition(api, vendor);
    const answer = await api.call('POST', `/notices/${put.notice.id}/resend`, {
      key: other.processor.apiKey,
      body: {},
    });
    expect(answer.status).toBe(404);
  });
});
