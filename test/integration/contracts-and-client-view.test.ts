import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../shared/adapters/aws-clients.js';
import { keys } from '../../shared/adapters/dynamodb/keys.js';
import { ROUTE_LIST } from '../../shared/wiring/routes.js';
import { anEntry, aUsEntry } from '../support/builders.js';
import {
  aVendorWithClients,
  emailsTo,
  inbox,
  objectionLink,
  publishAddition,
  type Vendor,
} from '../support/notice-fixtures.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.stop();
});

type Org = { id: string; apiKey: string };

async function organisation(kind: 'processors' | 'clients', name: string): Promise<Org> {
  const created = await api.call('POST', `/${kind}`, { key: api.adminKey, body: { name } });
  expect(created.status).toBe(201);
  return created.body;
}

/** A contract recorded by the processor alone: the client has not confirmed it. */
async function bind(processor: Org, clientId: string, email: string): Promise<string> {
  const created = await api.call('POST', `/processors/${processor.id}/contracts`, {
    key: processor.apiKey,
    body: { clientId, notifyEmails: [email], noticePeriodDays: 15 },
  });
  expect(created.status).toBe(201);
  return created.body.id;
}

async function storedRecipient(noticeId: string, contractId: string) {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: api.stack.tableName, Key: keys.recipient(noticeId, contractId), ConsistentRead: true }),
  );
  return Item;
}

async function storedContract(processorId: string, contractId: string) {
  const { Item } = await documentClient.send(
    new GetCommand({
      TableName: api.stack.tableName,
      Key: keys.contract(processorId, contractId),
      ConsistentRead: true,
    }),
  );
  return Item;
}

const clientNotices = (client: Org, query = '') =>
  api.call('GET', `/clients/${client.id}/notices${query}`, { key: client.apiKey });
const clientTransfers = (client: Org) =>
  api.call('GET', `/clients/${client.id}/transfers?includeEea=true`, { key: client.apiKey });

