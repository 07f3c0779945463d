import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_LIST_ENTRIES, type SubprocessorEntry } from '../../shared/domain/subprocessor.js';
import { MAX_BODY_BYTES } from '../../shared/http/api-schemas.js';
import { anEntry, aUsEntry } from '../support/builders.js';
import { aVendorWithClients, emailsTo, objectionLink } from '../support/notice-fixtures.js';
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

const google = aUsEntry({
  id: 'google',
  name: 'Google LLC',
  address: '1600 Amphitheatre Parkway, Mountain View, CA 94043, USA',
  purpose: 'E-mail storage',
});

async function organisation(kind: 'processors' | 'clients', name: string): Promise<Org> {
  const created = await api.call('POST', `/${kind}`, { key: api.adminKey, body: { name } });
  expect(created.status).toBe(201);
  return created.body;
}

const put = (processor: Org, subprocessors: unknown[], ifMatch?: string) =>
  api.call('PUT', `/processors/${processor.id}/subprocessors`, {
    key: processor.apiKey,
    body: { subprocessors },
    ...(ifMatch !== undefined && { headers: { 'if-match': ifMatch } }),
  });

describe('a new onward sub-processor', () => {
  it('opens an objection window like a direct one, and its notice shows its path', async () => {
    const vendor = await aVendorWithClients(api, 1);
    const [client] = vendor.clients;
    if (client === undefined) throw new Error('no client');

    const response = await put(vendor.processor, [anEntry({ subprocessors: [google] })], '"1"');
    expect(response.status).toBe(200);
    expect(response.body.needsObjectionWindow).toBe(true);
    expect(response.body.changes).toEqual({
      added: [
        {
          key: 'google',
          name: 'Google LLC',
          at: 'subprocessors[0].subprocessors[0]',
          classification: 'objection-window',
        },
      ],
      removed: [],
      changed: [],
    });
    await api.stack.settled();

    const emails = await emailsTo(api, client.email);
    expect(emails).toHaveLength(1);
    const [email] = emails;
    if (email === undefined) throw new Error('no e-mail');
    expect(email.subject).toContain('you may object until');
    expect(email.body.text).toContain('- Added: OVH SAS → Google LLC\n');
    expect(email.body.text).toContain('Country: United States of America (US)');
    expect(email.body.html).toContain('<td>OVH SAS → Google LLC</td>');

    const notice = await api.call('GET', `/notices/${response.body.notice.id}`, { key: vendor.processor.apiKey });
    expect(notice.status).toBe(200);
    expect(notice.body.kind).toBe('objection-window');
    expect(notice.body.changes).toEqual([
      {
        change: 'added',
        name: 'Google LLC',
        path: ['OVH SAS', 'Google LLC'],
        address: google.address,
        country: 'United States of America (US)',
        purpose: 'E-mail storage',
        safeguard: 'Adequacy decision, Art. 45 (EU-US Data Privacy Framework)',
        needsObjectionWindow: true,
        countryCode: 'US',
        safeguardTerms: { type: 'adequacy', dpfCertified: true },
      },
    ]);
    expect(notice.body.contracts).toEqual([
      expect.objectContaining({ contractId: client.contractId, outcome: 'pending', closesAt: expect.any(String) }),
    ]);

    const page = await api.call('GET', objectionLink(email));
    expect(page.status).toBe(200);
    expect(page.body).toContain('OVH SAS → Google LLC');
  });

  it('refuses a bad onward entry with 400 naming its path, and a fifth level', async () => {
    const processor = await organisation('processors', `Chain Checks ${Date.now().toString(36)}`);
    const badSafeguard = await put(processor, [
      anEntry({ id: 'a' }),
      anEntry({ id: 'b' }),
      anEntry({ id: 'c', subprocessors: [{ ...google, safeguard: { type: 'eea' } }] }),
    ]);
    expect(badSafeguard.status).toBe(400);
    expect(badSafeguard.body.error.issues).toEqual([
      expect.objectContaining({ path: 'subprocessors[2].subprocessors[0].safeguard', rule: 'eea-only-inside-eea' }),
    ]);

    let deep: SubprocessorEntry = google;
    for (let level = 4; level >= 1; level -= 1) deep = anEntry({ id: `level-${level}`, subprocessors: [deep] });
    const tooDeep = await put(processor, [deep]);
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.body.error.issues).toEqual([
      expect.objectContaining({
        path: 'subprocessors[0].subprocessors[0].subprocessors[0].subprocessors[0].subprocessors',
        rule: 'too-big',
      }),
    ]);
  });
});

