import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aVendorWithClients, emailsTo, objectionLink, publishAddition } from '../support/notice-fixtures.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.stop();
});

const objectFrom = (headers: Record<string, string>) => ({
  rawBody: new URLSearchParams({ decision: 'object', grounds: 'forged' }).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'Mozilla/5.0 (test)', ...headers },
});

describe('a decision posted from another site (cross-site request forgery)', () => {
  it('records nothing for a foreign Origin or Sec-Fetch-Site, and records the same-site form once', async () => {
    const vendor = await aVendorWithClients(api, 1);
    const [client] = vendor.clients;
    if (client === undefined) throw new Error('fixture');
    const put = await publishAddition(api, vendor);
    const [email] = await emailsTo(api, client.email);
    if (email === undefined) throw new Error('no e-mail');
    const link = objectionLink(email);
    const decisionOf = async () =>
      (await api.call('GET', `/notices/${put.notice.id}`, { key: vendor.processor.apiKey })).body.contracts[0].decision;
    const ownHost = new URL(api.stack.apiUrl).host;

    for (const headers of <Array<Record<string, string>>>[
      { origin: 'http://evil.example' },
      { origin: 'null' },
      { origin: `http://${ownHost}.evil.example` },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site', origin: `http://${ownHost}` },
    ]) {
      const forged = await api.call('POST', link, objectFrom(headers));
      expect(forged.status, JSON.stringify(headers)).toBe(403);
      expect(forged.headers.get('content-type')).toContain('text/html');
      expect(forged.body).toContain('Nothing was recorded');
    }
    await api.stack.settled();
    expect(await decisionOf()).toBeNull();
    expect((await emailsTo(api, client.email)).filter((e) => e.subject.includes('objected to'))).toHaveLength(0);

    // The page's own form: same origin, as a browser sends it.
    const own = await api.call(
      'POST',
      link,
      objectFrom({ origin: `http://${ownHost}`, 'sec-fetch-site': 'same-origin' }),
    );
    expect(own.status).toBe(200);
    expect(await decisionOf()).toMatchObject({ decision: 'object', grounds: 'forged' });
  });
});