describe('a contract that ends (issue 11, item 2)', () => {
  it('gets no later notice while the active one does; listed by state; ended twice → 409; no PATCH', async () => {
    const vendor = await aVendorWithClients(api, 2);
    const [active, leaving] = vendor.clients as [Vendor['clients'][0], Vendor['clients'][0]];
    const end = (body: unknown) =>
      api.call('POST', `/processors/${vendor.processor.id}/contracts/${leaving.contractId}/end`, {
        key: vendor.processor.apiKey,
        body,
      });

    const tooEarly = await end({ endedAt: '2020-01-01T00:00:00Z' });
    expect(tooEarly.status).toBe(400);
    expect(tooEarly.body.error.issues).toEqual([
      expect.objectContaining({ path: 'endedAt', rule: 'not-before-creation' }),
    ]);
    // Far enough ahead that the stack's clock, moved forward by other tests of this file, is still before it.
    const future = await end({ endedAt: new Date(Date.now() + 400 * 86_400_000).toISOString() });
    expect(future.status).toBe(400);
    expect(future.body.error.issues).toEqual([expect.objectContaining({ path: 'endedAt', rule: 'not-in-future' })]);
    expect((await storedContract(vendor.processor.id, leaving.contractId))?.endedAt).toBeUndefined();

    const ended = await end({});
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ id: leaving.contractId, state: 'ended', confirmation: 'confirmed' });
    expect((await storedContract(vendor.processor.id, leaving.contractId))?.endedAt).toBe(ended.body.endedAt);
    const twice = await end({});
    expect(twice.status).toBe(409);
    expect((await storedContract(vendor.processor.id, leaving.contractId))?.endedAt).toBe(ended.body.endedAt);
    const patch = await api.call('PATCH', `/processors/${vendor.processor.id}/contracts/${leaving.contractId}`, {
      key: vendor.processor.apiKey,
      body: { reference: 'DPA-late' },
    });
    expect(patch.status).toBe(409);
    expect((await storedContract(vendor.processor.id, leaving.contractId))?.reference).toBeUndefined();

    const list = (query: string) =>
      api.call('GET', `/processors/${vendor.processor.id}/contracts${query}`, { key: vendor.processor.apiKey });
    expect((await list('')).body.contracts.map((c: { id: string }) => c.id).sort()).toEqual(
      [active.contractId, leaving.contractId].sort(),
    );
    expect((await list('?state=active')).body.contracts.map((c: { id: string }) => c.id)).toEqual([active.contractId]);
    expect((await list('?state=ended')).body.contracts.map((c: { id: string }) => c.id)).toEqual([leaving.contractId]);
    expect((await list('?state=gone')).status).toBe(400);
    // A page at a time, through the cursor, every contract once.
    const firstPage = await list('?limit=1');
    expect(firstPage.body.contracts).toHaveLength(1);
    const secondPage = await list(`?limit=1&cursor=${firstPage.body.nextCursor}`);
    expect([...firstPage.body.contracts, ...secondPage.body.contracts].map((c: { id: string }) => c.id).sort()).toEqual(
      [active.contractId, leaving.contractId].sort(),
    );

    // The former client no longer sees the vendor's transfers; the current one does.
    expect((await clientTransfers(active)).body.transfers).toHaveLength(1);
    expect((await clientTransfers(leaving)).body.transfers).toEqual([]);

    const put = await publishAddition(api, vendor);
    // An ended contract is not affected if the US adequacy decision fell.
    const whatIf = await api.call('GET', `/processors/${vendor.processor.id}/transfers?withoutAdequacy=US`, {
      key: vendor.processor.apiKey,
    });
    expect(whatIf.body.transfers.map((t: { affectedContracts: unknown }) => t.affectedContracts)).toEqual([
      [{ contractId: active.contractId, clientId: active.id }],
    ]);
    expect((await emailsTo(api, active.email)).map((e) => e.subject)).toHaveLength(1);
    expect(await emailsTo(api, leaving.email)).toEqual([]);
    const notice = await api.call('GET', `/notices/${put.notice.id}`, { key: vendor.processor.apiKey });
    expect(notice.body.contracts.map((c: { contractId: string }) => c.contractId)).toEqual([active.contractId]);
    expect(await storedRecipient(put.notice.id, leaving.contractId)).toBeUndefined();
  });

  it('keeps its open window, which closes as usual, with its evidence; the pair takes a new contract', async () => {
    const vendor = await aVendorWithClients(api, 1);
    const [client] = vendor.clients as [Vendor['clients'][0]];
    const put = await publishAddition(api, vendor);
    const create = () =>
      api.call('POST', `/processors/${vendor.processor.id}/contracts`, {
        key: vendor.processor.apiKey,
        body: { clientId: client.id, notifyEmails: ['new-dpo@client.example'] },
      });
    expect((await create()).status).toBe(409);

    const ended = await api.call('POST', `/processors/${vendor.processor.id}/contracts/${client.contractId}/end`, {
      key: vendor.processor.apiKey,
      body: {},
    });
    expect(ended.status).toBe(200);
    const renewed = await create();
    expect(renewed.status).toBe(201);
    expect((await create()).status).toBe(409);

    await api.call('POST', '/_local/clock', { key: api.adminKey, body: { advanceDays: 16 } });
    const notice = await api.call('GET', `/notices/${put.notice.id}`, { key: vendor.processor.apiKey });
    expect(notice.body.state).toBe('closed');
    expect(notice.body.contracts).toEqual([
      expect.objectContaining({ contractId: client.contractId, outcome: 'implied-consent' }),
    ]);
    const evidence = await api.call('GET', `/notices/${put.notice.id}/evidence`, { key: client.apiKey });
    expect(evidence.status).toBe(200);
    expect(evidence.body.contracts.map((c: { contractId: string }) => c.contractId)).toEqual([client.contractId]);
    const contracts = await api.call('GET', `/processors/${vendor.processor.id}/contracts`, {
      key: vendor.processor.apiKey,
    });
    expect(
      contracts.body.contracts
        .map((c: { id: string; state: string }) => [c.id, c.state])
        .sort((a: string[], b: string[]) => (a[1] as string).localeCompare(b[1] as string)),
    ).toEqual([
      [renewed.body.id, 'active'],
      [client.contractId, 'ended'],
    ]);
  });
});

