import { createHash } from 'node:crypto';
import { type AttributeValue, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDynamoDbClient } from '../../infra/local/dynamodb-local.js';
import type { SubprocessorEntry } from '../../shared/domain/subprocessor.js';
import { MAX_BODY_BYTES } from '../../shared/http/api-schemas.js';
import { ROUTE_LIST } from '../../shared/wiring/routes.js';
import { anEntry, aUsEntry } from '../support/builders.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.stop();
});

/** Every item of this file's table, read through the stack's own DynamoDB endpoint. */
async function scanTable(): Promise<Record<string, unknown>[]> {
  const client = localDynamoDbClient(api.stack.dynamoDbEndpoint);
  const items: Record<string, unknown>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  try {
    do {
      const page = await client.send(
        new ScanCommand({ TableName: api.stack.tableName, ...(start !== undefined && { ExclusiveStartKey: start }) }),
      );
      items.push(...(page.Items ?? []).map((item) => unmarshall(item)));
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
  } finally {
    client.destroy();
  }
  return items;
}

async function newProcessor(name = 'Acme SaaS') {
  const created = await api.call('POST', '/processors', { key: api.adminKey, body: { name } });
  expect(created.status).toBe(201);
  return created.body as { id: string; apiKey: string };
}

async function newClient(name = 'Client Co') {
  const created = await api.call('POST', '/clients', { key: api.adminKey, body: { name } });
  expect(created.status).toBe(201);
  return created.body as { id: string; apiKey: string };
}

const putList = (
  processor: { id: string; apiKey: string },
  subprocessors: SubprocessorEntry[],
  ifMatch?: string,
  key = processor.apiKey,
) =>
  api.call('PUT', `/processors/${processor.id}/subprocessors`, {
    key,
    body: { subprocessors },
    ...(ifMatch !== undefined && { headers: { 'if-match': ifMatch } }),
  });

describe('health and OpenAPI', () => {
  it('answers /health', async () => {
    expect((await api.call('GET', '/health')).status).toBe(200);
  });

  it('serves OpenAPI 3.1 with every route of the route table', async () => {
    const { status, body } = await api.call('GET', '/openapi.json');
    expect(status).toBe(200);
    expect(body.openapi).toBe('3.1.0');
    for (const route of ROUTE_LIST)
      expect(body.paths[route.path][route.method.toLowerCase()].operationId).toBe(route.name);
    const put = body.paths['/processors/{id}/subprocessors'].put;
    expect(
      put.requestBody.content['application/json'].schema.properties.subprocessors.items.properties.safeguard,
    ).toBeDefined();
  });
});

describe('keys and tenants', () => {
  it('issues keys once and stores only their hashes', async () => {
    const keyItems = async () => (await scanTable()).filter((item) => String(item.pk).startsWith('APIKEY#'));
    const before = new Set((await keyItems()).map((item) => item.pk));

    const issued = [
      (await newProcessor()).apiKey,
      (await newProcessor('Other SaaS')).apiKey,
      (await newClient()).apiKey,
    ];
    expect(issued[0]).toMatch(/^spr_p_[A-Za-z0-9_-]{43}$/);
    expect(issued[2]).toMatch(/^spr_c_[A-Za-z0-9_-]{43}$/);

    // The key's secret part appears nowhere in the table, in any attribute of any item.
    const everything = JSON.stringify(await scanTable());
    for (const key of issued) expect(everything).not.toContain(key.slice(6));
    // Exactly one key item per issued key, under the SHA-256 (hex) of the whole key, and no other.
    const added = (await keyItems()).filter((item) => !before.has(item.pk)).map((item) => item.pk);
    const sha256 = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');
    expect(added.sort()).toEqual(issued.map((key) => `APIKEY#${sha256(key)}`).sort());
  });

  it('answers 401 to a missing or unknown key, 403 to the wrong kind of key', async () => {
    const processor = await newProcessor();
    expect((await api.call('POST', '/processors', { body: { name: 'x' } })).status).toBe(401);
    const unknown = await api.call('POST', '/processors', {
      key: 'spr_p_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      body: { name: 'x' },
    });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.message).toBe('Authorization: unknown API key');
    expect((await api.call('POST', '/processors', { key: processor.apiKey, body: { name: 'x' } })).status).toBe(403);
  });

  it("refuses vendor A's key on every vendor-B route and writes nothing", async () => {
    const a = await newProcessor('Vendor A');
    const b = await newProcessor('Vendor B');
    const client = await newClient();
    expect((await putList(b, [anEntry()])).status).toBe(200);

    const keyedRoutes = ROUTE_LIST.filter((route) => route.access === 'processor-owner');
    expect(keyedRoutes.length).toBeGreaterThan(0);
    for (const route of keyedRoutes) {
      const path = route.path.replace('{id}', b.id);
      const body =
        route.name === 'createContract'
          ? { clientId: client.id, notifyEmails: ['dpo@client.example'] }
          : { subprocessors: [aUsEntry()] };
      const response = await api.call(route.method, path, {
        key: a.apiKey,
        ...(route.method !== 'GET' && { body }),
        headers: { 'if-match': '"1"' },
      });
      expect(response.status, `${route.method} ${route.path}`).toBe(403);
      expect(JSON.stringify(response.body)).not.toContain('OVH');
    }
    const current = await api.call('GET', `/processors/${b.id}/subprocessors`);
    expect(current.body.version).toBe(1);
    expect(current.body.subprocessors).toEqual([anEntry()]);
    // B can still create the contract A was refused: nothing was half-written.
    expect(
      (
        await api.call('POST', `/processors/${b.id}/contracts`, {
          key: b.apiKey,
          body: { clientId: client.id, notifyEmails: ['dpo@client.example'] },
        })
      ).status,
    ).toBe(201);
  });

  it('refuses a client key on processor routes', async () => {
    const processor = await newProcessor();
    const client = await newClient();
    expect((await putList(processor, [anEntry()], undefined, client.apiKey)).status).toBe(403);
  });
});

