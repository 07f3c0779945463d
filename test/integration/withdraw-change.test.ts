import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDynamoDbClient } from '../../infra/local/dynamodb-local.js';
import { REGISTRY_EVENT_SOURCE } from '../../shared/events/event-contract.js';
import { ObjectionWindowClosed } from '../../shared/events/objection-window-closed.js';
import { SubprocessorChangeWithdrawn } from '../../shared/events/subprocessor-change-withdrawn.js';
import { SubprocessorListChanged } from '../../shared/events/subprocessor-list-changed.js';
import { EVENT_BUS_NAME } from '../../shared/wiring/events.js';
import { anEntry, aUsEntry } from '../support/builders.js';
import {
  aVendorWithClients,
  emailsTo,
  objectionLink,
  publishAddition,
  type Vendor,
} from '../support/notice-fixtures.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.stop();
});

const WITHDRAWN_SUBJECT = /the change of sub-processors you were told of is withdrawn — nothing to do$/;
const ZERO = { objected: 0, approved: 0, impliedConsent: 0, notNotified: 0, withdrawn: 0 };

const form = (fields: Record<string, string>) => ({
  rawBody: new URLSearchParams(fields).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'Mozilla/5.0 (test)' },
});

function withdraw(vendor: Vendor, version: number, ifMatch?: string, key = vendor.processor.apiKey) {
  return api.call('POST', `/processors/${vendor.processor.id}/versions/${version}/withdraw`, {
    key,
    ...(ifMatch !== undefined && { headers: { 'if-match': ifMatch } }),
  });
}

/** An item as stored, read from the table itself. */
async function storedItem(pk: string, sk: string): Promise<Record<string, unknown> | undefined> {
  const client = localDynamoDbClient(api.stack.dynamoDbEndpoint);
  try {
    const { Item } = await client.send(
      new GetItemCommand({
        TableName: api.stack.tableName,
        Key: { pk: { S: pk }, sk: { S: sk } },
        ConsistentRead: true,
      }),
    );
    return Item === undefined ? undefined : unmarshall(Item);
  } finally {
    client.destroy();
  }
}

const withdrawalEmailsTo = async (address: string) =>
  (await emailsTo(api, address)).filter((email) => WITHDRAWN_SUBJECT.test(email.subject));

