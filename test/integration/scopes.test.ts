import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubprocessorEntry } from '../../shared/domain/subprocessor.js';
import { anEntry, aUsEntry } from '../support/builders.js';
import { emailsTo } from '../support/notice-fixtures.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.stop();
});

const ovh = anEntry({ id: 'ovh', scopes: ['eu-datacenter'] });
const sentry = aUsEntry({ id: 'sentry' });
const aws = aUsEntry({
  id: 'aws',
  name: 'Amazon Web Services, Inc.',
  address: '410 Terry Avenue North, Seattle, WA 98109, United States',
  purpose: 'Hosting (US datacenter)',
  scopes: ['us-datacenter'],
});

interface Setup {
  processor: { id: string; apiKey: string };
  eu: { id: string; apiKey: string; contractId: string; email: string };
  us: { id: string; apiKey: string; contractId: string; email: string };
}

async function aVendorWithTwoDatacenters(): Promise<Setup> {
  const tag = Date.now().toString(36);
  const processor = (await api.call('POST', '/processors', { key: api.adminKey, body: { name: `Hoster ${tag}` } }))
    .body;
  const client = async (scope: string) => {
    const created = (
      await api.call('POST', '/clients', { key: api.adminKey, body: { name: `Client ${scope} ${tag}` } })
    ).body;
    const email = `dpo-${scope}-${tag}@client.example`;
    const contract = await api.call('POST', `/processors/${processor.id}/contracts`, {
      key: processor.apiKey,
      body: { clientId: created.id, notifyEmails: [email], scopes: [scope] },
    });
    expect(contract.status).toBe(201);
    return { ...created, contractId: contract.body.id, email };
  };
  const eu = await client('eu-datacenter');
  const us = await client('us-datacenter');
  // Each client confirms its contract, so that its own views include it.
  for (const c of [eu, us]) {
    await api.call('POST', `/clients/${c.id}/contracts/${c.contractId}/confirm`, { key: c.apiKey });
  }
  const baseline = await put(processor, [ovh, sentry]);
  expect(baseline.status).toBe(200);
  return { processor, eu, us };
}

async function put(processor: Setup['processor'], list: SubprocessorEntry[], ifMatch?: string) {
  const response = await api.call('PUT', `/processors/${processor.id}/subprocessors`, {
    key: processor.apiKey,
    body: { subprocessors: list },
    ...(ifMatch !== undefined && { headers: { 'if-match': ifMatch } }),
  });
  await api.stack.settled();
  return response;
}

const names = (transfers: Array<{ subprocessorName: string }>) => transfers.map((t) => t.subprocessorName).sort();

describe('scopes: each contract hears of what concerns it', () => {
  it('notifies only the US contract of a US-datacenter change, and lists it only in that client’s transfers', async () => {
    const { processor, eu, us } = await aVendorWithTwoDatacenters();
    const changed = await put(processor, [ovh, sentry, aws], '"1"');
    expect(changed.status).toBe(200);
    const noticeId = changed.body.notice.id as string;

    const notice = await api.call('GET', `/notices/${noticeId}`, { key: processor.apiKey });
    expect(notice.body.contracts.map((c: { contractId: string }) => c.contractId)).toEqual([us.contractId]);
    expect(await emailsTo(api, eu.email)).toEqual([]);
    const [usEmail] = await emailsTo(api, us.email);
    expect(usEmail?.body.text).toContain('Amazon Web Services, Inc.');
    expect(usEmail?.body.text).not.toContain('OVH');

    const euTransfers = await api.call('GET', `/clients/${eu.id}/transfers?includeEea=true`, { key: eu.apiKey });
    expect(names(euTransfers.body.transfers)).toEqual(['Functional Software, Inc. (Sentry)', 'OVH SAS']);
    const usTransfers = await api.call('GET', `/clients/${us.id}/transfers?includeEea=true`, { key: us.apiKey });
    expect(names(usTransfers.body.transfers)).toEqual([
      'Amazon Web Services, Inc.',
      'Functional Software, Inc. (Sentry)',
    ]);

    // The processor sees every entry, with its scopes, and may filter by one.
    const mine = await api.call('GET', `/processors/${processor.id}/transfers?includeEea=true`, {
      key: processor.apiKey,
    });
    expect(
      mine.body.transfers.map((t: { subprocessorName: string; scopes: string[] }) => [t.subprocessorName, t.scopes]),
    ).toEqual(
      expect.arrayContaining([
        ['Amazon Web Services, Inc.', ['us-datacenter']],
        ['OVH SAS', ['eu-datacenter']],
        ['Functional Software, Inc. (Sentry)', []],
      ]),
    );
    const euOnly = await api.call('GET', `/processors/${processor.id}/transfers?includeEea=true&scope=eu-datacenter`, {
      key: processor.apiKey,
    });
    expect(names(euOnly.body.transfers)).toEqual(['Functional Software, Inc. (Sentry)', 'OVH SAS']);
  });

  it('makes an entry moving into a contract’s scope an addition for that contract only', async () => {
    const { processor, eu, us } = await aVendorWithTwoDatacenters();
    const widened = { ...ovh, scopes: ['eu-datacenter', 'us-datacenter'] };
    const changed = await put(processor, [widened, sentry], '"1"');
    const noticeId = changed.body.notice.id as string;

    const notice = await api.call('GET', `/notices/${noticeId}`, { key: processor.apiKey });
    expect(notice.body.contracts).toEqual([
      expect.objectContaining({ contractId: us.contractId, outcome: 'pending', delivery: 'sent' }),
    ]);
    expect(await emailsTo(api, eu.email)).toEqual([]);
    const evidence = await api.call('GET', `/notices/${noticeId}/evidence`, { key: us.apiKey });
    expect(evidence.status).toBe(200);
    expect(evidence.body.notice.changes.map((c: { change: string; name: string }) => [c.change, c.name])).toEqual([
      ['added', 'OVH SAS'],
    ]);
  });

  it('applies a PATCH of the scopes to later notices: a contract without scopes hears of everything', async () => {
    const { processor, eu } = await aVendorWithTwoDatacenters();
    const patched = await api.call('PATCH', `/processors/${processor.id}/contracts/${eu.contractId}`, {
      key: processor.apiKey,
      body: { scopes: null },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.scopes).toBeUndefined();
    const refused = await api.call('PATCH', `/processors/${processor.id}/contracts/${eu.contractId}`, {
      key: processor.apiKey,
      body: { scopes: ['US'] },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.issues[0].path).toBe('scopes[0]');

    const changed = await put(processor, [ovh, sentry, aws], '"1"');
    const notice = await api.call('GET', `/notices/${changed.body.notice.id}`, { key: processor.apiKey });
    expect(notice.body.contracts.map((c: { contractId: string }) => c.contractId)).toContain(eu.contractId);
    expect(await emailsTo(api, eu.email)).toHaveLength(1);
  });
});
