import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDynamoDbClient } from '../../infra/local/dynamodb-local.js';
import { keys } from '../../shared/adapters/dynamodb/keys.js';
import { anEntry, aUsEntry } from '../support/builders.js';
import { emailsTo, objectionLink } from '../support/notice-fixtures.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.stop();
});

async function storedItem(key: { pk: string; sk: string }): Promise<Record<string, unknown> | undefined> {
  const client = localDynamoDbClient(api.stack.dynamoDbEndpoint);
  try {
    const { Item } = await client.send(
      new GetItemCommand({ TableName: api.stack.tableName, Key: marshall(key), ConsistentRead: true }),
    );
    return Item === undefined ? undefined : unmarshall(Item);
  } finally {
    client.destroy();
  }
}

let counter = 0;
/** A French-speaking vendor's processor, with a French notary (by default) and an English client (asked). */
async function aFrenchVendor() {
  counter += 1;
  const tag = `${Date.now().toString(36)}${counter}`;
  const processor = (await api.call('POST', '/processors', { key: api.adminKey, body: { name: `Éditeur ${tag}` } }))
    .body;
  const patched = await api.call('PATCH', `/processors/${processor.id}`, {
    key: processor.apiKey,
    body: { defaultLanguage: 'fr' },
  });
  expect(patched.status).toBe(200);
  expect(patched.body.defaultLanguage).toBe('fr');
  const clients: Array<{ id: string; contractId: string; email: string }> = [];
  for (const [name, language] of [
    ['Étude notariale', undefined],
    ['London Ltd', 'en'],
  ] as const) {
    const client: { id: string } = (
      await api.call('POST', '/clients', { key: api.adminKey, body: { name: `${name} ${tag}` } })
    ).body;
    const email = `dpo-${tag}-${clients.length}@client.example`;
    const contract = await api.call('POST', `/processors/${processor.id}/contracts`, {
      key: processor.apiKey,
      body: { clientId: client.id, notifyEmails: [email], ...(language !== undefined && { language }) },
    });
    expect(contract.status).toBe(201);
    clients.push({ ...client, contractId: contract.body.id as string, email });
  }
  return { processor, clients };
}