describe('withdrawing a pending change', () => {
  let vendor: Vendor;
  let noticeId: string;

  beforeAll(async () => {
    vendor = await aVendorWithClients(api, 3, 30);
    noticeId = (await publishAddition(api, vendor)).notice.id;
  });

  it('before it takes effect: version 3 restores the list, open windows close as withdrawn, the objection stays', async () => {
    const [objecting, approving, silent] = vendor.clients;
    if (objecting === undefined || approving === undefined || silent === undefined) throw new Error('fixture');
    const [objectingNotice] = await emailsTo(api, objecting.email);
    const [lateNotice] = await emailsTo(api, silent.email);
    if (objectingNotice === undefined || lateNotice === undefined) throw new Error('no notice e-mail');
    const objected = await api.call(
      'POST',
      objectionLink(objectingNotice),
      form({ decision: 'object', grounds: 'No US transfers' }),
    );
    expect(objected.status).toBe(200);
    await api.stack.settled();
    const pendingBefore = await api.call('GET', `/processors/${vendor.processor.id}/transfers`, {
      key: vendor.processor.apiKey,
    });
    expect(pendingBefore.body.transfers.map((t: { subprocessorName: string }) => t.subprocessorName)).toEqual([
      aUsEntry().name,
    ]);

    const response = await withdraw(vendor, 2, '"2"');

    expect(response.status).toBe(201);
    expect(response.headers.get('etag')).toBe('"3"');
    expect(response.body).toMatchObject({ version: 3, withdraws: 2, notice: { id: noticeId } });
    await api.stack.settled();

    // Stored: version 3 is the baseline's list, marked as the withdrawal of 2, current.
    const stored = await storedItem(`PROCESSOR#${vendor.processor.id}`, 'VERSION#0000000003');
    expect(stored).toMatchObject({ withdraws: 2, needsObjectionWindow: false, subprocessors: [anEntry()] });
    expect(await storedItem(`PROCESSOR#${vendor.processor.id}`, 'PROFILE')).toMatchObject({ currentVersion: 3 });
    expect((await api.call('GET', `/processors/${vendor.processor.id}/subprocessors`)).body).toMatchObject({
      version: 3,
      withdraws: 2,
      subprocessors: [anEntry()],
    });

    const notice = await api.call('GET', `/notices/${noticeId}`, { key: vendor.processor.apiKey });
    expect(notice.status).toBe(200);
    expect(notice.body).toMatchObject({ state: 'withdrawn', withdrawnByVersion: 3, counts: { ...ZERO, withdrawn: 3 } });
    expect(
      notice.body.contracts.map((c: { contractId: string; outcome: string; decision: unknown }) => [
        c.contractId,
        c.outcome,
        c.decision === null ? null : (c.decision as { decision: string }).decision,
      ]),
    ).toEqual(
      [
        [objecting.contractId, 'withdrawn', 'object'],
        [approving.contractId, 'withdrawn', null],
        [silent.contractId, 'withdrawn', null],
        // Contracts come in key order (DynamoDB compares bytes).
      ].sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1)),
    );
    const listed = await api.call('GET', `/processors/${vendor.processor.id}/notices`, {
      key: vendor.processor.apiKey,
    });
    expect(listed.body.notices[0]).toMatchObject({ id: noticeId, state: 'withdrawn', withdrawnByVersion: 3 });

    // The evidence pack keeps the objection, in the outcome record too.
    const evidence = await api.call('GET', `/notices/${noticeId}/evidence`, { key: objecting.apiKey });
    expect(evidence.status).toBe(200);
    expect(evidence.body.notice).toMatchObject({ state: 'withdrawn', withdrawnByVersion: 3 });
    expect(evidence.body.outcomeCounts).toEqual({ ...ZERO, withdrawn: 1, scope: 'contract' });
    expect(evidence.body.contracts[0]).toMatchObject({
      decision: { decision: 'object', grounds: 'No US transfers' },
      outcome: 'withdrawn',
      outcomeRecord: { outcome: 'withdrawn', decision: { decision: 'object', grounds: 'No US transfers' } },
    });

    // One "nothing to do" e-mail per notified contract.
    for (const client of vendor.clients) {
      const emails = await withdrawalEmailsTo(client.email);
      expect(emails).toHaveLength(1);
      expect(emails[0]?.body.text).toContain('You have nothing to do');
    }

    // The withdrawn addition is no longer a transfer, pending or not.
    const transfers = await api.call('GET', `/processors/${vendor.processor.id}/transfers`, {
      key: vendor.processor.apiKey,
    });
    expect(transfers.body.transfers).toEqual([]);

    // Nothing of a withdrawn change is sent again.
    const resend = await api.call('POST', `/notices/${noticeId}/resend`, { key: vendor.processor.apiKey, body: {} });
    expect(resend.status).toBe(409);
    expect(resend.body.error.message).toBe(`notice ${noticeId} was withdrawn (version 3): nothing to resend`);

    // A decision sent after the withdrawal is refused: the window is closed.
    const late = await api.call('POST', objectionLink(lateNotice), form({ decision: 'object', grounds: 'late' }));
    expect(late.status).toBe(409);
    expect(late.body).toContain('These changes were withdrawn');
    const page = await api.call('GET', objectionLink(lateNotice));
    expect(page.status).toBe(200);
    expect(page.body).toContain('You have nothing to do, and no decision can be recorded any more.');
    expect(api.stack.runtime.deadLetters).toEqual([]);
  });

  it('changes nothing when the withdrawal event comes again, nor when every deadline passes', async () => {
    const events = api.stack.runtime.busEvents.filter(
      (e) => e['detail-type'] === SubprocessorListChanged.detailType && e.detail.processorId === vendor.processor.id,
    );
    const withdrawal = events.find((e) => e.detail.withdraws === 2);
    if (withdrawal === undefined) throw new Error('no withdrawal event');
    api.stack.runtime.putEvents([
      {
        Source: REGISTRY_EVENT_SOURCE,
        DetailType: SubprocessorListChanged.detailType,
        Detail: JSON.stringify(withdrawal.detail),
        EventBusName: EVENT_BUS_NAME,
      },
    ]);
    await api.stack.settled();
    await api.call('POST', '/_local/clock', { key: api.adminKey, body: { advanceDays: 31 } });
    await api.stack.settled();

    for (const client of vendor.clients) expect(await withdrawalEmailsTo(client.email)).toHaveLength(1);
    const published = api.stack.runtime.busEvents.filter((e) => e.detail.noticeId === noticeId);
    expect(published.filter((e) => e['detail-type'] === SubprocessorChangeWithdrawn.detailType)).toHaveLength(1);
    expect(published.filter((e) => e['detail-type'] === ObjectionWindowClosed.detailType)).toHaveLength(0);
    const notice = await api.call('GET', `/notices/${noticeId}`, { key: vendor.processor.apiKey });
    expect(notice.body.state).toBe('withdrawn');
    expect(notice.body.counts).toEqual({ ...ZERO, withdrawn: 3 });
    expect(notice.body.contracts.map((c: { outcome: string }) => c.outcome)).toEqual([
      'withdrawn',
      'withdrawn',
      'withdrawn',
    ]);
    // No notice was opened for the withdrawal version itself.
    expect(
      (await api.call('GET', `/notices/${noticeId.replace(/_2$/, '_3')}`, { key: vendor.processor.apiKey })).status,
    ).toBe(404);
    expect(api.stack.runtime.deadLetters).toEqual([]);
  });
});

