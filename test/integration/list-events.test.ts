import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anEntry, aUsEntry } from '../support/builders.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.stop();
});

describe('a stored version is followed by its event (DynamoDB stream → bus)', () => {
  it('publishes SubprocessorListChanged for a change, not for the baseline nor an unchanged list', async () => {
    const processor = (await api.call('POST', '/processors', { key: api.adminKey, body: { name: 'Streamed' } })).body;
    const put = (list: unknown[], ifMatch?: string) =>
      api.call('PUT', `/processors/${processor.id}/subprocessors`, {
        key: processor.apiKey,
        body: { subprocessors: list },
        ...(ifMatch && { headers: { 'if-match': ifMatch } }),
      });
    await put([anEntry()]);
    await put([anEntry(), aUsEntry()], '"1"');
    await put([anEntry(), aUsEntry()], '"2"');
    await api.stack.settled();
    const mine = api.stack.runtime.busEvents.filter((e) => e.detail.processorId === processor.id);
    expect(mine).toEqual([
      expect.objectContaining({
        source: 'subprocessor-registry',
        'detail-type': 'SubprocessorListChanged',
        detail: expect.objectContaining({ schemaVersion: 1, version: 2, needsObjectionWindow: true }),
      }),
    ]);
  });
});
