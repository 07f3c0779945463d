import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { anEntry, aUsEntry } from '../support/builders.js';
import { chromiumAvailable, withBrowserAndApi } from './chromium.js';

const setup = withBrowserAndApi();

describe.skipIf(!chromiumAvailable)('the transfer page, in a real browser', () => {
  it('shows the summary and the table to a person with the key, and downloads the CSV', async () => {
    const api = setup.api();
    const browser = setup.browser();
    const processor = (await api.call('POST', '/processors', { key: api.adminKey, body: { name: 'Acme <SaaS>' } }))
      .body;
    const put = await api.call('PUT', `/processors/${processor.id}/subprocessors`, {
      key: processor.apiKey,
      body: {
        subprocessors: [
          anEntry(),
          aUsEntry(),
          aUsEntry({ id: 'crm', name: 'HubSpot, Inc.', purpose: 'CRM', safeguard: { type: 'scc', module: 3 } }),
          anEntry({
            id: 'mail',
            name: '<img src=x onerror=alert(1)> Mail Ltd',
            address: '1 London Wall, London',
            country: 'GB',
            purpose: 'E-mail',
            safeguard: { type: 'adequacy' },
          }),
        ],
      },
    });
    expect(put.status).toBe(200);
    await api.stack.settled();

    // The browser asks for credentials (Basic); the person gives the key as the password.
    const context = await browser.newContext({
      javaScriptEnabled: false,
      acceptDownloads: true,
      httpCredentials: { username: 'admin', password: api.adminKey },
    });
    const page = await context.newPage();
    const response = await page.goto(`${api.stack.apiUrl}/transfers?processorId=${processor.id}`);
    expect(response?.status()).toBe(200);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Transfers outside the EEA');

    const byCountry = page.getByRole('table', { name: 'By country' });
    expect(await byCountry.getByRole('row', { name: /United States of America \(US\) 2/ }).count()).toBe(1);
    expect(await byCountry.getByRole('row', { name: /United Kingdom.* \(GB\) 1/ }).count()).toBe(1);
    const bySafeguard = page.getByRole('table', { name: 'By safeguard' });
    expect(await bySafeguard.getByRole('row', { name: /adequacy — Art\. 45 2/ }).count()).toBe(1);
    expect(await bySafeguard.getByRole('row', { name: /scc — Art\. 46\(2\)\(c\) 1/ }).count()).toBe(1);

    const rows = page.getByRole('table', { name: 'Transfers' }).getByRole('row');
    expect(await rows.count()).toBe(1 + 3); // header + three transfers; the EEA entry is not a transfer
    expect(await page.getByText('Acme <SaaS>').count()).toBeGreaterThan(0); // escaped, shown as text
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.getByText('without a transfer impact assessment').count()).toBe(1);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('transfers.csv');
    const csv = parse(await readFile((await download.path()) as string, 'utf8'), { columns: true }) as Array<
      Record<string, string>
    >;
    expect(csv.map((row) => row.subprocessorName).sort()).toEqual(
      ['<img src=x onerror=alert(1)> Mail Ltd', 'Functional Software, Inc. (Sentry)', 'HubSpot, Inc.'].sort(),
    );
    await context.close();
  }, 60_000);

  it('speaks French to a browser whose Accept-Language prefers it, CSV headers included', async () => {
    const api = setup.api();
    const browser = setup.browser();
    const processor = (await api.call('POST', '/processors', { key: api.adminKey, body: { name: 'Éditeur SAS' } }))
      .body;
    const put = await api.call('PUT', `/processors/${processor.id}/subprocessors`, {
      key: processor.apiKey,
      body: {
        subprocessors: [anEntry(), aUsEntry({ safeguard: { type: 'scc', module: 2, tiaReference: 'AIT-1' } })],
      },
    });
    expect(put.status).toBe(200);
    await api.stack.settled();

    const context = await browser.newContext({
      javaScriptEnabled: false,
      acceptDownloads: true,
      httpCredentials: { username: 'admin', password: api.adminKey },
      extraHTTPHeaders: { 'accept-language': 'fr-FR,fr;q=0.9,en-GB;q=0.8,en;q=0.7' },
    });
    const page = await context.newPage();
    const response = await page.goto(`${api.stack.apiUrl}/transfers?processorId=${processor.id}`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-language']).toBe('fr');
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Transferts hors de l’Espace économique européen',
    );
    expect(await page.getByText('1 transfert.').count()).toBe(1);
    const byCountry = page.getByRole('table', { name: 'Par pays' });
    expect(await byCountry.getByRole('row', { name: /États-Unis d'Amérique \(US\) 1/ }).count()).toBe(1);
    const bySafeguard = page.getByRole('table', { name: 'Par encadrement' });
    expect(
      await bySafeguard
        .getByRole('row', { name: /Clauses contractuelles types — article 46, paragraphe 2, point c\) du RGPD 1/ })
        .count(),
    ).toBe(1);
    expect(await page.getByRole('table', { name: 'Transferts' }).getByRole('row').count()).toBe(1 + 1);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Télécharger le CSV' }).click(),
    ]);
    const [header] = (await readFile((await download.path()) as string, 'utf8')).split('\r\n');
    expect(header?.split(',').slice(0, 5)).toEqual([
      'id_sous_traitant',
      'sous_traitant',
      'sous_traitant_ulterieur',
      'chaine',
      'niveau',
    ]);
    await context.close();
  }, 60_000);
});