describe('refused withdrawals', () => {
  it('after the change took effect (its last window closed): 409 naming when, nothing stored', async () => {
    const vendor = await aVendorWithClients(api, 1, 15);
    await publishAddition(api, vendor);
    await api.call('POST', '/_local/clock', { key: api.adminKey, body: { advanceDays: 16 } });
    await api.stack.settled();
    const versions = await api.call('GET', `/processors/${vendor.processor.id}/versions`, {
      key: vendor.processor.apiKey,
    });
    const [latest] = versions.body.versions;
    expect(latest).toMatchObject({ version: 2, effectiveState: 'effective' });

    const response = await withdraw(vendor, 2, '"2"');

    expect(response.status).toBe(409);
    expect(response.body.error.message).toBe(
      `version 2 took effect at ${latest.effectiveAt}: a change in force cannot be withdrawn; publish a new list instead`,
    );
    expect(await storedItem(`PROCESSOR#${vendor.processor.id}`, 'VERSION#0000000003')).toBeUndefined();
  });

  it('when it is not the latest, the baseline, or a withdrawal: 409; If-Match 428/412; unknown 404; another key 403', async () => {
    const vendor = await aVendorWithClients(api, 1, 15);
    await publishAddition(api, vendor);
    const third = await api.call('PUT', `/processors/${vendor.processor.id}/subprocessors`, {
      key: vendor.processor.apiKey,
      headers: { 'if-match': '"2"' },
      body: { subprocessors: [anEntry(), aUsEntry({ purpose: 'Error and performance monitoring' })] },
    });
    expect(third.status).toBe(200);
    await api.stack.settled();

    const notLatest = await withdraw(vendor, 2, '"3"');
    expect(notLatest.status).toBe(409);
    expect(notLatest.body.error.message).toMatch(/^version 2 is not the latest \(version 3 is\)/);
    expect((await withdraw(vendor, 1, '"3"')).status).toBe(409);
    expect((await withdraw(vendor, 3)).status).toBe(428);
    expect((await withdraw(vendor, 3, '"2"')).status).toBe(412);
    expect((await withdraw(vendor, 9, '"3"')).status).toBe(404);
    const bad = await api.call('POST', `/processors/${vendor.processor.id}/versions/two/withdraw`, {
      key: vendor.processor.apiKey,
      headers: { 'if-match': '"3"' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues).toContainEqual(expect.objectContaining({ path: 'n' }));
    const other = await aVendorWithClients(api, 1, 15);
    expect((await withdraw(vendor, 3, '"3"', other.processor.apiKey)).status).toBe(403);

    expect((await withdraw(vendor, 3, '"3"')).status).toBe(201);
    await api.stack.settled();
    const again = await withdraw(vendor, 4, '"4"');
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/^version 4 is itself the withdrawal of version 3/);
    // A repeated withdrawal (same If-Match) is stale: nothing new is stored.
    expect((await withdraw(vendor, 3, '"3"')).status).toBe(412);
    expect(await storedItem(`PROCESSOR#${vendor.processor.id}`, 'VERSION#0000000005')).toBeUndefined();
    expect(api.stack.runtime.deadLetters).toEqual([]);
  });
});
