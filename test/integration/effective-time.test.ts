import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { registryStores } from '../../shared/adapters/registry-stores.js';
import { closeNoticeWindows } from '../../shared/domain/close-notice-windows.js';
import { QUEUES } from '../../shared/wiring/events.js';
import { InMemoryEventPublisher, InMemoryWindowScheduler } from '../support/in-memory-ports.js';
import { aVendorWithClients, emailsTo, publishAddition, type Vendor } from '../support/notice-fixtures.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

/** Paced like SES in AWS, slowly: six e-mails take about two seconds, so the last windows close after the requested time. */
const SES_RATE = 3;

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ sesSendsPerSecond: SES_RATE });
});
afterEach(async () => {
  await api.call('POST', '/_local/ses-faults', { key: api.adminKey, body: { refuse: [], unavailable: false } });
});
afterAll(async () => {
  await api?.stop();
});

interface ContractView {
  contractId: string;
  delivery: string;
  closesAt: string | null;
  outcome: string | null;
}

async function noticeView(noticeId: string, vendor: Vendor) {
  const view = await api.call('GET', `/notices/${noticeId}`, { key: vendor.processor.apiKey });
  expect(view.status).toBe(200);
  return view.body as {
    state: string;
    effectiveState: string;
    effectiveAt: string;
    requestedEffectiveAt: string;
    contracts: ContractView[];
  };
}

async function latestVersion(vendor: Vendor) {
  const versions = await api.call('GET', `/processors/${vendor.processor.id}/versions`, {
    key: vendor.processor.apiKey,
  });
  return versions.body.versions[0] as {
    version: number;
    effectiveState: string;
    effectiveAt: string;
    requestedEffectiveAt: string;
  };
}

async function pendingChangeTimes(vendor: Vendor): Promise<string[]> {
  const transfers = await api.call('GET', `/processors/${vendor.processor.id}/transfers`, {
    key: vendor.processor.apiKey,
  });
  expect(transfers.status).toBe(200);
  return transfers.body.transfers.flatMap((t: { pendingChanges: Array<{ effectiveAt: string }> }) =>
    t.pendingChanges.map((c) => c.effectiveAt),
  );
}

const effectiveEventsOf = (processorId: string) =>
  api.stack.runtime.busEvents.filter(
    (e) => e['detail-type'] === 'SubprocessorChangeEffective' && e.detail.processorId === processorId,
  );

const advance = (body: { advanceDays?: number; advanceHours?: number }) =>
  api.call('POST', '/_local/clock', { key: api.adminKey, body });

