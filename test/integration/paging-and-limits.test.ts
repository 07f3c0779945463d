import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
