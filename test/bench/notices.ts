import type { LocalStack } from '../../infra/local/local-stack.js';
import { registryStores } from '../../shared/adapters/registry-stores.js';
import { registerOrganisation } from '../../shared/domain/register-organisation.js';
import type { SubprocessorEntry } from '../../shared/domain/subprocessor.js';
import { DEFAULT_NOTICE_PERIOD_DAYS } from '../../shared/legal/reference.js';

export interface Measured {
  ms: number;
  calls: number;
}

interface NoticeBenchDependencies {
  stack: LocalStack;
  adminApiKey: string;
  /** Runs an operation and returns its wall time and the DynamoDB calls made meanwhile. */
  timed(operation: () => Promise<unknown>): Promise<Measured>;
  // biome-ignore lint/suspicious/noExplicitAny: JSON answers, read field by field
  call(method: string, path: string, key: string, body?: unknown, headers?: Record<string, string>): Promise<any>;
}

const baseline: SubprocessorEntry = {
  id: 'hosting',
  name: 'OVH SAS',
  address: '2 rue Kellermann, 59100 Roubaix, France',
  country: 'FR',
  purpose: 'Hosting',
  safeguard: { type: 'eea' },
};
const addition: SubprocessorEntry = {
  id: 'errors',
  name: 'Functional Software, Inc. (Sentry)',
  address: '45 Fremont Street, San Francisco, CA 94105, USA',
  country: 'US',
  purpose: 'Error monitoring',
  safeguard: { type: 'scc', module: 3, tiaReference: 'TIA-2026-01' },
};

async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const item = items[next++] as T;
        await work(item);
      }
    }),
  );
}

/**
 * A vendor with `contracts` clients (each its own address) and a baseline list, set up straight in the
 * repositories: the set-up is not what is measured.
 */
export async function aVendorWithContracts(
  contracts: number,
  deps: Pick<NoticeBenchDependencies, 'stack' | 'adminApiKey' | 'call'>,
): Promise<{ id: string; apiKey: string }> {
  const { stack, call } = deps;
  const stores = registryStores();
  const processor = await call('POST', '/processors', deps.adminApiKey, { name: `Vendor with ${contracts} clients` });
  await inParallel(
    Array.from({ length: contracts }, (_, i) => i),
    25,
    async (i) => {
      const client = await registerOrganisation(
        'client',
        { name: `Client ${i}` },
        { store: stores.clients, clock: stores.clock },
      );
      await stores.contracts.create({
        id: `ctr_${processor.id}_${i}`,
        processorId: processor.id,
        clientId: client.id,
        notifyEmails: [`dpo-${i}@client${contracts}.example`],
        noticePeriodDays: DEFAULT_NOTICE_PERIOD_DAYS,
        createdAt: stores.clock.now().toISOString(),
      });
    },
  );
  await call('PUT', `/processors/${processor.id}/subprocessors`, processor.apiKey, { subprocessors: [baseline] });
  await stack.settled();
  return processor;
}

/** Publishes the addition (version 2, a change that needs an objection window) and waits for every e-mail. */
export async function publishAdditionAndSettle(
  processor: { id: string; apiKey: string },
  deps: Pick<NoticeBenchDependencies, 'stack' | 'call'>,
): Promise<{ noticeId: string; effectiveAt: string }> {
  const put = await deps.call(
    'PUT',
    `/processors/${processor.id}/subprocessors`,
    processor.apiKey,
    { subprocessors: [baseline, addition] },
    { 'if-match': '"1"' },
  );
  await deps.stack.settled();
  return { noticeId: put.notice.id, effectiveAt: put.effectiveAt };
}

/**
 * One vendor with `contracts` clients: publish an addition and wait until every client's e-mail is
 * sent (stream → bus → notice → fan-out pages → e-mail queue → SES emulator), then move the clock
 * past the deadline and wait until every window is closed with its outcome.
 */
export async function benchNotice(contracts: number, deps: NoticeBenchDependencies) {
  const stores = registryStores();
  const processor = await aVendorWithContracts(contracts, deps);

  let noticeId = '';
  const notify = await deps.timed(async () => {
    ({ noticeId } = await publishAdditionAndSettle(processor, deps));
  });
  let sent = 0;
  let cursor: string | undefined;
  do {
    const page = await stores.recipients.page(noticeId, { limit: 1000, ...(cursor !== undefined && { cursor }) });
    sent += page.items.filter((recipient) => recipient.sesMessageId !== undefined).length;
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  if (sent !== contracts) throw new Error(`${sent} e-mails sent, expected ${contracts}`);

  const close = await deps.timed(async () => {
    await deps.call('POST', '/_local/clock', deps.adminApiKey, { advanceDays: DEFAULT_NOTICE_PERIOD_DAYS + 1 });
  });
  const notice = await stores.notices.get(noticeId);
  if (notice?.state !== 'closed') throw new Error(`notice ${noticeId} is still ${notice?.state}`);
  const counted = Object.values(notice.counts ?? {}).reduce((a, b) => a + b, 0);
  if (counted !== contracts) throw new Error(`closed ${counted} windows, expected ${contracts}`);
  return { notify, close };
}
