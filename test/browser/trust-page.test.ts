import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { anEntry, aUsEntry } from '../support/builders.js';
import { chromiumAvailable, withBrowserAndApi } from './chromium.js';

const setup = withBrowserAndApi();
const AXE_SOURCE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface AxeViolation {
  id: string;
  impact: string | null;
  nodes: Array<{ target: string[] }>;
}

describe.skipIf(!chromiumAvailable)('the trust page, in a real browser', () => {
  it('shows the list down the chains, the pending change and the history in both languages, with no serious accessibility issue', async () => {
    const api = setup.api();
    const browser = setup.browser();
    const processor = (await api.call('POST', '/processors', { key: api.adminKey, body: { name: 'Acme <Cloud>' } }))
      .body;
    const put = (list: unknown[], ifMatch?: string) =>
      api.call('PUT', `/processors/${processor.id}/subprocessors`, {
        key: processor.apiKey,
        body: { subprocessors: list },
        ...(ifMatch !== undefined && { headers: { 'if-match': ifMatch } }),
      });
    const brevo = anEntry({
      id: 'brevo',
      name: 'Sendinblue SAS (Brevo)',
      purpose: 'Transactional e-mail',
      subprocessors: [aUsEntry({ id: 'aws', name: 'Amazon Web Services, Inc.', purpose: 'Hosting' })],
    });
    expect((await put([anEntry({ scopes: ['eu-datacenter'] }), brevo])).status).toBe(200);
    expect((await put([anEntry({ scopes: ['eu-datacenter'] }), brevo, aUsEntry()], '"1"')).status).toBe(200);
    await api.stack.settled();

    // Anyone may read it: no key, no JavaScript needed.
    const context = await browser.newContext({ javaScriptEnabled: true, locale: 'en-GB' });
    const page = await context.newPage();
    const url = `${api.stack.apiUrl}/trust/${processor.id}`;
    await page.goto(url);
    await expect(page.title()).resolves.toBe('Sub-processors of Acme <Cloud>');
    const inForce = page.getByRole('table', { name: 'Sub-processors in force' });
    await expect(inForce.getByRole('row').allInnerTexts()).resolves.toEqual([
      expect.stringContaining('Sub-processor'),
      expect.stringContaining('OVH SAS'),
      expect.stringContaining('Sendinblue SAS (Brevo)'),
      expect.stringContaining('Sendinblue SAS (Brevo) → Amazon Web Services, Inc.'),
    ]);
    await expect(inForce.getByRole('row').nth(1).innerText()).resolves.toContain('eu-datacenter');
    const pending = page.locator('#pending-2');
    await expect(pending.innerText()).resolves.toContain('New: Functional Software, Inc. (Sentry)');
    await expect(pending.innerText()).resolves.toContain('Takes effect not before');
    await expect(page.locator('#version-1').innerText()).resolves.toContain('The first published list.');
    await expect(page.getByRole('link', { name: 'Atom feed' }).getAttribute('href')).resolves.toMatch(/\/feed\.atom/);

    const violationsOf = async () => {
      await page.addScriptTag({ path: AXE_SOURCE });
      const result = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] })`)) as {
        violations: AxeViolation[];
      };
      return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
    };
    expect(await violationsOf()).toEqual([]);

    // The other language, through its link: French legal vocabulary, the same checks.
    await page.getByRole('link', { name: 'Version française' }).click();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('fr');
    await expect(page.title()).resolves.toBe('Sous-traitants ultérieurs de Acme <Cloud>');
    await expect(page.locator('#pending-2').innerText()).resolves.toContain(
      'Nouveau : Functional Software, Inc. (Sentry)'.replace(' :', ':'),
    );
    await expect(page.locator('#pending-2').innerText()).resolves.toContain('Prend effet au plus tôt le');
    await expect(
      page.getByRole('table', { name: 'Sous-traitants ultérieurs en vigueur' }).innerText(),
    ).resolves.toContain('Décision d’adéquation');
    expect(await violationsOf()).toEqual([]);
    await context.close();

    // A CDN revalidates with the page's ETag.
    const first = await api.call('GET', `/trust/${processor.id}`);
    const etag = first.headers.get('etag') as string;
    expect(first.headers.get('cache-control')).toBe('public, max-age=300, must-revalidate');
    expect((await api.call('GET', `/trust/${processor.id}`, { headers: { 'if-none-match': etag } })).status).toBe(304);
  }, 60_000);
});
