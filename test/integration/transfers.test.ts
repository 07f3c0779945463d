import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registryStores } from '../../shared/adapters/registry-stores.js';
import { ADEQUACY_DECISIONS } from '../../shared/legal/reference.js';
import { anEntry, aUsEntry } from '../support/builders.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.stop();
});

interface Org {
  id: string;
  apiKey: string;
}

const vendorList = (tag: string) => [
  anEntry({ id: 'hosting', name: `OVH SAS ${tag}` }),
  aUsEntry({ id: 'errors', name: `Sentry ${tag}` }),
  anEntry({
    id: 'crm',
    name: `=HYPERLINK("http://evil.example") ${tag}`,
    address: '1 Main St, Toronto, Canada',
    country: 'CA',
    purpose: 'CRM',
    safeguard: { type: 'scc', module: 3 },
  }),
  anEntry({
    id: 'support',
    name: `Support Desk ${tag}`,
    address: '2 Tokyo Road, Tokyo, Japan',
    country: 'JP',
    purpose: 'Customer support',
    safeguard: { type: 'derogation', article49Point: 'b' },
  }),
];

async function organisation(kind: 'processors' | 'clients', name: string): Promise<Org> {
  const created = await api.call('POST', `/${kind}`, { key: api.adminKey, body: { name } });
  expect(created.status).toBe(201);
  return created.body;
}

async function contract(processor: Org, client: Org) {
  const created = await api.call('POST', `/processors/${processor.id}/contracts`, {
    key: processor.apiKey,
    body: { clientId: client.id, notifyEmails: [`dpo-${client.id.toLowerCase()}@client.example`] },
  });
  expect(created.status).toBe(201);
  // The client's own views show only the contracts it confirmed (issue 11).
  const confirmed = await api.call('POST', `/clients/${client.id}/contracts/${created.body.id}/confirm`, {
    key: client.apiKey,
  });
  expect(confirmed.status).toBe(200);
  return created.body.id as string;
}

async function publish(processor: Org, subprocessors: unknown[], ifMatch?: number) {
  const put = await api.call('PUT', `/processors/${processor.id}/subprocessors`, {
    key: processor.apiKey,
    body: { subprocessors },
    ...(ifMatch !== undefined && { headers: { 'if-match': `"${ifMatch}"` } }),
  });
  expect(put.status).toBe(200);
  await api.stack.settled();
  return put.body;
}

let vendorA: Org;
let vendorB: Org;
let clientOfA: Org;
let clientOfB: Org;
let contractOfA: string;
let tag: string;
beforeAll(async () => {
  tag = Date.now().toString(36);
  vendorA = await organisation('processors', `Vendor A ${tag}`);
  vendorB = await organisation('processors', `Vendor B ${tag}`);
  clientOfA = await organisation('clients', `Client of A ${tag}`);
  clientOfB = await organisation('clients', `Client of B ${tag}`);
  contractOfA = await contract(vendorA, clientOfA);
  await contract(vendorB, clientOfB);
  await publish(vendorA, vendorList(tag));
  await publish(vendorB, [
    anEntry({
      id: 'analytics',
      name: `Analytics Ltd ${tag}`,
      address: '1 London Wall, London, United Kingdom',
      country: 'GB',
      purpose: 'Analytics',
      safeguard: { type: 'adequacy' },
    }),
  ]);
});

const names = (body: { transfers: Array<{ subprocessorName: string }> }) =>
  body.transfers.map((t) => t.subprocessorName).sort();

