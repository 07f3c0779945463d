import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registryStores } from '../../shared/adapters/registry-stores.js';
import { MAX_BODY_BYTES } from '../../shared/http/api-schemas.js';
import { anEntry } from '../support/builders.js';
import { aVendorWithClients, publishAddition, type Vendor } from '../support/notice-fixtures.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.stop();
});

/** A vendor with two notices: version 2 adds a US entry, version 3 removes it again. */
async function aVendorWithTwoNotices(): Promise<Vendor> {
  const vendor = await aVendorWithClients(api, 1);
  await publishAddition(api, vendor);
  const removal = await api.call('PUT', `/processors/${vendor.processor.id}/subprocessors`, {
    key: vendor.processor.apiKey,
    headers: { 'if-match': '"2"' },
    body: { subprocessors: [anEntry()] },
  });
  expect(removal.status).toBe(200);
  await api.stack.settled();
  return vendor;
}

const cursorRefused = (response: { status: number; body: { error: { message: string; issues?: unknown[] } } }) => {
  expect(response.status).toBe(400);
  expect(response.body.error.message).toContain('query.cursor');
  expect(response.body.error.issues).toEqual([expect.objectContaining({ path: 'query.cursor', rule: 'cursor' })]);
};

describe('cursors', () => {
  let a: Vendor;
  let b: Vendor;
  beforeAll(async () => {
    [a, b] = await Promise.all([aVendorWithTwoNotices(), aVendorWithTwoNotices()]);
  });
  const notices = (vendor: Vendor, query: string) =>
    api.call('GET', `/processors/${vendor.processor.id}/notices?${query}`, { key: vendor.processor.apiKey });

  it('pages through a processor’s notices without repeating one', async () => {
    const first = await notices(a, 'limit=1');
    expect(first.status).toBe(200);
    expect(first.body.nextCursor).toMatch(/^[A-Za-z0-9_-]{1,2048}$/);
    const second = await notices(a, `limit=1&cursor=${first.body.nextCursor}`);
    expect(second.status).toBe(200);
    expect([...first.body.notices, ...second.body.notices].map((n: { version: number }) => n.version)).toEqual([3, 2]);
  });

  it('answers a malformed cursor with 400 naming query.cursor', async () => {
    for (const cursor of ['abc', 'eyJwayI6MX0', Buffer.from('[]').toString('base64url')]) {
      cursorRefused(await notices(a, `cursor=${cursor}`));
    }
  });

  it('refuses a cursor from another processor’s page: it cannot start a query in their notices', async () => {
    const theirs = await notices(b, 'limit=1');
    expect(theirs.body.nextCursor).toBeDefined();
    cursorRefused(await notices(a, `limit=1&cursor=${theirs.body.nextCursor}`));
  });

  it('refuses another processor’s version-history cursor the same way', async () => {
    const theirs = await api.call('GET', `/processors/${b.processor.id}/versions?limit=1`, { key: b.processor.apiKey });
    expect(theirs.body.nextCursor).toBeDefined();
    cursorRefused(
      await api.call('GET', `/processors/${a.processor.id}/versions?limit=1&cursor=${theirs.body.nextCursor}`, {
        key: a.processor.apiKey,
      }),
    );
  });
});