describe('contracts', () => {
  it('creates one contract per processor and client', async () => {
    const processor = await newProcessor();
    const client = await newClient();
    const body = {
      clientId: client.id,
      notifyEmails: ['DPO@client.example', 'dpo@client.example'],
      noticePeriodDays: 30,
    };
    const first = await api.call('POST', `/processors/${processor.id}/contracts`, { key: processor.apiKey, body });
    expect(first.status).toBe(201);
    expect(first.body.id).toMatch(/^ctr_/);
    const again = await api.call('POST', `/processors/${processor.id}/contracts`, { key: processor.apiKey, body });
    expect(again.status).toBe(409);
  });

  it('answers an unknown client id as it answers an existing one, so ids cannot be probed (issue 11)', async () => {
    const processor = await newProcessor();
    const client = await newClient();
    const create = (clientId: string) =>
      api.call('POST', `/processors/${processor.id}/contracts`, {
        key: processor.apiKey,
        body: { clientId, notifyEmails: ['a@b.example'] },
      });
    const unknown = await create('cli_missing');
    const known = await create(client.id);
    expect([unknown.status, known.status]).toEqual([201, 201]);
    expect(Object.keys(unknown.body)).toEqual(Object.keys(known.body));
    for (const id of [unknown.body.id, known.body.id]) {
      const stored = await api.call('GET', `/processors/${processor.id}/contracts/${id}`, { key: processor.apiKey });
      expect(stored.body).toMatchObject({ state: 'active', confirmation: 'pending' });
    }
  });

  it('validates addresses and the notice period', async () => {
    const processor = await newProcessor();
    const client = await newClient();
    const response = await api.call('POST', `/processors/${processor.id}/contracts`, {
      key: processor.apiKey,
      body: { clientId: client.id, notifyEmails: ['not-an-address'], noticePeriodDays: 0 },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual([
      'noticePeriodDays',
      'notifyEmails[0]',
    ]);
  });
});

describe('publishing lists', () => {
  it('stores the first list as the baseline, then versions each change with its diff', async () => {
    const processor = await newProcessor();
    const client = await newClient();
    await api.call('POST', `/processors/${processor.id}/contracts`, {
      key: processor.apiKey,
      body: { clientId: client.id, notifyEmails: ['dpo@client.example'], noticePeriodDays: 30 },
    });

    const first = await putList(processor, [anEntry()]);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ version: 1, created: true, needsObjectionWindow: false });
    expect(first.body.effectiveAt).toBe(first.body.publishedAt);
    expect(first.headers.get('etag')).toBe('"1"');

    expect((await putList(processor, [anEntry(), aUsEntry()])).status).toBe(428);
    expect((await putList(processor, [anEntry(), aUsEntry()], '"7"')).status).toBe(412);

    const second = await putList(processor, [anEntry(), aUsEntry()], '"1"');
    expect(second.status).toBe(200);
    expect(second.body.version).toBe(2);
    expect(second.body.needsObjectionWindow).toBe(true);
    expect(second.body.changes.added).toEqual([
      expect.objectContaining({ name: aUsEntry().name, classification: 'objection-window' }),
    ]);
    const windowDays = (Date.parse(second.body.effectiveAt) - Date.parse(second.body.publishedAt)) / 86_400_000;
    expect(windowDays).toBe(30);

    const same = await putList(processor, [aUsEntry(), anEntry()], '"2"');
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({ version: 2, created: false });

    const removal = await putList(processor, [aUsEntry()], '"2"');
    expect(removal.body).toMatchObject({ version: 3, needsObjectionWindow: false });
    expect(removal.body.effectiveAt).toBe(removal.body.publishedAt);

    const current = await api.call('GET', `/processors/${processor.id}/subprocessors`);
    expect(current.body).toMatchObject({ version: 3, processorName: 'Acme SaaS', subprocessors: [aUsEntry()] });
    expect(current.headers.get('etag')).toBe('"3"');
    const old = await api.call('GET', `/processors/${processor.id}/subprocessors?version=1`);
    expect(old.body.subprocessors).toEqual([anEntry()]);
    expect(
      (await api.call('GET', `/processors/${processor.id}/subprocessors`, { headers: { 'if-none-match': '"3"' } }))
        .status,
    ).toBe(304);

    const history = await api.call('GET', `/processors/${processor.id}/versions?limit=2`);
    expect(history.body.versions.map((v: { version: number }) => v.version)).toEqual([3, 2]);
    expect(history.body.versions[0].subprocessors).toBeUndefined();
    const rest = await api.call(
      'GET',
      `/processors/${processor.id}/versions?limit=2&cursor=${history.body.nextCursor}`,
    );
    expect(rest.body.versions.map((v: { version: number }) => v.version)).toEqual([1]);
    expect(rest.body.nextCursor).toBeUndefined();
  });

  it('rejects an entry that breaks Chapter V with the entry, field and rule, and writes nothing', async () => {
    const processor = await newProcessor();
    await putList(processor, [anEntry()]);
    const response = await putList(
      processor,
      [
        anEntry(),
        anEntry({ name: 'Other', purpose: 'CRM' }),
        anEntry({ name: 'A' }),
        aUsEntry({ safeguard: { type: 'adequacy' } }),
      ],
      '"1"',
    );
    expect(response.status).toBe(400);
    expect(response.body.error.issues).toEqual([
      {
        path: 'subprocessors[3].safeguard.dpfCertified',
        rule: 'adequacy-scope',
        message:
          'subprocessors[3].safeguard: United States (EU-US Data Privacy Framework) adequacy covers only organisations certified on the Data Privacy Framework List; set dpfCertified or use scc',
      },
    ]);
    expect((await api.call('GET', `/processors/${processor.id}/subprocessors`)).body.version).toBe(1);
  });

  it('returns warnings to the vendor but not on the public page', async () => {
    const processor = await newProcessor();
    const response = await putList(processor, [aUsEntry({ safeguard: { type: 'scc', module: 3 } })]);
    expect(response.body.warnings.map((w: { rule: string }) => w.rule)).toEqual(['tia-recommended']);
    const page = await api.call('GET', `/processors/${processor.id}/subprocessors`);
    expect(page.body.warnings).toBeUndefined();
  });

  it('rejects two entries with the same identity', async () => {
    const processor = await newProcessor();
    const response = await putList(processor, [anEntry(), anEntry({ address: 'elsewhere' })]);
    expect(response.status).toBe(400);
    expect(response.body.error.issues[0]).toMatchObject({ path: 'subprocessors[1].name', rule: 'unique-entry' });
  });

  it('refuses an effectiveAt inside the notice period', async () => {
    const processor = await newProcessor();
    await putList(processor, [anEntry()]);
    const response = await api.call('PUT', `/processors/${processor.id}/subprocessors`, {
      key: processor.apiKey,
      headers: { 'if-match': '"1"' },
      body: { subprocessors: [anEntry(), aUsEntry()], effectiveAt: new Date(Date.now() + 86_400_000).toISOString() },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.issues[0].path).toBe('effectiveAt');
  });

  it('lets exactly one of 20 concurrent PUTs with the same If-Match win; the rest get 412', async () => {
    const processor = await newProcessor();
    await putList(processor, [anEntry()]);
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => putList(processor, [anEntry(), aUsEntry({ name: `Racer ${i}` })], '"1"')),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 412)).toHaveLength(19);
    const history = await api.call('GET', `/processors/${processor.id}/versions`);
    expect(history.body.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
  });
});