describe('an onward transfer under an EEA entry', () => {
  const tag = Date.now().toString(36);
  const chain = [
    anEntry({
      id: 'mailjet',
      name: `Mailjet SAS ${tag}`,
      purpose: 'Transactional e-mail',
      subprocessors: [
        anEntry({
          id: 'sinch',
          name: 'Sinch Sweden AB',
          address: 'Lindhagensgatan 74, Stockholm, Sweden',
          country: 'SE',
          purpose: 'E-mail relay',
          subprocessors: [google],
        }),
      ],
    }),
  ];
  const path = [`Mailjet SAS ${tag}`, 'Sinch Sweden AB', 'Google LLC'];
  let processor: Org;
  let client: Org;
  let contractId: string;
  beforeAll(async () => {
    processor = await organisation('processors', `Mailer ${tag}`);
    client = await organisation('clients', `Notary ${tag}`);
    const contract = await api.call('POST', `/processors/${processor.id}/contracts`, {
      key: processor.apiKey,
      body: { clientId: client.id, notifyEmails: [`dpo-${tag}@notary.example`] },
    });
    expect(contract.status).toBe(201);
    contractId = contract.body.id;
    // The client's own views show only the contracts it confirmed (issue 11).
    const confirmed = await api.call('POST', `/clients/${client.id}/contracts/${contractId}/confirm`, {
      key: client.apiKey,
    });
    expect(confirmed.status).toBe(200);
    expect((await put(processor, chain)).status).toBe(200);
    await api.stack.settled();
  });

  it('is listed outside the EEA with its path, level and legal basis; its EEA parents are not', async () => {
    const outside = await api.call('GET', `/processors/${processor.id}/transfers`, { key: processor.apiKey });
    expect(outside.status).toBe(200);
    expect(outside.body.transfers).toEqual([
      expect.objectContaining({
        subprocessorName: 'Google LLC',
        level: 3,
        path,
        inEea: false,
        country: { code: 'US', name: 'United States of America' },
        safeguardType: 'adequacy',
        legalBasis: 'Art. 45 — (EU) 2023/1795',
        sinceVersion: 1,
        pendingChanges: [],
      }),
    ]);
    const all = await api.call('GET', `/processors/${processor.id}/transfers?includeEea=true`, {
      key: processor.apiKey,
    });
    expect(all.body.transfers.map((t: { level: number; inEea: boolean }) => [t.level, t.inEea]).sort()).toEqual([
      [1, true],
      [2, true],
      [3, false],
    ]);
  });

  it('appears in the operator’s and the client’s views, the what-if with the contract affected, and the CSV', async () => {
    // The operator's view reads the outside-EEA index, where onward rows are written like direct ones.
    const operator = await api.call('GET', '/transfers?country=US&limit=5000', { key: api.adminKey });
    expect(operator.status).toBe(200);
    expect(operator.body.transfers.filter((t: { processorId: string }) => t.processorId === processor.id)).toEqual([
      expect.objectContaining({ path, level: 3 }),
    ]);

    const whatIf = await api.call('GET', `/clients/${client.id}/transfers?withoutAdequacy=US`, { key: client.apiKey });
    expect(whatIf.status).toBe(200);
    expect(whatIf.body.transfers).toEqual([
      expect.objectContaining({ path, level: 3, affectedContracts: [{ contractId, clientId: client.id }] }),
    ]);

    const csv = await api.call('GET', `/processors/${processor.id}/transfers?format=csv`, { key: processor.apiKey });
    expect(csv.status).toBe(200);
    const rows = parse(csv.body as string, { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => [r.subprocessorName, r.path, r.level, r.countryCode])).toEqual([
      ['Google LLC', path.join(' → '), '3', 'US'],
    ]);

    const html = await api.call('GET', `/processors/${processor.id}/transfers?format=html`, { key: processor.apiKey });
    expect(html.body).toContain(path.join(' → '));
  });
});