describe('a list whose stored version would pass DynamoDB’s 400 KB item limit', () => {
  const purpose = (letter: string) => letter.repeat(1000);
  const entries = (count: number, letter: string) =>
    Array.from({ length: count }, (_, i) =>
      anEntry({ name: `Vendor ${String(i).padStart(3, '0')}`, purpose: purpose(letter) }),
    );
  /** As many 1,000-character-purpose entries as the 200 KB body cap lets through. */
  const largestCount = (() => {
    let count = 1;
    while (Buffer.byteLength(JSON.stringify({ subprocessors: entries(count + 1, 'a') })) <= MAX_BODY_BYTES) count += 1;
    return count;
  })();

  async function aProcessor() {
    const created = await api.call('POST', '/processors', { key: api.adminKey, body: { name: 'Big List Ltd' } });
    expect(created.status).toBe(201);
    return created.body as { id: string; apiKey: string };
  }
  const put = (processor: { id: string; apiKey: string }, subprocessors: unknown[], ifMatch?: string) =>
    api.call('PUT', `/processors/${processor.id}/subprocessors`, {
      key: processor.apiKey,
      body: { subprocessors },
      ...(ifMatch !== undefined && { headers: { 'if-match': ifMatch } }),
    });
  const current = (processor: { id: string; apiKey: string }) =>
    api.call('GET', `/processors/${processor.id}/subprocessors`, { key: processor.apiKey });

  it('stores the largest list the body cap accepts and reads it back equal', async () => {
    expect(largestCount).toBeGreaterThan(150);
    const processor = await aProcessor();
    const list = entries(largestCount, 'a');
    expect((await put(processor, list)).status).toBe(200);
    const read = await current(processor);
    expect(read.status).toBe(200);
    expect(read.body.version).toBe(1);
    expect(read.body.subprocessors).toEqual(list);
  });

  it('stores a change of a third of the purposes (list plus before/after under 400 KB) and reads it back equal', async () => {
    const processor = await aProcessor();
    expect((await put(processor, entries(largestCount, 'a'))).status).toBe(200);
    const third = Math.floor(largestCount / 3);
    const changed = [...entries(largestCount, 'b').slice(0, third), ...entries(largestCount, 'a').slice(third)];
    const response = await put(processor, changed, '"1"');
    expect(response.status).toBe(200);
    const read = await current(processor);
    expect(read.body.version).toBe(2);
    expect(read.body.subprocessors).toEqual(changed);
  });

  it('refuses a change of every purpose with 413 naming the limit, and stores nothing', async () => {
    const processor = await aProcessor();
    const first = entries(largestCount, 'a');
    expect((await put(processor, first)).status).toBe(200);
    await api.stack.settled();

    const response = await put(processor, entries(largestCount, 'b'), '"1"');
    expect(response.status).toBe(413);
    expect(response.body.error.message).toContain('at most 400 KB');
    expect(response.body.error.issues).toEqual([
      expect.objectContaining({ path: 'subprocessors', rule: 'stored-version-size' }),
    ]);
    const again = await put(processor, entries(largestCount, 'b'), '"1"');
    expect(again.status).toBe(413);

    await api.stack.settled();
    const read = await current(processor);
    expect(read.body.version).toBe(1);
    expect(read.body.subprocessors).toEqual(first);
    const history = await api.call('GET', `/processors/${processor.id}/versions`, { key: processor.apiKey });
    expect(history.body.versions.map((v: { version: number }) => v.version)).toEqual([1]);
    expect(
      (await api.call('GET', `/processors/${processor.id}/subprocessors?version=2`, { key: processor.apiKey })).status,
    ).toBe(404);
    const notices = await api.call('GET', `/processors/${processor.id}/notices`, { key: processor.apiKey });
    expect(notices.body.notices).toEqual([]);
  });
});

describe('the sweep’s next close check (defect 7), on DynamoDB Local', () => {
  it('is moved earlier by a fan-out page, never later; the close pass that handled it re-arms it later', async () => {
    const { notices } = registryStores();
    const day = (n: number) => new Date(Date.UTC(2030, 0, 1 + n)).toISOString();
    const id = `ntc_check_${Date.now().toString(36)}`;
    const opened = await notices.open(
      {
        id,
        processorId: 'prc_check',
        processorName: 'Check Ltd',
        version: 2,
        kind: 'objection-window',
        publishedAt: day(0),
        effectiveAt: day(30),
        changes: [],
        openedAt: day(0),
        state: 'open',
      },
      undefined,
    );
    expect(opened).toBe(true);
    const due = async (at: string) => (await notices.dueForClosing(at, 1000)).includes(id);

    await notices.setNextCloseCheck(id, day(10)); // page 1: 10-day contracts
    await notices.setNextCloseCheck(id, day(20)); // page 2: 20-day contracts must not push the check back
    expect(await due(day(10))).toBe(true);
    await notices.setNextCloseCheck(id, day(5)); // page 3: shorter periods move it earlier
    expect(await due(day(5))).toBe(true);
    expect(await due(day(4))).toBe(false);

    // The close pass at day 6 handled the check due at day 5 and re-arms for the next deadline.
    await notices.setNextCloseCheck(id, day(10), day(6));
    expect(await due(day(9))).toBe(false);
    expect(await due(day(10))).toBe(true);
  });
});
