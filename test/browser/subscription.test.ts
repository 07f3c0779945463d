import { describe, expect, it } from 'vitest';
import { anEntry } from '../support/builders.js';
import { emailsTo } from '../support/notice-fixtures.js';
import { chromiumAvailable, withBrowserAndApi } from './chromium.js';

const setup = withBrowserAndApi();

describe.skipIf(!chromiumAvailable)('subscribing on the trust page, in a real browser', () => {
  it('subscribes with the form (no JavaScript), and the button behind the e-mailed link confirms', async () => {
    const api = setup.api();
    const processor = (await api.call('POST', '/processors', { key: api.adminKey, body: { name: 'Acme Cloud' } })).body;
    const put = await api.call('PUT', `/processors/${processor.id}/subprocessors`, {
      key: processor.apiKey,
      body: { subprocessors: [anEntry()] },
    });
    expect(put.status).toBe(200);
    const address = `browser-${processor.id.toLowerCase()}@subscriber.example`;

    const context = await setup.browser().newContext({ javaScriptEnabled: false, locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(`${api.stack.apiUrl}/trust/${processor.id}?lang=fr`);
    await page.getByLabel('Adresse e-mail').fill(address);
    await page.getByRole('button', { name: 'S’abonner' }).click();
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Consultez votre messagerie');

    const [confirmation] = await emailsTo(api, address);
    expect(confirmation?.subject).toMatch(/^Confirmez votre abonnement/);
    const link = /(https?:\/\/\S+\/subscriptions\/sub_[A-Za-z0-9_-]{43})/.exec(confirmation?.body.text ?? '')?.[1];
    expect(link).toBeDefined();
    await page.goto(link ?? '');
    const counts = async () =>
      (await api.call('GET', `/processors/${processor.id}`, { key: processor.apiKey })).body.subscribers;
    expect(await counts()).toEqual({ pending: 1, confirmed: 0, unsubscribed: 0, suppressed: 0 });

    await page.getByRole('button', { name: 'Confirmer mon abonnement' }).click();
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Abonnement confirmé');
    expect(await counts()).toEqual({ pending: 0, confirmed: 1, unsubscribed: 0, suppressed: 0 });
    await context.close();
  }, 60_000);
});
