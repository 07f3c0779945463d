import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { localDynamoDbClient } from '../../infra/local/dynamodb-local.js';
import { keys } from '../../shared/adapters/dynamodb/keys.js';
import { REGISTRY_EVENT_SOURCE } from '../../shared/events/event-contract.js';
import { EVENT_BUS_NAME, WEBHOOK_QUEUE } from '../../shared/wiring/events.js';
import { anEntry, aUsEntry } from '../support/builders.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real HTTP receiver on loopback: answers each path from its script (then 204), and keeps every request. */
class Receiver {
  readonly received: Received[] = [];
  private readonly scripts = new Map<string, number[]>();
  private server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const path = request.url ?? '/';
        this.received.push({ path, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        response.writeHead(this.scripts.get(path)?.shift() ?? 204).end();
      });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
  answer(path: string, statuses: number[]): void {
    this.scripts.set(path, statuses);
  }
  at(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }
  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

let api: TestApi;
let db: DynamoDBDocumentClient;
const receiver = new Receiver();

beforeAll(async () => {
  api = await startTestApi();
  db = DynamoDBDocumentClient.from(localDynamoDbClient(api.stack.dynamoDbEndpoint));
  await receiver.start();
});
afterAll(async () => {
  db?.destroy();
  await receiver.stop();
  await api?.stop();
});

type Tenant = { id: string; apiKey: string };
const ALL_EVENTS = [
  'SubprocessorListChanged',
  'SubprocessorChangeEffective',
  'ObjectionRecorded',
  'ObjectionWindowClosed',
];

const newTenant = async (kind: 'processors' | 'clients'): Promise<Tenant> =>
  (await api.call('POST', `/${kind}`, { key: api.adminKey, body: { name: `Webhooks ${Math.random()}` } })).body;

async function register(kind: 'processors' | 'clients', tenant: Tenant, path: string, events = ALL_EVENTS) {
  const created = await api.call('POST', `/${kind}/${tenant.id}/webhooks`, {
    key: tenant.apiKey,
    body: { url: `${receiver.url}${path}`, events },
  });
  expect(created.status).toBe(201);
  return created.body as { id: string; url: string; events: string[]; createdAt: string; secret: string };
}

/** A contract its client has confirmed (the field of branch `contracts`, written as that branch stores it). */
async function confirmedContract(processor: Tenant, client: Tenant, confirmation = 'confirmed'): Promise<string> {
  const created = await api.call('POST', `/processors/${processor.id}/contracts`, {
    key: processor.apiKey,
    body: { clientId: client.id, notifyEmails: ['dpo@client.example'] },
  });
  expect(created.status).toBe(201);
  await db.send(
    new UpdateCommand({
      TableName: api.stack.tableName,
      Key: keys.contract(processor.id, created.body.id),
      UpdateExpression: 'SET confirmation = :c',
      ExpressionAttributeValues: { ':c': confirmation },
    }),
  );
  return created.body.id;
}

async function publishChange(processor: Tenant): Promise<void> {
  const put = (list: unknown[], ifMatch?: string) =>
    api.call('PUT', `/processors/${processor.id}/subprocessors`, {
      key: processor.apiKey,
      body: { subprocessors: list },
      ...(ifMatch !== undefined && { headers: { 'if-match': ifMatch } }),
    });
  expect((await put([anEntry()])).status).toBe(200);
  expect((await put([anEntry(), aUsEntry()], '"1"')).status).toBe(200);
}

/** Bounded poll: the outcome arrives through the stream, the bus and the queue. */
async function until<T>(read: () => T | Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    await api.stack.settled();
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The verifier refuses a timestamp 5 minutes off its clock: verify at the delivery's own time (the local clock may have moved). */
function verify(secret: string, received: Received): unknown {
  vi.useFakeTimers({ toFake: ['Date'] });
  try {
    vi.setSystemTime(Number(received.headers['webhook-timestamp']) * 1000);
    return new Webhook(secret).verify(received.body, received.headers as Record<string, string>);
  } finally {
    vi.useRealTimers();
  }
}

describe('webhooks on the local stack', () => {
  it('delivers SubprocessorListChanged to a registered endpoint with a signature the library verifies', async () => {
    const processor = await newTenant('processors');
    const endpoint = await register('processors', processor, '/p1');
    expect(endpoint).toEqual({
      id: expect.stringMatching(/^wh_/),
      url: `${receiver.url}/p1`,
      events: ALL_EVENTS,
      createdAt: expect.any(String),
      secret: expect.stringMatching(/^whsec_/),
    });
    await publishChange(processor);
    const [delivery] = await until(
      () => receiver.at('/p1'),
      (r) => r.length >= 1,
      'the delivery',
    );
    expect(receiver.at('/p1')).toHaveLength(1);
    expect(delivery?.headers['webhook-id']).toMatch(/^msg_/);
    expect(delivery?.headers['webhook-signature']).toMatch(/^v1,/);
    expect(verify(endpoint.secret, delivery as Received)).toEqual({
      type: 'SubprocessorListChanged',
      timestamp: expect.any(String),
      data: expect.objectContaining({ processorId: processor.id, version: 2, schemaVersion: 1 }),
    });
    expect(() =>
      new Webhook(`whsec_${Buffer.alloc(32).toString('base64')}`).verify(
        delivery?.body ?? '',
        delivery?.headers as Record<string, string>,
      ),
    ).toThrow();

    const log = await api.call('GET', `/processors/${processor.id}/webhooks/${endpoint.id}/deliveries`, {
      key: processor.apiKey,
    });
    expect(log.status).toBe(200);
    expect(log.body).toEqual({
      deliveries: [
        {
          messageId: delivery?.headers['webhook-id'],
          eventType: 'SubprocessorListChanged',
          attempt: 1,
          at: expect.any(String),
          outcome: 'delivered',
          statusCode: 204,
        },
      ],
    });
    // The listing never shows the secret; the table holds it (it signs) and one delivery record.
    const listed = await api.call('GET', `/processors/${processor.id}/webhooks`, { key: processor.apiKey });
    expect(listed.body).toEqual({
      webhooks: [
        { id: endpoint.id, url: endpoint.url, events: ALL_EVENTS, createdAt: endpoint.createdAt, status: 'enabled' },
      ],
    });
    expect(JSON.stringify(listed.body)).not.toContain(endpoint.secret);
    const stored = await db.send(
      new QueryCommand({
        TableName: api.stack.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :d)',
        ExpressionAttributeValues: { ':pk': keys.webhookPartition(endpoint.id), ':d': 'DELIVERY#' },
        ConsistentRead: true,
      }),
    );
    expect(stored.Items?.map((i) => [i.status, i.attempts])).toEqual([['delivered', 1]]);
  });

  it('retries a receiver that fails twice: it gets the event once more, accepted, with the same webhook-id', async () => {
    const processor = await newTenant('processors');
    const endpoint = await register('processors', processor, '/flaky', ['SubprocessorListChanged']);
    receiver.answer('/flaky', [500, 503]);
    await publishChange(processor);
    await until(
      () => receiver.at('/flaky'),
      (r) => r.length >= 1,
      'the first attempt',
    );
    // The next attempts wait 5 s, then 5 min on the local clock: move it instead of waiting.
    for (const expected of [2, 3]) {
      await api.call('POST', '/_local/clock', { key: api.adminKey, body: { advanceHours: 1 } });
      await until(
        () => receiver.at('/flaky'),
        (r) => r.length >= expected,
        `attempt ${expected}`,
      );
    }
    await api.stack.settled();
    const attempts = receiver.at('/flaky');
    expect(attempts).toHaveLength(3);
    expect(new Set(attempts.map((a) => a.headers['webhook-id'])).size).toBe(1);
    for (const attempt of attempts)
      expect(verify(endpoint.secret, attempt)).toMatchObject({ type: 'SubprocessorListChanged' });

    const log = await api.call('GET', `/processors/${processor.id}/webhooks/${endpoint.id}/deliveries?limit=2`, {
      key: processor.apiKey,
    });
    expect(
      log.body.deliveries.map((d: { attempt: number; outcome: string; statusCode: number }) => [
        d.attempt,
        d.outcome,
        d.statusCode,
      ]),
    ).toEqual([
      [3, 'delivered', 204],
      [2, 'failed', 503],
    ]);
    expect(log.body.deliveries[1].nextAttemptAt).toEqual(expect.any(String));
    const rest = await api.call(
      'GET',
      `/processors/${processor.id}/webhooks/${endpoint.id}/deliveries?limit=2&cursor=${log.body.nextCursor}`,
      { key: processor.apiKey },
    );
    expect(rest.body.deliveries.map((d: { attempt: number; statusCode: number }) => [d.attempt, d.statusCode])).toEqual(
      [[1, 500]],
    );
    expect(rest.body.nextCursor).toBeUndefined();
    const delivery = await db.send(
      new GetCommand({
        TableName: api.stack.tableName,
        Key: keys.webhookDelivery(endpoint.id, String(attempts[0]?.headers['webhook-id'])),
        ConsistentRead: true,
      }),
    );
    expect([delivery.Item?.status, delivery.Item?.attempts]).toEqual(['delivered', 3]);
    expect(api.stack.runtime.queues.get(WEBHOOK_QUEUE.deadLetterName)?.deadLetters).toHaveLength(0);
  });

  it('refuses at registration an endpoint on a private, link-local or mapped address, and http elsewhere than loopback', async () => {
    const client = await newTenant('clients');
    for (const url of [
      'https://10.0.0.1/hook',
      'https://169.254.169.254/latest/meta-data',
      'https://[::ffff:192.168.0.1]/hook',
      'https://[fd00:ec2::254]/',
      'http://100.64.0.1/hook',
    ]) {
      const refused = await api.call('POST', `/clients/${client.id}/webhooks`, {
        key: client.apiKey,
        body: { url, events: ['ObjectionRecorded'] },
      });
      expect(refused.status, url).toBe(400);
      expect(refused.body.error.issues).toEqual([
        expect.objectContaining({
          path: 'url',
          rule: 'public-address',
          message: expect.stringContaining('url: must not resolve'),
        }),
      ]);
    }
    const unknownEvent = await api.call('POST', `/clients/${client.id}/webhooks`, {
      key: client.apiKey,
      body: { url: `${receiver.url}/x`, events: ['SomethingElse'] },
    });
    expect(unknownEvent.status).toBe(400);
    expect(unknownEvent.body.error.issues[0].path).toBe('events[0]');
    const listed = await api.call('GET', `/clients/${client.id}/webhooks`, { key: client.apiKey });
    expect(listed.body).toEqual({ webhooks: [] });
  });

  it("never gives a client another client's event, nor any event of a contract it has not confirmed", async () => {
    const processor = await newTenant('processors');
    const [a, b, c] = [await newTenant('clients'), await newTenant('clients'), await newTenant('clients')];
    const contractA = await confirmedContract(processor, a);
    await confirmedContract(processor, b);
    await confirmedContract(processor, c, 'pending');
    await register('clients', a, '/a');
    await register('clients', b, '/b');
    await register('clients', c, '/c');
    await register('processors', processor, '/vendor');

    const decision = {
      schemaVersion: 1,
      noticeId: 'ntc_webhooks',
      processorId: processor.id,
      contractId: contractA,
      clientId: a.id,
      decision: 'object',
      grounds: 'Our own grounds',
      recordedAt: new Date().toISOString(),
    };
    const entry = {
      Source: REGISTRY_EVENT_SOURCE,
      DetailType: 'ObjectionRecorded',
      Detail: JSON.stringify(decision),
      EventBusName: EVENT_BUS_NAME,
    };
    // Twice: EventBridge delivers at least once; one delivery per event × endpoint all the same.
    api.stack.runtime.putEvents([entry, entry]);
    await until(
      () => [...receiver.at('/a'), ...receiver.at('/vendor')],
      (r) => r.length >= 2,
      'the decision',
    );
    await publishChange(processor);
    await until(
      () => receiver.at('/b'),
      (r) => r.length >= 1,
      'the list change',
    );
    await until(
      () => receiver.at('/a'),
      (r) => r.length >= 2,
      'the list change at a',
    );

    const types = (path: string) =>
      receiver
        .at(path)
        .map((r) => JSON.parse(r.body).type)
        .sort();
    expect(types('/a')).toEqual(['ObjectionRecorded', 'SubprocessorListChanged']);
    expect(types('/b')).toEqual(['SubprocessorListChanged']);
    expect(types('/c')).toEqual([]);
    expect(types('/vendor')).toEqual(['ObjectionRecorded', 'SubprocessorListChanged']);
    expect(
      JSON.parse(receiver.at('/a').find((r) => r.body.includes('ObjectionRecorded'))?.body ?? '{}').data,
    ).toMatchObject({
      clientId: a.id,
      grounds: 'Our own grounds',
    });
    expect(receiver.at('/b').some((r) => r.body.includes(a.id))).toBe(false);
  });

  it('dead-letters a delivery after 8 failed attempts over more than a day and disables the endpoint', async () => {
    const processor = await newTenant('processors');
    const endpoint = await register('processors', processor, '/down', [
      'SubprocessorListChanged',
      'SubprocessorChangeEffective',
    ]);
    receiver.answer(
      '/down',
      Array.from({ length: 20 }, () => 500),
    );
    await publishChange(processor);
    await until(
      () => receiver.at('/down'),
      (r) => r.length >= 1,
      'the first attempt',
    );
    for (let expected = 2; expected <= 8; expected++) {
      // The longest wait is 10 h: 11 h on the local clock always makes the next attempt due.
      await api.call('POST', '/_local/clock', { key: api.adminKey, body: { advanceHours: 11 } });
      await until(
        () => receiver.at('/down'),
        (r) => r.length >= expected,
        `attempt ${expected}`,
      );
    }
    await api.call('POST', '/_local/clock', { key: api.adminKey, body: { advanceHours: 11 } });
    await api.stack.settled();
    expect(receiver.at('/down')).toHaveLength(8);
    const deadLetters = api.stack.runtime.queues.get(WEBHOOK_QUEUE.deadLetterName)?.deadLetters ?? [];
    expect(deadLetters.map((m) => JSON.parse(m.body))).toEqual([
      expect.objectContaining({ webhookId: endpoint.id, attempt: 8 }),
    ]);
    const shown = await api.call('GET', `/processors/${processor.id}/webhooks/${endpoint.id}`, {
      key: processor.apiKey,
    });
    expect(shown.body).toMatchObject({ status: 'disabled', disabledAt: expect.any(String) });
    const log = await api.call('GET', `/processors/${processor.id}/webhooks/${endpoint.id}/deliveries`, {
      key: processor.apiKey,
    });
    expect(log.body.deliveries).toHaveLength(8);
    expect(log.body.deliveries[0]).toMatchObject({ attempt: 8, outcome: 'failed', statusCode: 500 });
    expect(log.body.deliveries[0].nextAttemptAt).toBeUndefined();
    const first = Date.parse(log.body.deliveries[7].at);
    const last = Date.parse(log.body.deliveries[0].at);
    expect(last - first).toBeGreaterThan(24 * 3_600_000);
    // Disabled: the next change reaches it no more.
    expect(
      (
        await api.call('PUT', `/processors/${processor.id}/subprocessors`, {
          key: processor.apiKey,
          body: { subprocessors: [aUsEntry()] },
          headers: { 'if-match': '"2"' },
        })
      ).status,
    ).toBe(200);
    await api.stack.settled();
    expect(receiver.at('/down')).toHaveLength(8);
  });

  it('holds a tenant to 10 endpoints, counted on its profile, and frees a place on delete', async () => {
    const client = await newTenant('clients');
    const created = [];
    for (let i = 0; i < 10; i++) created.push(await register('clients', client, `/many-${i}`, ['ObjectionRecorded']));
    const body = { url: `${receiver.url}/one-more`, events: ['ObjectionRecorded'] };
    const full = await api.call('POST', `/clients/${client.id}/webhooks`, { key: client.apiKey, body });
    expect(full.status).toBe(409);
    expect(full.body.error.message).toContain('10 webhooks');
    const profile = () =>
      db.send(
        new GetCommand({
          TableName: api.stack.tableName,
          Key: keys.tenantProfile({ type: 'client', id: client.id }),
          ConsistentRead: true,
        }),
      );
    expect((await profile()).Item?.webhookCount).toBe(10);
    expect(
      (await api.call('DELETE', `/clients/${client.id}/webhooks/${created[0]?.id}`, { key: client.apiKey })).status,
    ).toBe(204);
    expect((await api.call('POST', `/clients/${client.id}/webhooks`, { key: client.apiKey, body })).status).toBe(201);
    expect((await profile()).Item?.webhookCount).toBe(10);
    const unknown = await api.call('POST', '/clients/cli_unknown/webhooks', { key: api.adminKey, body });
    expect(unknown.status).toBe(404);
  });

  describe('access: only the owner (or the admin) on every route', () => {
    it.each(['processors', 'clients'] as const)('%s', async (kind) => {
      const owner = await newTenant(kind);
      const other = await newTenant(kind);
      const otherKind = await newTenant(kind === 'processors' ? 'clients' : 'processors');
      const endpoint = await register(kind, owner, `/owned-${kind}`);
      const otherEndpoint = await register(kind, other, `/other-${kind}`);
      const base = `/${kind}/${owner.id}/webhooks`;
      const routes: Array<[string, string, unknown?]> = [
        ['POST', base, { url: `${receiver.url}/intruder`, events: ['ObjectionRecorded'] }],
        ['GET', base],
        ['GET', `${base}/${endpoint.id}`],
        ['GET', `${base}/${endpoint.id}/deliveries`],
        ['DELETE', `${base}/${endpoint.id}`],
      ];
      for (const [method, path, body] of routes) {
        for (const intruder of [other, otherKind]) {
          const answer = await api.call(method, path, { key: intruder.apiKey, ...(body !== undefined && { body }) });
          expect(answer.status, `${method} ${path}`).toBe(403);
          expect(JSON.stringify(answer.body)).not.toContain(endpoint.id);
        }
      }
      // Another tenant's endpoint under one's own path: 404, nothing of it shown.
      for (const [method, suffix] of [
        ['GET', ''],
        ['GET', '/deliveries'],
        ['DELETE', ''],
      ] as const) {
        const answer = await api.call(method, `${base}/${otherEndpoint.id}${suffix}`, { key: owner.apiKey });
        expect(answer.status, `${method} ${suffix}`).toBe(404);
        expect(JSON.stringify(answer.body)).not.toContain(otherEndpoint.url);
      }
      // The admin may read; the owner deletes: gone from the listing and 404 after.
      expect((await api.call('GET', `${base}/${endpoint.id}`, { key: api.adminKey })).status).toBe(200);
      expect((await api.call('DELETE', `${base}/${endpoint.id}`, { key: owner.apiKey })).status).toBe(204);
      expect((await api.call('GET', `${base}/${endpoint.id}`, { key: owner.apiKey })).status).toBe(404);
      expect((await api.call('DELETE', `${base}/${endpoint.id}`, { key: owner.apiKey })).status).toBe(404);
      expect((await api.call('GET', base, { key: owner.apiKey })).body).toEqual({ webhooks: [] });
      const profile = await db.send(
        new GetCommand({
          TableName: api.stack.tableName,
          Key: keys.tenantProfile({ type: kind === 'processors' ? 'processor' : 'client', id: owner.id }),
          ConsistentRead: true,
        }),
      );
      expect(profile.Item?.webhookCount).toBe(0);
    });
  });
});