describe('bad input never writes and never answers 500', () => {
  let processor: { id: string; apiKey: string };

  beforeAll(async () => {
    processor = await newProcessor();
    await putList(processor, [anEntry()]);
  });

  const put = (options: { rawBody?: string; body?: unknown; headers?: Record<string, string> }) =>
    api.call('PUT', `/processors/${processor.id}/subprocessors`, {
      key: processor.apiKey,
      ...options,
      headers: { 'if-match': '"1"', ...options.headers },
    });

  it.each([
    ['malformed JSON', { rawBody: '{"subprocessors": [' }, 400, 'body'],
    ['an unknown top-level field', { body: { subprocessors: [], extra: 1 } }, 400, 'extra'],
    [
      'an unknown entry field',
      { body: { subprocessors: [{ ...anEntry(), colour: 'red' }] } },
      400,
      'subprocessors[0].colour',
    ],
    ['a wrong type', { body: { subprocessors: 'all of them' } }, 400, 'subprocessors'],
    [
      'an unknown safeguard',
      { body: { subprocessors: [anEntry({ safeguard: { type: 'vibes' } as never })] } },
      400,
      'subprocessors[0].safeguard.type',
    ],
    ['a bad country code', { body: { subprocessors: [anEntry({ country: 'EL' })] } }, 400, 'subprocessors[0].country'],
    [
      'an SCC module out of range',
      { body: { subprocessors: [aUsEntry({ safeguard: { type: 'scc', module: 5 } as never })] } },
      400,
      'subprocessors[0].safeguard.module',
    ],
    ['a bad If-Match', { body: { subprocessors: [] }, headers: { 'if-match': 'yesterday' } }, 400, 'If-Match'],
    [
      'a non-JSON content type',
      { rawBody: 'subprocessors=1', headers: { 'content-type': 'text/plain' } },
      415,
      undefined,
    ],
    [
      'an oversized body',
      { rawBody: JSON.stringify({ subprocessors: [], pad: 'x'.repeat(MAX_BODY_BYTES) }) },
      413,
      undefined,
    ],
  ] as const)('answers %s with %i', async (_label, options, status, path) => {
    const response = await put(options as never);
    expect(response.status).toBe(status);
    expect(response.body.error.message).toBeTypeOf('string');
    if (path !== undefined) expect(response.body.error.issues.map((i: { path: string }) => i.path)).toContain(path);
    const current = await api.call('GET', `/processors/${processor.id}/versions`);
    expect(current.body.versions).toHaveLength(1);
  });

  it('answers 404 for an unknown processor and version', async () => {
    expect((await api.call('GET', '/processors/prc_nobody/subprocessors')).status).toBe(404);
    expect((await api.call('GET', `/processors/${processor.id}/subprocessors?version=9`)).status).toBe(404);
    expect((await api.call('GET', `/processors/${processor.id}/subprocessors?version=abc`)).status).toBe(400);
  });
});