describe("the client's consent to the link (issue 11, item 3)", () => {
  it('notifies a pending or disputed contract but keeps it out of the client’s transfers, notices and evidence', async () => {
    const vendor = await aVendorWithClients(api, 0);
    const client = await organisation('clients', 'Unconfirmed Client');
    const email = `dpo-${client.id.toLowerCase()}@client.example`;
    const contractId = await bind(vendor.processor, client.id, email);

    const mine = await api.call('GET', `/clients/${client.id}/contracts`, { key: client.apiKey });
    expect(mine.body.contracts).toEqual([
      expect.objectContaining({ id: contractId, processorId: vendor.processor.id, confirmation: 'pending' }),
    ]);
    expect(mine.body.contracts[0].processorName).toMatch(/^Vendor /);
    const seen = await api.call('GET', `/processors/${vendor.processor.id}/contracts/${contractId}`, {
      key: vendor.processor.apiKey,
    });
    expect(seen.body.confirmation).toBe('pending');

    const put = await publishAddition(api, vendor);
    expect(await emailsTo(api, email)).toHaveLength(1);
    expect((await clientNotices(client)).body).toEqual({ notices: [] });
    expect((await clientTransfers(client)).body.transfers).toEqual([]);
    expect((await api.call('GET', `/notices/${put.notice.id}/evidence`, { key: client.apiKey })).status).toBe(404);

    const confirmed = await api.call('POST', `/clients/${client.id}/contracts/${contractId}/confirm`, {
      key: client.apiKey,
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({
      confirmation: 'confirmed',
      confirmationHistory: [{ confirmation: 'confirmed' }],
    });
    expect((await clientNotices(client)).body.notices.map((n: { noticeId: string }) => n.noticeId)).toEqual([
      put.notice.id,
    ]);
    expect((await clientTransfers(client)).body.transfers).toHaveLength(2);
    expect((await api.call('GET', `/notices/${put.notice.id}/evidence`, { key: client.apiKey })).status).toBe(200);

    const disputed = await api.call('POST', `/clients/${client.id}/contracts/${contractId}/dispute`, {
      key: client.apiKey,
    });
    expect(disputed.body.confirmation).toBe('disputed');
    expect((await clientNotices(client)).body.notices).toEqual([]);
    expect((await clientTransfers(client)).body.transfers).toEqual([]);
    const stored = await storedContract(vendor.processor.id, contractId);
    // Each change with its time and the id of the client's key that made it.
    const [clientKey] = (await api.call('GET', `/clients/${client.id}/keys`, { key: client.apiKey })).body.keys;
    expect(stored?.confirmationHistory).toEqual([
      { confirmation: 'confirmed', at: confirmed.body.confirmationChangedAt, apiKeyId: clientKey.id },
      { confirmation: 'disputed', at: disputed.body.confirmationChangedAt, apiKeyId: clientKey.id },
    ]);
    // Disputing again records nothing new.
    await api.call('POST', `/clients/${client.id}/contracts/${contractId}/dispute`, { key: client.apiKey });
    expect((await storedContract(vendor.processor.id, contractId))?.confirmationHistory).toHaveLength(2);
  });

  it('keeps a processor that binds itself to another tenant’s client out of that client’s transfers', async () => {
    const vendor = await aVendorWithClients(api, 1);
    const [victim] = vendor.clients as [Vendor['clients'][0]];
    const victimOrg = { id: victim.id, apiKey: victim.apiKey };
    const rogue = await organisation('processors', 'Rogue Data Ltd');
    await bind(rogue, victim.id, 'rogue@rogue.example');
    const cn = anEntry({
      id: 'cn-store',
      name: 'Rogue Storage Shenzhen',
      address: '1 Keyuan Road, Shenzhen, China',
      country: 'CN',
      purpose: 'Storage',
      safeguard: { type: 'derogation', article49Point: 'a' },
    });
    const put = await api.call('PUT', `/processors/${rogue.id}/subprocessors`, {
      key: rogue.apiKey,
      body: { subprocessors: [cn] },
    });
    expect(put.status).toBe(200);
    await api.stack.settled();

    const transfers = (await clientTransfers(victimOrg)).body.transfers;
    expect(transfers.map((t: { processorId: string }) => t.processorId)).toEqual([vendor.processor.id]);
    expect(JSON.stringify(transfers)).not.toContain('Rogue');
    const contracts = await api.call('GET', `/clients/${victim.id}/contracts`, { key: victim.apiKey });
    expect(
      contracts.body.contracts
        .map((c: { processorName: string; confirmation: string }) => [c.processorName, c.confirmation])
        .sort(),
    ).toEqual(
      [
        ['Rogue Data Ltd', 'pending'],
        [expect.stringMatching(/^Vendor /), 'confirmed'],
      ].sort(),
    );
  });
});

describe("the client's own view (issue 11, item 4)", () => {
  it('lists open windows newest first, pages them, and records an objection through the API once', async () => {
    const vendor = await aVendorWithClients(api, 1);
    await api.call('PATCH', `/processors/${vendor.processor.id}`, {
      key: vendor.processor.apiKey,
      body: { contactEmail: `vendor-${vendor.processor.id.toLowerCase()}@vendor.example` },
    });
    const [client] = vendor.clients as [Vendor['clients'][0]];
    const org = { id: client.id, apiKey: client.apiKey };
    const first = await publishAddition(api, vendor);
    const second = await api.call('PUT', `/processors/${vendor.processor.id}/subprocessors`, {
      key: vendor.processor.apiKey,
      headers: { 'if-match': '"2"' },
      body: { subprocessors: [anEntry(), aUsEntry(), aUsEntry({ id: 'crm', name: 'CRM Inc.', purpose: 'CRM' })] },
    });
    expect(second.status).toBe(200);
    await api.stack.settled();

    const open = await clientNotices(org, '?open=true&limit=1');
    expect(open.body.notices.map((n: { noticeId: string }) => n.noticeId)).toEqual([second.body.notice.id]);
    expect(open.body.notices[0]).toMatchObject({
      processor: { id: vendor.processor.id },
      windowState: 'open',
      delivery: 'sent',
      decision: null,
      outcome: 'pending',
    });
    expect(typeof open.body.notices[0].closesAt).toBe('string');
    const next = await clientNotices(org, `?open=true&limit=1&cursor=${open.body.nextCursor}`);
    expect(next.body.notices.map((n: { noticeId: string }) => n.noticeId)).toEqual([first.notice.id]);

    const decide = (body: unknown) =>
      api.call('POST', `/clients/${client.id}/notices/${first.notice.id}/decision`, { key: client.apiKey, body });
    expect((await decide({ decision: 'maybe' })).status).toBe(400);
    const recorded = await decide({ decision: 'object', grounds: 'No US transfers' });
    expect(recorded.status).toBe(201);
    expect(recorded.body).toMatchObject({
      contractId: client.contractId,
      decision: { decision: 'object', grounds: 'No US transfers', channel: 'api' },
    });
    expect((await decide({ decision: 'object', grounds: 'No US transfers' })).status).toBe(200);
    expect((await decide({ decision: 'approve' })).status).toBe(409);
    const stored = await storedRecipient(first.notice.id, client.contractId);
    expect(stored?.decision).toEqual({
      decision: 'object',
      grounds: 'No US transfers',
      at: recorded.body.decision.at,
      channel: 'api',
      principal: { type: 'client', id: client.id },
      // The client's key that decided (its id, as GET /clients/{id}/keys lists it).
      apiKeyId: expect.stringMatching(/^key_/),
    });
    await api.stack.settled();
    // The confirmation to the client's addresses and the vendor's alert follow, as for the form.
    expect((await emailsTo(api, client.email)).filter((e) => e.subject.includes('objected to'))).toHaveLength(1);
    expect(await emailsTo(api, `vendor-${vendor.processor.id.toLowerCase()}@vendor.example`)).toHaveLength(1);
    // The evidence pack shows the decision as stored, channel and principal included.
    const evidence = await api.call('GET', `/notices/${first.notice.id}/evidence`, { key: client.apiKey });
    expect(evidence.body.contracts[0].decision).toEqual(stored?.decision);
    const listed = await clientNotices(org);
    expect(listed.body.notices.map((n: { decision: unknown }) => n.decision)).toEqual([
      null,
      expect.objectContaining({ decision: 'object', channel: 'api' }),
    ]);

    await api.call('POST', '/_local/clock', { key: api.adminKey, body: { advanceDays: 16 } });
    expect((await clientNotices(org, '?open=true')).body.notices).toEqual([]);
    const late = await api.call('POST', `/clients/${client.id}/notices/${second.body.notice.id}/decision`, {
      key: client.apiKey,
      body: { decision: 'object' },
    });
    expect(late.status).toBe(409);
    expect(await storedRecipient(second.body.notice.id, client.contractId)).not.toHaveProperty('decision');
  });

  it('stores exactly one decision when the API and the form race', async () => {
    const ROUNDS = 3;
    const winners = { api: 0, form: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      const vendor = await aVendorWithClients(api, 1);
      const [client] = vendor.clients as [Vendor['clients'][0]];
      const put = await publishAddition(api, vendor);
      const [email] = await emailsTo(api, client.email);
      if (email === undefined) throw new Error('no e-mail');
      const ownHost = new URL(api.stack.apiUrl).host;
      const [form, viaApi] = await Promise.all([
        api.call('POST', objectionLink(email), {
          rawBody: new URLSearchParams({ decision: 'approve' }).toString(),
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            origin: `http://${ownHost}`,
            'sec-fetch-site': 'same-origin',
          },
        }),
        api.call('POST', `/clients/${client.id}/notices/${put.notice.id}/decision`, {
          key: client.apiKey,
          body: { decision: 'object' },
        }),
      ]);
      const stored = (await storedRecipient(put.notice.id, client.contractId))?.decision;
      expect(form.status).toBe(200);
      if (viaApi.status === 201) {
        winners.api += 1;
        expect(stored).toMatchObject({ decision: 'object', channel: 'api' });
        expect(form.body).toContain('Your objection was already recorded');
      } else {
        winners.form += 1;
        expect(viaApi.status).toBe(409);
        expect(form.body).toContain('Your approval is recorded');
        expect(stored).toMatchObject({ decision: 'approve', userAgent: expect.any(String) });
        expect(stored).not.toHaveProperty('channel');
      }
    }
    expect(winners.api + winners.form).toBe(ROUNDS);
  });
});

describe('cross-tenant: every new route with another tenant’s key', () => {
  it('answers 403 to a foreign key and 404 to a foreign id under one’s own key, with no foreign data', async () => {
    const vendor = await aVendorWithClients(api, 1);
    const other = await aVendorWithClients(api, 1);
    const [client] = vendor.clients as [Vendor['clients'][0]];
    const [otherClient] = other.clients as [Vendor['clients'][0]];
    const put = await publishAddition(api, vendor);
    const newRoutes = [
      'listContracts',
      'getContract',
      'endContract',
      'listClientContracts',
      'confirmContract',
      'disputeContract',
      'listClientNotices',
      'recordClientDecision',
    ];
    const routes = ROUTE_LIST.filter((route) => newRoutes.includes(route.name));
    expect(routes).toHaveLength(newRoutes.length);
    const pathOf = (path: string, owner: string) =>
      path.replace('{id}', owner).replace('{contractId}', client.contractId).replace('{noticeId}', put.notice.id);
    const bodyOf = (name: string) =>
      name === 'recordClientDecision' ? { decision: 'object' } : name === 'endContract' ? {} : undefined;

    for (const route of routes) {
      const ownerId = route.access === 'client-owner' ? client.id : vendor.processor.id;
      const foreignKeys = [other.processor.apiKey, otherClient.apiKey];
      for (const key of foreignKeys) {
        const body = bodyOf(route.name);
        const response = await api.call(route.method, pathOf(route.path, ownerId), {
          key,
          ...(body !== undefined && { body }),
        });
        expect(response.status, `${route.method} ${route.path}`).toBe(403);
        expect(JSON.stringify(response.body)).not.toContain(client.contractId);
      }
    }
    // Under its own key and path, another tenant's contract or notice is simply not found.
    const foreignIds = [
      ['GET', `/processors/${other.processor.id}/contracts/${client.contractId}`, other.processor.apiKey],
      ['POST', `/processors/${other.processor.id}/contracts/${client.contractId}/end`, other.processor.apiKey, {}],
      ['POST', `/clients/${otherClient.id}/contracts/${client.contractId}/confirm`, otherClient.apiKey],
      ['POST', `/clients/${otherClient.id}/contracts/${client.contractId}/dispute`, otherClient.apiKey],
      ['POST', `/clients/${otherClient.id}/contracts/ctr_doesnotexist/confirm`, otherClient.apiKey],
      [
        'POST',
        `/clients/${otherClient.id}/notices/${put.notice.id}/decision`,
        otherClient.apiKey,
        { decision: 'object' },
      ],
    ] as const;
    const messages: string[] = [];
    for (const [method, path, key, body] of foreignIds) {
      const response = await api.call(method, path, { key, ...(body !== undefined && { body }) });
      expect(response.status, `${method} ${path}`).toBe(404);
      messages.push(response.body.error.message.replace(/ctr_[A-Za-z0-9_-]+/, 'ctr'));
    }
    // An unknown contract id and a foreign one get the same answer.
    expect(messages[2]).toBe(messages[4]);
    const listed = await api.call('GET', `/clients/${otherClient.id}/contracts`, { key: otherClient.apiKey });
    expect(listed.body.contracts.map((c: { id: string }) => c.id)).toEqual([otherClient.contractId]);
    const notices = await api.call('GET', `/clients/${otherClient.id}/notices`, { key: otherClient.apiKey });
    expect(notices.body.notices).toEqual([]);
    const mine = await storedContract(vendor.processor.id, client.contractId);
    expect(mine).toMatchObject({ confirmation: 'confirmed' });
    expect(mine).not.toHaveProperty('endedAt');
    expect(await storedRecipient(put.notice.id, client.contractId)).not.toHaveProperty('decision');
    expect((await inbox(api)).length).toBeGreaterThan(0);
  });
});
