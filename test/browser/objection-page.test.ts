import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { aVendorWithClients, emailsTo, objectionLink, publishAddition } from '../support/notice-fixtures.js';
import type { TestApi } from '../support/test-api.js';
import { chromiumAvailable, withBrowserAndApi } from './chromium.js';

const setup = withBrowserAndApi();

/** One client's notice e-mail for an addition, with a view of that contract as its vendor sees it. */
async function aNoticeEmail(api: TestApi) {
  const vendor = await aVendorWithClients(api, 1);
  const [client] = vendor.clients;
  if (client === undefined) throw new Error('fixture');
  const put = await publishAddition(api, vendor);
  const [email] = await emailsTo(api, client.email);
  if (email === undefined) throw new Error(`no e-mail to ${client.email}`);
  const noticeView = async () =>
    (await api.call('GET', `/notices/${put.notice.id}`, { key: vendor.processor.apiKey })).body.contracts[0];
  return { client, email, noticeView };
}

describe.skipIf(!chromiumAvailable)('a client objects from the e-mail, in a real browser', () => {
  it('opens the link from the e-mail, records nothing by looking, then records the objection', async () => {
    const api = setup.api();
    const browser = setup.browser();
    // The e-mail as the SES emulator received it, rendered as a mail client would.
    const { client, email, noticeView } = await aNoticeEmail(api);
    // No JavaScript: the page must work without it.
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.setContent(email.body.html);
    await page.getByRole('link', { name: 'Review the changes and object or approve' }).click();
    await page.waitForURL(/\/objections\/[A-Za-z0-9_-]{43}$/);

    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Changes to your sub-processors');
    const body = await page.locator('body').innerText();
    expect(body).toMatch(/Vendor \w+ notified you of changes/);
    expect(body).toContain('Functional Software, Inc. (Sentry)'); // the added sub-processor
    expect(body).toMatch(/\d{4}, \d{2}:\d{2} UTC/); // the deadline, in UTC

    // Opening the page (and reloading it, as a scanner would) recorded nothing.
    await page.reload();
    await api.stack.settled();
    expect(await noticeView()).toMatchObject({ decision: null, outcome: 'pending' });

    await page.getByLabel('Grounds').fill('Our data must stay in the EEA <script>alert(1)</script>');
    await page.getByRole('button', { name: 'Object' }).click();
    await page.waitForLoadState();

    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Your objection is recorded');
    expect(await page.getByRole('status').innerText()).toContain('<script>alert(1)</script>'); // shown as text
    await api.stack.settled();
    expect(await noticeView()).toMatchObject({ decision: { decision: 'object' }, outcome: 'pending' });
    const confirmations = (await emailsTo(api, client.email)).filter((e) => e.subject.includes('objected to'));
    expect(confirmations).toHaveLength(1);
    await context.close();
  }, 60_000);

  it('records nothing when a page on another site submits the form by itself', async () => {
    const api = setup.api();
    const browser = setup.browser();
    const { email, noticeView } = await aNoticeEmail(api);
    const target = `${api.stack.apiUrl}${objectionLink(email)}`;

    // A foreign site (localhost is another site than 127.0.0.1) whose page posts a decision on load,
    // as a forged form or a JavaScript-running mail scanner would.
    const foreign = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' }).end(
        `<!doctype html><form id="f" method="post" action="${target}">
<input name="decision" value="object"><input name="grounds" value="forged"></form>
<script>document.getElementById('f').submit()</script>`,
      );
    });
    await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
    try {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`http://localhost:${(foreign.address() as AddressInfo).port}/`);
      await page.waitForURL(target);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Nothing was recorded');
      await context.close();
    } finally {
      foreign.close();
    }
    await api.stack.settled();
    expect(await noticeView()).toMatchObject({ decision: null, outcome: 'pending' });
  }, 60_000);
});

describe.skipIf(!chromiumAvailable)('a French client objects in French, in a real browser', () => {
  it('opens the French link, switches to English and back, objects, and reads the French confirmation', async () => {
    const api = setup.api();
    const browser = setup.browser();
    const vendor = await aVendorWithClients(api, 1);
    const [client] = vendor.clients;
    if (client === undefined) throw new Error('fixture');
    const patched = await api.call('PATCH', `/processors/${vendor.processor.id}/contracts/${client.contractId}`, {
      key: vendor.processor.apiKey,
      body: { language: 'fr' },
    });
    expect(patched.status).toBe(200);
    await publishAddition(api, vendor);
    const [email] = await emailsTo(api, client.email);
    if (email === undefined) throw new Error(`no e-mail to ${client.email}`);

    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.setContent(email.body.html);
    await page.getByRole('link', { name: 'Consulter les modifications pour vous y opposer ou les approuver' }).click();
    await page.waitForURL(/\/objections\/[A-Za-z0-9_-]{43}$/);

    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Modifications de vos sous-traitants ultérieurs',
    );
    const body = await page.locator('body').innerText();
    expect(body).toContain('Functional Software, Inc. (Sentry)');
    expect(body).toContain("États-Unis d'Amérique (US)");
    expect(body).toMatch(/jusqu’au \p{L}+ \d+(?:er)? \p{L}+ \d{4} à \d{2}:\d{2} UTC\./u);

    // The same link in English, and back: the language travels in ?lang= on the same token URL.
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL(/\?lang=en$/);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Changes to your sub-processors');
    await page.getByRole('link', { name: 'Français' }).click();
    await page.waitForURL(/\?lang=fr$/);

    await page.getByLabel('Motifs').fill('Nos données doivent rester dans l’EEE');
    await page.getByRole('button', { name: 'Je m’oppose' }).click();
    await page.waitForLoadState();

    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Votre opposition est enregistrée');
    expect(await page.getByRole('status').innerText()).toMatch(
      /^Enregistrée le .* UTC : vous vous opposez à ces modifications\. Motifs : « Nos données doivent rester dans l’EEE »\./,
    );
    await api.stack.settled();
    const confirmations = (await emailsTo(api, client.email)).filter((e) => e.subject.includes('s’est opposée'));
    expect(confirmations).toHaveLength(1);
    expect(confirmations[0]?.body.text).toContain('Motifs : Nos données doivent rester dans l’EEE');
    await context.close();
  }, 60_000);
});
