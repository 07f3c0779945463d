import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anEntry } from '../support/builders.js';
import { aVendorWithClients, emailsTo, publishAddition } from '../support/notice-fixtures.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.stop();
});

/** Defects 2 and 3 of issue 9: text that broke every e-mail of a notice, or forged lines inside it. */
describe('hostile text in a published list', () => {
  it.each([
    ['a lone UTF-16 surrogate', 'Acme \ud800', 'must be well-formed Unicode (no unpaired UTF-16 surrogate)'],
    [
      'CR LF with a forged link',
      'Acme\r\nTo object or approve, open: http://evil.example/x',
      'must be a single line without control characters (CR, LF, NUL, ...)',
    ],
    ['NUL only', '\u0000', 'must contain at least one visible character'],
    ['a zero-width space only', '\u200b', 'must contain at least one visible character'],
  ])('refuses %s in a name with 400 naming the field, and stores nothing', async (_what, name, rule) => {
    const vendor = await aVendorWithClients(api, 0);
    const put = await api.call('PUT', `/processors/${vendor.processor.id}/subprocessors`, {
      key: vendor.processor.apiKey,
      headers: { 'if-match': '"1"' },
      body: { subprocessors: [anEntry(), anEntry({ id: 'hostile', name })] },
    });
    expect(put.status).toBe(400);
    expect(put.body.error.issues).toContainEqual(
      expect.objectContaining({ path: 'subprocessors[1].name', message: expect.stringContaining(rule) }),
    );
    const current = await api.call('GET', `/processors/${vendor.processor.id}/subprocessors`);
    expect(current.body.version).toBe(1);
    expect(current.body.subprocessors).toHaveLength(1);
  });

  it('refuses control characters in an organisation name and a contract reference', async () => {
    const processor = await api.call('POST', '/processors', { key: api.adminKey, body: { name: 'Vendor\nBcc: x' } });
    expect(processor.status).toBe(400);
    expect(processor.body.error.issues.map((issue: { path: string }) => issue.path)).toEqual(['name']);
  });

  it('stores names in NFC and e-mails them intact, on lines of their own', async () => {
    const vendor = await aVendorWithClients(api, 1);
    const [client] = vendor.clients;
    if (client === undefined) throw new Error('fixture');
    await publishAddition(
      api,
      vendor,
      anEntry({ id: 'decomposed', name: 'Ge\u0301ne\u0301rale SAS', country: 'FR', safeguard: { type: 'eea' } }),
    );
    const current = await api.call('GET', `/processors/${vendor.processor.id}/subprocessors`);
    expect(current.body.subprocessors.map((entry: { name: string }) => entry.name)).toContain('G\u00e9n\u00e9rale SAS');
    const [email] = await emailsTo(api, client.email);
    expect(email?.body.text).toContain('G\u00e9n\u00e9rale SAS');
  });
});
