import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../shared/domain/evidence-pack.js';
import { sha256Hex } from '../../shared/domain/secrets.js';
import { RULES_VERSION } from '../../shared/legal/reference.js';
import { aVendorWithClients, emailsTo, objectionLink, publishAddition } from '../support/notice-fixtures.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.stop();
});

const form = (fields: Record<string, string>) => ({
  rawBody: new URLSearchParams(fields).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'Mozilla/5.0 (test)' },
});

async function linkFor(email: string): Promise<string> {
  const [message] = await emailsTo(api, email);
  if (message === undefined) throw new Error(`no e-mail to ${email}`);
  return objectionLink(message);
}

describe('from PUT to a closed window (local clock walk-through)', () => {
  it('records an objection, a bounce and a silence, then closes each window once with its outcome', async () => {
    const vendor = await aVendorWithClients(api, 3);
    const [objecting, bouncing, silent] = vendor.clients;
    if (objecting === undefined || bouncing === undefined || silent === undefined) throw new Error('fixture');
    const put = await publishAddition(api, vendor);
    const noticeId = put.notice.id as string;
    const noticeView = () => api.call('GET', `/notices/${noticeId}`, { key: vendor.processor.apiKey });

    // Opening, prefetching or scanning the link records nothing.
    const link = await linkFor(objecting.email);
    const page = await api.call('GET', link);
    expect(page.status).toBe(200);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.body).toContain('<form method="post">');
    expect(page.body).toContain('name="decision" value="object"');
    expect((await api.call('HEAD', link)).status).toBe(200);
    await api.stack.settled();
    expect((await noticeView()).body.contracts.every((c: { decision: unknown }) => c.decision === null)).toBe(true);

    // A person objects; a repeated POST changes nothing.
    const objected = await api.call(
      'POST',
      link,
      form({ decision: 'object', grounds: 'Data must stay in the EU <b>now</b>' }),
    );
    expect(objected.status).toBe(200);
    expect(objected.body).toContain('Your objection is recorded');
    expect(objected.body).toContain('&lt;b&gt;now&lt;/b&gt;');
    const again = await api.call('POST', link, form({ decision: 'approve' }));
    expect(again.status).toBe(200);
    expect(again.body).toContain('Your objection was already recorded');
    await api.stack.settled();
    const confirmations = (await emailsTo(api, objecting.email)).filter((e) => e.subject.includes('objected to'));
    expect(confirmations).toHaveLength(1);
    expect(
      api.stack.runtime.busEvents.filter(
        (e) => e['detail-type'] === 'ObjectionRecorded' && e.detail.noticeId === noticeId,
      ),
    ).toHaveLength(1);

    // A bounce for the second client.
    const bounce = await api.call('POST', '/_local/ses-events', {
      key: api.adminKey,
      body: { email: bouncing.email, type: 'bounce' },
    });
    expect(bounce.status).toBe(202);

    const before = (await noticeView()).body;
    expect(before.state).toBe('open');
    const byContract = (body: { contracts: Array<{ contractId: string }> }) =>
      new Map(body.contracts.map((c) => [c.contractId, c]));
    expect(byContract(before).get(objecting.contractId)).toMatchObject({
      outcome: 'pending',
      decision: { decision: 'object' },
    });
    expect(byContract(before).get(bouncing.contractId)).toMatchObject({ delivery: 'bounced', outcome: 'pending' });

    // Fourteen days: still open. Sixteen: closed.
    await api.call('POST', '/_local/clock', { key: api.adminKey, body: { advanceDays: 14 } });
    expect((await noticeView()).body.state).toBe('open');
    const clock = await api.call('POST', '/_local/clock', { key: api.adminKey, body: { advanceDays: 2 } });
    expect(clock.status).toBe(200);
    const after = (await noticeView()).body;
    expect(after.state).toBe('closed');
    expect(byContract(after).get(objecting.contractId)).toMatchObject({ outcome: 'objected' });
    expect(byContract(after).get(bouncing.contractId)).toMatchObject({ outcome: 'not-notified' });
    expect(byContract(after).get(silent.contractId)).toMatchObject({ outcome: 'implied-consent' });

    const closedEvents = api.stack.runtime.busEvents.filter(
      (e) => e['detail-type'] === 'ObjectionWindowClosed' && e.detail.noticeId === noticeId,
    );
    expect(closedEvents).toHaveLength(1);
    expect(closedEvents[0]?.detail.counts).toEqual({
      objected: 1,
      approved: 0,
      impliedConsent: 1,
      notNotified: 1,
      withdrawn: 0,
    });

    // More triggers (schedule retries, the sweep) change nothing and publish nothing new.
    await api.call('POST', '/_local/clock', { key: api.adminKey, body: { advanceDays: 1 } });
    expect(
      api.stack.runtime.busEvents.filter(
        (e) => e['detail-type'] === 'ObjectionWindowClosed' && e.detail.noticeId === noticeId,
      ),
    ).toHaveLength(1);

    // After the deadline the page says so and a POST records nothing.
    const silentLink = await linkFor(silent.email);
    const late = await api.call('POST', silentLink, form({ decision: 'object' }));
    expect(late.status).toBe(409);
    expect(late.body).toContain('The objection window is closed');
    expect(byContract((await noticeView()).body).get(silent.contractId)).toMatchObject({
      outcome: 'implied-consent',
      decision: null,
    });

    // The evidence pack of the whole walk-through holds every item, for the vendor.
    const download = await api.call('GET', `/notices/${noticeId}/evidence`, { key: vendor.processor.apiKey });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename="evidence-${noticeId}.json"`);
    const body = JSON.stringify(download.body);
    expect(download.headers.get('repr-digest')).toBe(`sha-256=:${createHash('sha256').update(body).digest('base64')}:`);
    const pack = download.body;
    expect(pack).toMatchObject({
      kind: 'subprocessor-change-notice-evidence',
      rulesVersion: RULES_VERSION,
      notice: { id: noticeId, version: 2, state: 'closed', changes: [expect.objectContaining({ change: 'added' })] },
      listVersions: { before: { version: 1 }, after: { version: 2, rulesVersion: RULES_VERSION } },
    });
    expect(pack.noticeSha256).toBe(sha256Hex(canonicalJson(pack.notice)));
    expect(pack.notice).not.toHaveProperty('counts');
    expect(pack.outcomeCounts).toEqual({
      scope: 'notice',
      objected: 1,
      approved: 0,
      impliedConsent: 1,
      notNotified: 1,
      withdrawn: 0,
    });
    const evidenceOf = new Map(pack.contracts.map((c: { contractId: string }) => [c.contractId, c]));
    expect(pack.contracts).toHaveLength(3);
    for (const contract of pack.contracts) {
      expect(contract.email).toMatchObject({
        sesMessageId: expect.any(String),
        sentAt: expect.any(String),
        contentSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      expect(contract.window).toMatchObject({
        state: 'closed',
        closesAt: expect.any(String),
        closedAt: expect.any(String),
      });
      expect(contract.outcomeRecord).toMatchObject({ outcome: contract.outcome, closesAt: contract.window.closesAt });
    }
    expect(evidenceOf.get(objecting.contractId)).toMatchObject({
      decision: { decision: 'object', at: expect.any(String), ip: '127.0.0.1', userAgent: 'Mozilla/5.0 (test)' },
      outcome: 'objected',
      outcomeRecord: { decision: { decision: 'object' } },
    });
    expect(evidenceOf.get(bouncing.contractId)).toMatchObject({
      email: { delivery: 'bounced', deliveryEvents: [expect.objectContaining({ type: 'Bounce' })] },
      outcome: 'not-notified',
    });
    expect(evidenceOf.get(silent.contractId)).toMatchObject({ decision: null, outcome: 'implied-consent' });

    // A client gets its own contract only; the admin key and other tenants get nothing.
    const clientPack = await api.call('GET', `/notices/${noticeId}/evidence`, { key: objecting.apiKey });
    expect(clientPack.status).toBe(200);
    expect(clientPack.body.contracts.map((c: { contractId: string }) => c.contractId)).toEqual([objecting.contractId]);
    // Only its own figures: nothing tells it that another client stayed silent or bounced.
    expect(clientPack.body.outcomeCounts).toEqual({
      scope: 'contract',
      objected: 1,
      approved: 0,
      impliedConsent: 0,
      notNotified: 0,
      withdrawn: 0,
    });
    expect(JSON.stringify(clientPack.body)).not.toContain('impliedConsent":1');
    // The same announcement, byte for byte: the client can compare its hash with the vendor's.
    expect(clientPack.body.noticeSha256).toBe(pack.noticeSha256);
    const stranger = await aVendorWithClients(api, 1);
    for (const key of [stranger.processor.apiKey, stranger.clients[0]?.apiKey as string]) {
      expect((await api.call('GET', `/notices/${noticeId}/evidence`, { key })).status).toBe(404);
    }
    expect((await api.call('GET', `/notices/${noticeId}/evidence`, { key: api.adminKey })).status).toBe(403);
  });

  it('answers every unknown or malformed token with the same 404 page', async () => {
    const first = await api.call('GET', `/objections/${'A'.repeat(43)}`);
    const second = await api.call('GET', '/objections/not-even-a-token');
    const posted = await api.call('POST', `/objections/${'B'.repeat(43)}`, form({ decision: 'object' }));
    expect([first.status, second.status, posted.status]).toEqual([404, 404, 404]);
    expect(second.body).toBe(first.body);
    expect(posted.body).toBe(first.body);
  });

  it("shows a notice only to its processor's key", async () => {
    const vendor = await aVendorWithClients(api, 1);
    const other = await aVendorWithClients(api, 1);
    const put = await publishAddition(api, vendor);
    const noticeId = put.notice.id as string;
    expect((await api.call('GET', `/notices/${noticeId}`, { key: vendor.processor.apiKey })).status).toBe(200);
    const foreign = await api.call('GET', `/notices/${noticeId}`, { key: other.processor.apiKey });
    expect(foreign.status).toBe(404);
    expect(JSON.stringify(foreign.body)).not.toContain(vendor.processor.id);
    expect((await api.call('GET', `/notices/${noticeId}`, { key: vendor.clients[0]?.apiKey })).status).toBe(403);
    expect(
      (await api.call('GET', `/processors/${vendor.processor.id}/notices`, { key: other.processor.apiKey })).status,
    ).toBe(403);
    const list = await api.call('GET', `/processors/${vendor.processor.id}/notices`, { key: vendor.processor.apiKey });
    expect(list.body.notices.map((n: { id: string }) => n.id)).toEqual([noticeId]);
  });
});