describe('the largest list the API accepts, with chains', () => {
  /** `chains` chains four levels deep (every entry counted against the cap), purposes of `purpose` characters. */
  const chains = (purpose: number) =>
    Array.from({ length: MAX_LIST_ENTRIES / 4 }, (_, c) => {
      let entry: SubprocessorEntry | undefined;
      for (let level = 4; level >= 1; level -= 1) {
        entry = aUsEntry({
          id: `c${c}-l${level}`,
          name: `Vendor ${c} level ${level}`,
          purpose: 'p'.repeat(purpose),
          safeguard: { type: 'scc', module: 3, tiaReference: `TIA-${c}-${level}` },
          ...(entry !== undefined && { subprocessors: [entry] }),
        });
      }
      return entry as SubprocessorEntry;
    });
  const bytes = (list: unknown[]) => Buffer.byteLength(JSON.stringify({ subprocessors: list }));

  it('stores the most entries with the longest purposes the body cap lets through and reads it back equal', async () => {
    let purpose = 1;
    while (bytes(chains(purpose + 1)) <= MAX_BODY_BYTES) purpose += 1;
    const list = chains(purpose);
    expect(purpose).toBeGreaterThan(400);
    const processor = await organisation('processors', `Big Chains ${Date.now().toString(36)}`);
    expect((await put(processor, list)).status).toBe(200);
    const read = await api.call('GET', `/processors/${processor.id}/subprocessors`, { key: processor.apiKey });
    expect(read.body.version).toBe(1);
    expect(read.body.subprocessors).toEqual(list);

    await api.stack.settled();
    const transfers = await api.call('GET', `/processors/${processor.id}/transfers`, { key: processor.apiKey });
    expect(transfers.body.transfers).toHaveLength(MAX_LIST_ENTRIES);

    // The entry cap counts every level: one entry more is refused even in a small body.
    const oneMore = await put(processor, [...chains(1), aUsEntry({ id: 'one-more' })], '"1"');
    expect(oneMore.status).toBe(400);
    expect(oneMore.body.error.issues).toEqual([expect.objectContaining({ path: 'subprocessors', rule: 'too-big' })]);
  });
});

describe('a change too large to notify', () => {
  it('is refused with 413 naming the notice’s limit, and nothing is stored', async () => {
    // The largest list of 1,000-character purposes, then the same count of other entries: each list
    // fits its version item, but the notice would repeat every removed and every added entry.
    const entries = (prefix: string, count: number) =>
      Array.from({ length: count }, (_, i) =>
        anEntry({ id: `${prefix}-${i}`, name: `${prefix} vendor ${i}`, purpose: 'p'.repeat(1000) }),
      );
    let count = 1;
    while (Buffer.byteLength(JSON.stringify({ subprocessors: entries('a', count + 1) })) <= MAX_BODY_BYTES) count += 1;
    const processor = await organisation('processors', `Replace All ${Date.now().toString(36)}`);
    expect((await put(processor, entries('a', count))).status).toBe(200);

    const replaced = await put(processor, entries('b', count), '"1"');
    expect(replaced.status).toBe(413);
    expect(replaced.body.error.issues).toEqual([
      expect.objectContaining({ path: 'subprocessors', rule: 'stored-notice-size' }),
    ]);
    expect(replaced.body.error.message).toContain('at most 384 KB');

    // Half of it is a change the notice can hold.
    const half = Math.floor(count / 2);
    const stepped = await put(processor, [...entries('b', half), ...entries('a', count).slice(half)], '"1"');
    expect(stepped.status).toBe(200);
    await api.stack.settled();
    const history = await api.call('GET', `/processors/${processor.id}/versions`, { key: processor.apiKey });
    expect(history.body.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const notices = await api.call('GET', `/processors/${processor.id}/notices`, { key: processor.apiKey });
    expect(notices.body.notices.map((n: { version: number }) => n.version)).toEqual([2]);
  });
});