describe('the language of a contract', () => {
  it("defaults to the processor's defaultLanguage, is kept as asked, changes by PATCH, and is stored", async () => {
    const { processor, clients } = await aFrenchVendor();
    const [notary, london] = clients;
    if (notary === undefined || london === undefined) throw new Error('fixture');

    expect((await storedItem(keys.contract(processor.id, notary.contractId)))?.language).toBe('fr');
    expect((await storedItem(keys.contract(processor.id, london.contractId)))?.language).toBe('en');

    const patched = await api.call('PATCH', `/processors/${processor.id}/contracts/${london.contractId}`, {
      key: processor.apiKey,
      body: { language: 'fr' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id: london.contractId, language: 'fr' });
    expect((await storedItem(keys.contract(processor.id, london.contractId)))?.language).toBe('fr');
  });

  it('refuses a language it does not have, naming the field and the rule', async () => {
    const { processor, clients } = await aFrenchVendor();
    const bad = await api.call('PATCH', `/processors/${processor.id}/contracts/${clients[0]?.contractId}`, {
      key: processor.apiKey,
      body: { language: 'de' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues).toEqual([
      expect.objectContaining({ path: 'language', message: 'language: must be one of en, fr' }),
    ]);
    const badDefault = await api.call('PATCH', `/processors/${processor.id}`, {
      key: processor.apiKey,
      body: { defaultLanguage: 'FR' },
    });
    expect(badDefault.status).toBe(400);
    expect(badDefault.body.error.issues).toEqual([
      expect.objectContaining({ path: 'defaultLanguage', message: 'defaultLanguage: must be one of en, fr' }),
    ]);
  });
});

describe('a notice in each contract’s language', () => {
  it('e-mails the French contract in French and the English one in English; the page opens in French, ?lang=en in English', async () => {
    const { processor, clients } = await aFrenchVendor();
    const [notary, london] = clients;
    if (notary === undefined || london === undefined) throw new Error('fixture');
    expect(
      (
        await api.call('PUT', `/processors/${processor.id}/subprocessors`, {
          key: processor.apiKey,
          body: { subprocessors: [anEntry()] },
        })
      ).status,
    ).toBe(200);
    const put = await api.call('PUT', `/processors/${processor.id}/subprocessors`, {
      key: processor.apiKey,
      headers: { 'if-match': '"1"' },
      body: { subprocessors: [anEntry(), aUsEntry()] },
    });
    expect(put.status).toBe(200);
    await api.stack.settled();

    const [french] = await emailsTo(api, notary.email);
    const [english] = await emailsTo(api, london.email);
    if (french === undefined || english === undefined) throw new Error('an e-mail is missing');
    expect(french.subject).toMatch(
      / : modification des sous-traitants ultérieurs — vous pouvez vous y opposer jusqu’au \p{L}+ \d+(?:er)? \p{L}+ \d{4} à \d{2}:\d{2} UTC$/u,
    );
    expect(french.body.text).toContain("  Pays : États-Unis d'Amérique (US)");
    expect(french.body.text).toMatch(/La version 2 de la liste prend effet au plus tôt le /);
    expect(english.subject).toMatch(/: change of sub-processors — you may object until .* UTC$/);
    expect(english.body.text).toMatch(/List version 2 takes effect not before /);

    const link = objectionLink(french);
    const page = await api.call('GET', link);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-language')).toBe('fr');
    expect(page.body).toContain('<html lang="fr">');
    expect(page.body).toContain('<h1>Modifications de vos sous-traitants ultérieurs</h1>');
    expect(page.body).toContain('<a href="?lang=en" hreflang="en" lang="en">English</a>');

    const inEnglish = await api.call('GET', `${link}?lang=en`);
    expect(inEnglish.headers.get('content-language')).toBe('en');
    expect(inEnglish.body).toContain('<html lang="en">');
    expect(inEnglish.body).toContain('<h1>Changes to your sub-processors</h1>');

    // The recipient keeps the language the e-mail went out in.
    expect((await storedItem(keys.recipient(put.body.notice.id, notary.contractId)))?.language).toBe('fr');
  });

  it('answers an unknown link in the language the browser asks for, and says it varies on it', async () => {
    const unknown = await api.call('GET', `/objections/${'x'.repeat(43)}`, {
      headers: { 'accept-language': 'de-DE, fr;q=0.8, en;q=0.5' },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-language')).toBe('fr');
    expect(unknown.headers.get('vary')).toBe('Accept-Language');
    expect(unknown.body).toContain('<h1>Ce lien n’est pas valide</h1>');

    const bad = await api.call('GET', `/objections/${'x'.repeat(43)}?lang=de`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues).toEqual([expect.objectContaining({ path: 'query.lang' })]);
  });
});

describe('the transfer views in the language asked for', () => {
  it('follows Accept-Language (q-values), ?lang= over it, and says so in Content-Language and Vary', async () => {
    const { processor } = await aFrenchVendor();
    expect(
      (
        await api.call('PUT', `/processors/${processor.id}/subprocessors`, {
          key: processor.apiKey,
          body: { subprocessors: [anEntry(), aUsEntry({ safeguard: { type: 'scc', module: 2 } })] },
        })
      ).status,
    ).toBe(200);
    // The transfer rows are projected from the table's stream: wait for it.
    await api.stack.settled();
    const path = `/processors/${processor.id}/transfers`;

    const french = await api.call('GET', path, {
      key: processor.apiKey,
      headers: { accept: 'text/html', 'accept-language': 'en;q=0.4, fr-FR;q=0.9' },
    });
    expect(french.status).toBe(200);
    expect(french.headers.get('content-language')).toBe('fr');
    expect(french.headers.get('vary')).toBe('Accept-Language');
    expect(french.body).toContain('<html lang="fr">');
    expect(french.body).toContain('<h1>Vos transferts</h1>');
    expect(french.body).toContain('<p>1 transfert.');
    expect(french.body).toContain('<td>Clauses contractuelles types<br><small>scc</small></td>');
    expect(french.body).toContain('États-Unis d&#39;Amérique (US)');

    const english = await api.call('GET', `${path}?lang=en`, {
      key: processor.apiKey,
      headers: { accept: 'text/html', 'accept-language': 'fr' },
    });
    expect(english.headers.get('content-language')).toBe('en');
    expect(english.body).toContain('<h1>Your transfers</h1>');

    const csv = await api.call('GET', `${path}?format=csv&lang=fr`, { key: processor.apiKey });
    expect(csv.headers.get('content-language')).toBe('fr');
    const rows = parse(csv.body as string, { columns: true }) as Array<Record<string, string>>;
    expect(rows).toEqual([
      expect.objectContaining({
        sous_traitant_ulterieur: 'Functional Software, Inc. (Sentry)',
        pays: "États-Unis d'Amérique",
        type_encadrement: 'scc',
        fondement_juridique: 'article 46, paragraphe 2, point c) du RGPD',
      }),
    ]);

    const json = await api.call('GET', path, { key: processor.apiKey, headers: { 'accept-language': 'fr' } });
    expect(json.headers.get('vary')).toBe('Accept-Language');
    expect(json.headers.get('content-language')).toBeNull();
  });
});