describe('transfer queries', () => {
  it('answers a processor with its own transfers outside the EEA, each with basis, since and flags', async () => {
    const response = await api.call('GET', `/processors/${vendorA.id}/transfers`, { key: vendorA.apiKey });
    expect(response.status).toBe(200);
    expect(names(response.body)).toEqual(
      [`=HYPERLINK("http://evil.example") ${tag}`, `Sentry ${tag}`, `Support Desk ${tag}`].sort(),
    );
    const us = response.body.transfers.find((t: { country: { code: string } }) => t.country.code === 'US');
    const usDecision = ADEQUACY_DECISIONS.find((d) => d.recipient.kind === 'country' && d.recipient.code === 'US');
    expect(us).toMatchObject({
      processorId: vendorA.id,
      processorName: `Vendor A ${tag}`,
      country: { code: 'US', name: 'United States of America' },
      safeguardType: 'adequacy',
      legalBasis: `Art. 45 — ${usDecision?.decision}`,
      adequacyDecision: { since: usDecision?.since },
      purpose: 'Error monitoring',
      sinceVersion: 1,
      pendingChanges: [],
      flags: [],
    });
    const byCountry = (code: string) =>
      response.body.transfers.find((t: { country: { code: string } }) => t.country.code === code);
    expect(byCountry('CA')).toMatchObject({
      legalBasis: 'Art. 46(2)(c)',
      flags: [{ rule: 'tia-recommended' }],
    });
    expect(byCountry('JP')).toMatchObject({
      legalBasis: 'Art. 49(1)(b)',
      flags: [{ rule: 'derogation-not-for-routine-transfers' }],
    });

    const withEea = await api.call('GET', `/processors/${vendorA.id}/transfers?includeEea=true`, {
      key: vendorA.apiKey,
    });
    expect(withEea.body.transfers).toHaveLength(4);
    expect(withEea.body.transfers.find((t: { inEea: boolean }) => t.inEea)).toMatchObject({
      country: { code: 'FR' },
      legalBasis: 'Chapter V does not apply (EEA)',
    });
  });

  it('answers a client with the transfers of its processors only, and refuses other tenants', async () => {
    const mine = await api.call('GET', `/clients/${clientOfA.id}/transfers`, { key: clientOfA.apiKey });
    expect(mine.status).toBe(200);
    expect(new Set(mine.body.transfers.map((t: { processorId: string }) => t.processorId))).toEqual(
      new Set([vendorA.id]),
    );
    for (const [path, key] of [
      [`/clients/${clientOfB.id}/transfers`, clientOfA.apiKey],
      [`/clients/${clientOfA.id}/transfers`, vendorA.apiKey],
      [`/processors/${vendorB.id}/transfers`, vendorA.apiKey],
      [`/processors/${vendorA.id}/transfers`, clientOfA.apiKey],
      ['/transfers', vendorA.apiKey],
      ['/transfers', clientOfA.apiKey],
    ] as const) {
      const response = await api.call('GET', path, { key });
      expect(response.status, `${path}`).toBe(403);
      expect(JSON.stringify(response.body)).not.toContain('Sentry');
    }
    expect((await api.call('GET', `/clients/${clientOfA.id}/transfers`)).status).toBe(401);
  });

  it('answers the operator across processors, filtered by country, safeguard and processor', async () => {
    const us = await api.call('GET', '/transfers?country=US', { key: api.adminKey });
    expect(us.status).toBe(200);
    expect(us.body.transfers.every((t: { country: { code: string } }) => t.country.code === 'US')).toBe(true);
    expect(names(us.body)).toContain(`Sentry ${tag}`);

    const gb = await api.call('GET', `/transfers?safeguard=adequacy&processorId=${vendorB.id}`, { key: api.adminKey });
    expect(gb.body.transfers).toHaveLength(1);
    expect(gb.body.transfers[0]).toMatchObject({
      country: { code: 'GB' },
      legalBasis: expect.stringMatching(/^Art\. 45 — /),
    });

    const everything = await api.call('GET', '/transfers?limit=5000', { key: api.adminKey });
    const ours = everything.body.transfers.filter((t: { processorId: string }) =>
      [vendorA.id, vendorB.id].includes(t.processorId),
    );
    expect(ours).toHaveLength(4);
    expect(everything.body.transfers.some((t: { inEea: boolean }) => t.inEea)).toBe(false);
  });

  it('pages through the operator view with a cursor, without repeating a row', async () => {
    const seen: string[] = [];
    let path = '/transfers?includeEea=true&limit=2';
    for (let pages = 0; pages < 100; pages++) {
      const page = await api.call('GET', path, { key: api.adminKey });
      expect(page.status).toBe(200);
      seen.push(
        ...page.body.transfers.map(
          (t: { processorId: string; subprocessorName: string }) => `${t.processorId}/${t.subprocessorName}`,
        ),
      );
      if (page.body.nextCursor === undefined) break;
      path = `/transfers?includeEea=true&limit=2&cursor=${page.body.nextCursor}`;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toContain(`${vendorA.id}/OVH SAS ${tag}`);
    expect(seen).toContain(`${vendorB.id}/Analytics Ltd ${tag}`);
  });

  it('lists what would lose its basis if an adequacy decision fell, with the contracts affected', async () => {
    const admin = await api.call('GET', '/transfers?withoutAdequacy=US', { key: api.adminKey });
    const sentry = admin.body.transfers.find(
      (t: { subprocessorName: string }) => t.subprocessorName === `Sentry ${tag}`,
    );
    expect(sentry.affectedContracts).toEqual([{ contractId: contractOfA, clientId: clientOfA.id }]);
    expect(admin.body.transfers.every((t: { safeguardType: string }) => t.safeguardType === 'adequacy')).toBe(true);
    const client = await api.call('GET', `/clients/${clientOfA.id}/transfers?withoutAdequacy=GB`, {
      key: clientOfA.apiKey,
    });
    expect(client.body.transfers).toEqual([]);
  });

  it('downloads CSV with a header row, the same rows as JSON, and formula cells made inert', async () => {
    const json = await api.call('GET', `/processors/${vendorA.id}/transfers`, { key: vendorA.apiKey });
    for (const request of [
      { path: `/processors/${vendorA.id}/transfers?format=csv`, headers: {} as Record<string, string> },
      { path: `/processors/${vendorA.id}/transfers`, headers: { accept: 'text/csv' } },
    ]) {
      const csv = await api.call('GET', request.path, { key: vendorA.apiKey, headers: request.headers });
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      const rows = parse(csv.body as string, { columns: true }) as Array<Record<string, string>>;
      expect(rows).toHaveLength(json.body.transfers.length);
      expect(Object.keys(rows[0] ?? {})).toEqual(
        expect.arrayContaining(['processorName', 'subprocessorName', 'countryCode', 'safeguardType', 'legalBasis']),
      );
      const crm = rows.find((r) => r.countryCode === 'CA');
      expect(crm?.subprocessorName).toBe(`'=HYPERLINK("http://evil.example") ${tag}`);
      expect(crm?.flags).toBe('tia-recommended');
    }
  });

  it('shows pending changes until their version takes effect, and keeps `since` for unchanged entries', async () => {
    const [first, second, third] = vendorList(tag);
    await publish(
      vendorA,
      [first, { ...second, safeguard: { type: 'scc', module: 3, tiaReference: 'TIA-1' } }, third],
      1,
    );
    const response = await api.call('GET', `/processors/${vendorA.id}/transfers`, { key: vendorA.apiKey });
    const byCountry = (code: string) =>
      response.body.transfers.find((t: { country: { code: string } }) => t.country.code === code);
    expect(byCountry('US')).toMatchObject({
      safeguardType: 'scc',
      sinceVersion: 1,
      pendingChanges: [{ kind: 'change', version: 2, inForce: { country: 'US', safeguardType: 'adequacy' } }],
    });
    expect(byCountry('CA')).toMatchObject({ sinceVersion: 1, pendingChanges: [] });
    expect(byCountry('JP')).toMatchObject({ pendingChanges: [{ kind: 'removal', version: 2 }] });
  });

  it('flags US adequacy without DPF certification in legacy rows', async () => {
    const { transfers } = registryStores();
    const legacy = aUsEntry({ id: 'legacy', name: `Legacy ${tag}`, safeguard: { type: 'adequacy' } });
    await transfers.apply(
      [
        {
          processorId: vendorB.id,
          processorName: `Vendor B ${tag}`,
          entryKey: 'legacy',
          entry: legacy,
          level: 1,
          path: [legacy.name],
          sinceVersion: 1,
          sinceEffectiveAt: '2020-01-01T00:00:00.000Z',
          changedInVersion: 1,
          changedEffectiveAt: '2020-01-01T00:00:00.000Z',
          projectedVersion: 1,
        },
      ],
      new Date().toISOString(),
    );
    const response = await api.call('GET', `/processors/${vendorB.id}/transfers?country=US`, { key: vendorB.apiKey });
    expect(response.body.transfers[0].flags.map((f: { rule: string }) => f.rule)).toEqual([
      'adequacy-scope',
      'adequacy-decision-in-force',
    ]);
  });

  it('refuses bad filters with 400 naming the field', async () => {
    for (const [query, field] of [
      ['country=XX', 'country'],
      ['country=us', 'country'],
      ['safeguard=contract', 'safeguard'],
      ['includeEea=yes', 'includeEea'],
      ['withoutAdequacy=ZZ', 'withoutAdequacy'],
      ['limit=0', 'limit'],
      ['cursor=0.bm90LWEtY3Vyc29y', 'cursor'],
      ['format=xml', 'format'],
      ['unknown=1', ''],
    ] as const) {
      const response = await api.call('GET', `/transfers?${query}`, { key: api.adminKey });
      expect(response.status, query).toBe(400);
      expect(response.body.error.message, query).toContain(field);
    }
  });

  it('asks a browser for the key with Basic authentication, and accepts the key as its password', async () => {
    const challenge = await api.call('GET', '/transfers', { headers: { accept: 'text/html' } });
    expect(challenge.status).toBe(401);
    expect(challenge.headers.get('www-authenticate')).toContain('Basic realm="Subprocessor Registry"');
    const basic = Buffer.from(`admin:${api.adminKey}`).toString('base64');
    const page = await api.call('GET', '/transfers', {
      headers: { accept: 'text/html', authorization: `Basic ${basic}` },
    });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('serves the reference table it applies, with dates, scope and sources', async () => {
    const response = await api.call('GET', '/reference/adequacy');
    expect(response.status).toBe(200);
    expect(response.body.rulesVersion).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(response.body.eea.members).toContain('GR');
    expect(response.body.adequacyDecisions).toHaveLength(ADEQUACY_DECISIONS.length);
    for (const decision of response.body.adequacyDecisions) {
      expect(decision).toMatchObject({
        decision: expect.any(String),
        since: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        scope: { kind: expect.any(String) },
        source: expect.any(String),
        lastVerified: expect.any(String),
      });
    }
  });
});
