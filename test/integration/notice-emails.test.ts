import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SubprocessorListChanged } from '../../shared/events/subprocessor-list-changed.js';
import { EVENT_BUS_NAME } from '../../shared/wiring/events.js';
import { aUsEntry } from '../support/builders.js';
import { aVendorWithClients, emailsTo, objectionLink, publishAddition } from '../support/notice-fixtures.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.stop();
});

describe('change notices by e-mail', () => {
  it('e-mails each contract once, with the changes, the deadline in UTC and a personal link', async () => {
    const vendor = await aVendorWithClients(api, 2);
    await publishAddition(api, vendor, aUsEntry({ name: 'Evil <script>alert(1)</script> Corp' }));
    const links = new Set<string>();
    for (const client of vendor.clients) {
      const emails = await emailsTo(api, client.email);
      expect(emails).toHaveLength(1);
      const [email] = emails;
      if (email === undefined) throw new Error('no e-mail');
      expect(email.subject).toContain('you may object until');
      expect(email.subject).toMatch(/UTC$/);
      expect(email.body.text).toContain('Added: Evil <script>alert(1)</script> Corp');
      expect(email.body.text).toContain('United States of America (US)');
      expect(email.body.html).toContain('Evil &lt;script&gt;alert(1)&lt;/script&gt; Corp');
      expect(email.body.html).not.toContain('<script>');
      links.add(objectionLink(email));
    }
    expect(links.size).toBe(2);
  });

  it('sends one e-mail per contract when the event is delivered five times concurrently', async () => {
    const vendor = await aVendorWithClients(api, 3);
    await publishAddition(api, vendor);
    const detail = {
      schemaVersion: 1,
      processorId: vendor.processor.id,
      version: 2,
      publishedAt: new Date().toISOString(),
      effectiveAt: new Date().toISOString(),
      needsObjectionWindow: true,
    };
    api.stack.runtime.putEvents(
      Array.from({ length: 5 }, () => ({
        EventBusName: EVENT_BUS_NAME,
        Source: SubprocessorListChanged.source,
        DetailType: SubprocessorListChanged.detailType,
        Detail: JSON.stringify(detail),
      })),
    );
    await api.stack.settled();
    for (const client of vendor.clients) expect(await emailsTo(api, client.email)).toHaveLength(1);
    expect(api.stack.runtime.deadLetters).toEqual([]);
  });

  it('sends an information e-mail without a link for a removal', async () => {
    const vendor = await aVendorWithClients(api, 1);
    await api.call('PUT', `/processors/${vendor.processor.id}/subprocessors`, {
      key: vendor.processor.apiKey,
      headers: { 'if-match': '"1"' },
      body: { subprocessors: [] },
    });
    await api.stack.settled();
    const client = vendor.clients[0];
    if (client === undefined) throw new Error('no client');
    const emails = await emailsTo(api, client.email);
    expect(emails).toHaveLength(1);
    expect(emails[0]?.subject).toContain('update of the list of sub-processors');
    expect(emails[0]?.body.text).toContain('Removed: OVH SAS');
    expect(emails[0]?.body.text).not.toContain('/objections/');
  });
});