describe('a change takes effect only after every window (SES paced, a failed send, a resend)', () => {
  it('never takes effect before any closesAt, says "not before", and is announced once', async () => {
    const vendor = await aVendorWithClients(api, 6, 15);
    const [refused] = vendor.clients;
    if (refused === undefined) throw new Error('fixture');
    await api.call('POST', '/_local/ses-faults', { key: api.adminKey, body: { refuse: [refused.email] } });

    const put = await publishAddition(api, vendor);
    expect(put).toMatchObject({ effectiveState: 'scheduled', effectiveNotBefore: put.effectiveAt });
    const noticeId = put.notice.id as string;

    // Paced sends: each window closes at its own send + 15 days, the last ones after the requested time.
    const sent = await noticeView(noticeId, vendor);
    const deadlines = sent.contracts.flatMap((c) => (c.closesAt === null ? [] : [c.closesAt])).sort();
    expect(deadlines).toHaveLength(5);
    expect(sent.contracts.find((c) => c.contractId === refused.contractId)).toMatchObject({
      delivery: 'failed',
      closesAt: null,
    });
    const lastClose = deadlines.at(-1) as string;
    expect(lastClose > put.effectiveAt).toBe(true);
    expect(sent).toMatchObject({
      effectiveState: 'scheduled',
      effectiveAt: lastClose,
      requestedEffectiveAt: put.effectiveAt,
    });
    expect(await latestVersion(vendor)).toMatchObject({
      version: 2,
      effectiveState: 'scheduled',
      effectiveAt: lastClose,
    });
    expect(await pendingChangeTimes(vendor)).toEqual([lastClose]);

    // Two days later SES takes the address again: the vendor resends the failed contract, whose new
    // window moves the effective time to its own deadline.
    await api.call('POST', '/_local/ses-faults', { key: api.adminKey, body: { refuse: [] } });
    await advance({ advanceDays: 2 });
    const resent = await api.call('POST', `/notices/${noticeId}/resend`, { key: vendor.processor.apiKey, body: {} });
    expect(resent.body.resent).toEqual([refused.contractId]);
    await api.stack.settled();
    expect(await emailsTo(api, refused.email)).toHaveLength(1);
    const afterResend = await noticeView(noticeId, vendor);
    const resentClose = afterResend.contracts.find((c) => c.contractId === refused.contractId)?.closesAt as string;
    expect(resentClose > lastClose).toBe(true);
    expect(afterResend).toMatchObject({ effectiveState: 'scheduled', effectiveAt: resentClose });
    expect(await pendingChangeTimes(vendor)).toEqual([resentClose]);

    // Day 16: every first window closed, the requested time is past; the resent window is still open.
    await advance({ advanceDays: 14 });
    const daySixteen = await noticeView(noticeId, vendor);
    expect(daySixteen).toMatchObject({ state: 'open', effectiveState: 'scheduled', effectiveAt: resentClose });
    expect(daySixteen.contracts.filter((c) => c.outcome === 'implied-consent')).toHaveLength(5);
    expect(effectiveEventsOf(vendor.processor.id)).toEqual([]);
    expect(await pendingChangeTimes(vendor)).toEqual([resentClose]);

    // Past the resent deadline: in effect from that deadline, never before any window closed.
    await advance({ advanceDays: 2 });
    const closed = await noticeView(noticeId, vendor);
    expect(closed).toMatchObject({ state: 'closed', effectiveState: 'effective', effectiveAt: resentClose });
    for (const contract of closed.contracts) expect((contract.closesAt as string) <= resentClose).toBe(true);
    expect(await latestVersion(vendor)).toMatchObject({ effectiveState: 'effective', effectiveAt: resentClose });
    expect(await pendingChangeTimes(vendor)).toEqual([]);
    const evidence = await api.call('GET', `/notices/${noticeId}/evidence`, { key: vendor.processor.apiKey });
    expect(evidence.body.effect).toMatchObject({ effectiveState: 'effective', effectiveAt: resentClose });
    expect(evidence.body.effect.recordedAt >= resentClose).toBe(true);

    // The schedule, the sweep and a retry at once: one SubprocessorChangeEffective, ever.
    const stores = registryStores();
    const events = new InMemoryEventPublisher();
    const pass = () =>
      closeNoticeWindows(noticeId, {
        ...stores,
        scheduler: new InMemoryWindowScheduler(),
        events,
        claimTimeoutMs: QUEUES.noticeEmails.visibilityTimeoutSeconds * 1000,
      });
    await Promise.all([pass(), pass(), pass()]);
    await advance({ advanceHours: 2 });
    expect(events.published).toEqual([]);
    expect(effectiveEventsOf(vendor.processor.id).map((e) => e.detail)).toEqual([
      { schemaVersion: 1, processorId: vendor.processor.id, version: 2, effectiveAt: resentClose },
    ]);
  });

  it('closes a contract whose e-mail never went out not-notified at the effect, without waiting for it', async () => {
    const vendor = await aVendorWithClients(api, 2, 15);
    const [refused, fine] = vendor.clients;
    if (refused === undefined || fine === undefined) throw new Error('fixture');
    await api.call('POST', '/_local/ses-faults', { key: api.adminKey, body: { refuse: [refused.email] } });
    const put = await publishAddition(api, vendor);
    const noticeId = put.notice.id as string;
    const fineClose = (await noticeView(noticeId, vendor)).contracts.find((c) => c.contractId === fine.contractId)
      ?.closesAt as string;

    await advance({ advanceDays: 16 });

    const closed = await noticeView(noticeId, vendor);
    expect(closed).toMatchObject({ state: 'closed', effectiveState: 'effective', effectiveAt: fineClose });
    expect(closed.contracts.find((c) => c.contractId === refused.contractId)).toMatchObject({
      delivery: 'failed',
      closesAt: null,
      outcome: 'not-notified',
    });
    expect(effectiveEventsOf(vendor.processor.id)).toHaveLength(1);
  });
});
