import { Webhook } from 'standardwebhooks';
import { describe, expect, it, vi } from 'vitest';
import type { Contract } from '../../shared/domain/registry-entities.js';
import {
  MAX_ATTEMPTS,
  RETRY_DELAYS_SECONDS,
  retryDelaySeconds,
  type WebhookEndpoint,
  type WebhookJob,
  webhookMessageId,
} from '../../shared/domain/webhook.js';
import { attemptWebhookDelivery } from '../../shared/domain/webhook-attempt.js';
import { webhookEventOf } from '../../shared/domain/webhook-events.js';
import { fanOutWebhookEvent } from '../../shared/domain/webhook-fan-out.js';
import { createWebhook, listWebhooks } from '../../shared/domain/webhook-management.js';
import { signDelivery } from '../../shared/domain/webhook-signing.js';
import { blockedAddressReason, checkWebhookUrl } from '../../shared/domain/webhook-url.js';
import { anEntry, aUsEntry } from '../support/builders.js';
import {
  InMemoryContracts,
  InMemoryListVersions,
  InMemoryWebhookDeliveryStore,
  InMemoryWebhookStore,
  RecordingWebhookQueue,
  ScriptedTransport,
} from '../support/webhook-fakes.js';

const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
const strict = { allowLoopbackHttp: false };
const local = { allowLoopbackHttp: true };
const noDns = async (): Promise<string[]> => {
  throw new Error('no DNS in unit tests');
};

describe('signing (Standard Webhooks)', () => {
  it('produces headers the standardwebhooks verifier accepts, and it refuses a changed body', () => {
    const body = JSON.stringify({ type: 'SubprocessorListChanged', timestamp: '2026-11-30T10:00:00.000Z', data: {} });
    const headers = signDelivery(SECRET, 'msg_1', new Date(), body);
    expect(headers['webhook-id']).toBe('msg_1');
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(SECRET).verify(body, { ...headers })).toEqual(JSON.parse(body));
    expect(() => new Webhook(SECRET).verify(`${body} `, { ...headers })).toThrow();
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 8).toString('base64')}`).verify(body, { ...headers })).toThrow();
  });

  it('derives the webhook-id from the event and the endpoint only', () => {
    expect(webhookMessageId('SubprocessorListChanged:p:2', 'wh_a')).toBe(
      webhookMessageId('SubprocessorListChanged:p:2', 'wh_a'),
    );
    expect(webhookMessageId('SubprocessorListChanged:p:2', 'wh_a')).not.toBe(
      webhookMessageId('SubprocessorListChanged:p:2', 'wh_b'),
    );
    expect(webhookMessageId('SubprocessorListChanged:p:2', 'wh_a')).not.toBe(
      webhookMessageId('SubprocessorListChanged:p:3', 'wh_a'),
    );
  });
});

describe('retry schedule', () => {
  it('makes 8 attempts over more than 24 hours, each wait at most 12 hours', () => {
    expect(RETRY_DELAYS_SECONDS).toEqual([5, 300, 1_800, 7_200, 18_000, 36_000, 36_000]);
    expect(MAX_ATTEMPTS).toBe(8);
    const total = RETRY_DELAYS_SECONDS.reduce((sum, d) => sum + d, 0);
    expect(total).toBe(99_305);
    expect(total).toBeGreaterThan(24 * 3600);
    expect(retryDelaySeconds(1)).toBe(5);
    expect(retryDelaySeconds(7)).toBe(36_000);
    expect(retryDelaySeconds(8)).toBeUndefined();
  });
});

describe('address classification', () => {
  const table: Array<[string, string | undefined]> = [
    ['8.8.8.8', undefined],
    ['2606:4700::1111', undefined],
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['192.168.1.1', 'private'],
    ['127.0.0.1', 'loopback'],
    ['::1', 'loopback'],
    ['169.254.169.254', 'linkLocal'],
    ['fe80::1', 'linkLocal'],
    ['fd00:ec2::254', 'uniqueLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['100.100.100.200', 'carrierGradeNat'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['192.0.2.1', 'reserved'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:169.254.169.254', 'linkLocal'],
    ['64:ff9b::a00:1', 'rfc6052'],
    ['2002:a00:1::', '6to4'],
  ];
  it.each(table)('%s → %s', (address, range) => {
    const reason = blockedAddressReason(address, strict);
    if (range === undefined) expect(reason).toBeUndefined();
    else expect(reason).toBe(`${address} is in the ${range} range`);
  });

  it('lets the local stack reach loopback only', () => {
    expect(blockedAddressReason('127.0.0.1', local)).toBeUndefined();
    expect(blockedAddressReason('::1', local)).toBeUndefined();
    expect(blockedAddressReason('10.0.0.1', local)).toBe('10.0.0.1 is in the private range');
  });
});

describe('URL check at registration', () => {
  const rule = async (url: string, policy = strict, resolve = noDns) => {
    expect.assertions(1);
    try {
      await checkWebhookUrl(url, policy, resolve);
    } catch (error) {
      return (error as { issues: Array<{ path: string; rule: string }> }).issues;
    }
    return [];
  };

  it('refuses http, credentials, an unresolvable host, and any private address among those resolved', async () => {
    expect(await rule('http://hooks.example.com/x', strict, async () => ['8.8.8.8'])).toEqual([
      expect.objectContaining({ path: 'url', rule: 'https' }),
    ]);
  });
  it('refuses credentials in the URL', async () => {
    expect(await rule('https://u:p@hooks.example.com/x')).toEqual([
      expect.objectContaining({ rule: 'no-credentials' }),
    ]);
  });
  it('refuses a name resolving to a private address among public ones', async () => {
    expect(await rule('https://hooks.example.com/x', strict, async () => ['8.8.8.8', '10.1.2.3'])).toEqual([
      expect.objectContaining({ path: 'url', rule: 'public-address' }),
    ]);
  });
  it('refuses the metadata address as a literal, and IPv6 literals in brackets', async () => {
    expect(await rule('https://169.254.169.254/latest')).toEqual([expect.objectContaining({ rule: 'public-address' })]);
  });
  it('refuses an IPv4-mapped IPv6 literal', async () => {
    expect(await rule('https://[::ffff:a9fe:a9fe]/')).toEqual([expect.objectContaining({ rule: 'public-address' })]);
  });
  it('refuses a host that does not resolve', async () => {
    expect(await rule('https://nowhere.invalid/')).toEqual([expect.objectContaining({ rule: 'resolvable' })]);
  });
  it('accepts https to public addresses, and http to loopback on the local stack only', async () => {
    await expect(
      checkWebhookUrl('https://hooks.example.com/x', strict, async () => ['8.8.8.8']),
    ).resolves.toBeInstanceOf(URL);
    await expect(checkWebhookUrl('http://127.0.0.1:9000/x', local, noDns)).resolves.toBeInstanceOf(URL);
    await expect(checkWebhookUrl('http://127.0.0.1:9000/x', strict, noDns)).rejects.toThrow(/must use https/);
  });
});

const clock = { now: () => new Date('2026-11-30T10:00:00.000Z') };
const contract = (id: string, clientId: string, confirmation?: 'pending' | 'confirmed' | 'disputed') =>
  ({
    id,
    processorId: 'prc_1',
    clientId,
    notifyEmails: [`${clientId}@example.com`],
    noticePeriodDays: 30,
    createdAt: '2026-01-01T00:00:00.000Z',
    ...(confirmation !== undefined && { confirmation }),
  }) satisfies Contract & { confirmation?: string };

function endpoint(id: string, owner: WebhookEndpoint['owner'], events: WebhookEndpoint['events']): WebhookEndpoint {
  return {
    id,
    owner,
    url: `https://hooks.example.com/${id}`,
    events,
    createdAt: '2026-11-01T00:00:00.000Z',
    secret: SECRET,
    status: 'enabled',
  };
}

function world() {
  const webhooks = new InMemoryWebhookStore();
  const all = [
    'SubprocessorListChanged',
    'SubprocessorChangeEffective',
    'ObjectionRecorded',
    'ObjectionWindowClosed',
  ] as const;
  for (const e of [
    endpoint('wh_p', { type: 'processor', id: 'prc_1' }, [...all]),
    endpoint('wh_a', { type: 'client', id: 'cli_a' }, [...all]),
    endpoint('wh_b', { type: 'client', id: 'cli_b' }, [...all]),
    endpoint('wh_c', { type: 'client', id: 'cli_c' }, [...all]),
    endpoint('wh_d', { type: 'client', id: 'cli_d' }, [...all]),
    endpoint('wh_a_only_closed', { type: 'client', id: 'cli_a' }, ['ObjectionWindowClosed']),
  ]) {
    webhooks.endpoints.set(`${e.owner.type}#${e.owner.id}#${e.id}`, e);
  }
  const contracts = new InMemoryContracts([
    contract('ctr_a', 'cli_a', 'confirmed'),
    contract('ctr_b', 'cli_b', 'confirmed'),
    contract('ctr_c', 'cli_c', 'pending'),
    contract('ctr_d', 'cli_d'),
  ]);
  const deliveries = new InMemoryWebhookDeliveryStore();
  const queue = new RecordingWebhookQueue();
  const listVersions = new InMemoryListVersions();
  listVersions.add('prc_1', 1, [anEntry()]);
  listVersions.add('prc_1', 2, [anEntry(), aUsEntry()]);
  return { webhooks, contracts, deliveries, queue, listVersions, clock };
}

const listChanged = webhookEventOf('SubprocessorListChanged', {
  schemaVersion: 1,
  processorId: 'prc_1',
  version: 2,
  publishedAt: '2026-11-30T09:00:00.000Z',
  effectiveAt: '2026-12-30T09:00:00.000Z',
  needsObjectionWindow: true,
});

describe('fan-out', () => {
  it('reaches the processor and the clients of confirmed contracts only, once per endpoint, even for a duplicate event', async () => {
    const deps = world();
    expect(await fanOutWebhookEvent(listChanged, deps)).toBe(3);
    expect(deps.queue.sent.map((s) => s.job.webhookId).sort()).toEqual(['wh_a', 'wh_b', 'wh_p']);
    expect(deps.queue.sent.every((s) => s.delaySeconds === 0 && s.job.attempt === 1)).toBe(true);
    expect(await fanOutWebhookEvent(listChanged, deps)).toBe(0);
    expect([...deps.deliveries.deliveries.values()].map((d) => d.webhookId).sort()).toEqual(['wh_a', 'wh_b', 'wh_p']);
    const delivery = [...deps.deliveries.deliveries.values()].find((d) => d.webhookId === 'wh_a');
    expect(delivery?.payload).toEqual({
      type: 'SubprocessorListChanged',
      timestamp: '2026-11-30T09:00:00.000Z',
      data: expect.objectContaining({ processorId: 'prc_1', version: 2 }),
    });
  });

  it("does not tell a client of a change outside its contract's scopes", async () => {
    const deps = world();
    deps.listVersions.add('prc_1', 1, [anEntry({ scopes: ['eu-datacenter'] })]);
    deps.listVersions.add('prc_1', 2, [
      anEntry({ scopes: ['eu-datacenter'] }),
      aUsEntry({ scopes: ['us-datacenter'] }),
    ]);
    const [a, b] = deps.contracts.contracts;
    if (a === undefined || b === undefined) throw new Error('world has contracts a and b');
    a.scopes = ['eu-datacenter'];
    b.scopes = ['us-datacenter'];
    expect(await fanOutWebhookEvent(listChanged, deps)).toBe(2);
    expect([...deps.deliveries.deliveries.values()].map((d) => d.webhookId).sort()).toEqual(['wh_b', 'wh_p']);
  });

  it('queues again a delivery recorded but never attempted (a crash between record and queue)', async () => {
    const deps = world();
    await fanOutWebhookEvent(listChanged, deps);
    deps.queue.sent.length = 0;
    expect(await fanOutWebhookEvent(listChanged, deps)).toBe(0);
    expect(deps.queue.sent).toHaveLength(3);
  });

  it("tells a decision to the processor and that contract's client only", async () => {
    const deps = world();
    const recorded = webhookEventOf('ObjectionRecorded', {
      schemaVersion: 1,
      noticeId: 'ntc_1',
      processorId: 'prc_1',
      contractId: 'ctr_a',
      clientId: 'cli_a',
      decision: 'object',
      grounds: 'our own reasons',
      recordedAt: '2026-11-30T09:30:00.000Z',
    });
    expect(await fanOutWebhookEvent(recorded, deps)).toBe(2);
    expect([...deps.deliveries.deliveries.values()].map((d) => d.webhookId).sort()).toEqual(['wh_a', 'wh_p']);
  });

  it('does not tell a decision on an unconfirmed contract to its client', async () => {
    const deps = world();
    const recorded = webhookEventOf('ObjectionRecorded', {
      schemaVersion: 1,
      noticeId: 'ntc_1',
      processorId: 'prc_1',
      contractId: 'ctr_c',
      clientId: 'cli_c',
      decision: 'approve',
      recordedAt: '2026-11-30T09:30:00.000Z',
    });
    expect(await fanOutWebhookEvent(recorded, deps)).toBe(1);
    expect([...deps.deliveries.deliveries.values()].map((d) => d.webhookId)).toEqual(['wh_p']);
  });

  it("gives a client the close without every client's counts; the processor gets them", async () => {
    const deps = world();
    const closed = webhookEventOf('ObjectionWindowClosed', {
      schemaVersion: 1,
      noticeId: 'ntc_1',
      processorId: 'prc_1',
      version: 2,
      closedAt: '2026-12-30T09:00:00.000Z',
      counts: { objected: 1, approved: 1, impliedConsent: 0, notNotified: 0, withdrawn: 0 },
    });
    expect(await fanOutWebhookEvent(closed, deps)).toBe(4);
    const byId = new Map([...deps.deliveries.deliveries.values()].map((d) => [d.webhookId, d.payload.data]));
    expect(byId.get('wh_p')).toHaveProperty('counts');
    expect(byId.get('wh_a')).not.toHaveProperty('counts');
    expect(byId.get('wh_a_only_closed')).not.toHaveProperty('counts');
  });
});

describe('attempts', () => {
  async function pending() {
    const deps = world();
    await fanOutWebhookEvent(listChanged, deps);
    const first = deps.queue.sent.find((s) => s.job.webhookId === 'wh_p')?.job as WebhookJob;
    deps.queue.sent.length = 0;
    return { ...deps, first };
  }

  it('retries a failing receiver with the schedule and the same webhook-id, then records the success once', async () => {
    const { first, ...deps } = await pending();
    let now = new Date('2026-11-30T10:00:00.000Z');
    const transport = new ScriptedTransport([
      { outcome: 'failed', statusCode: 500, error: 'HTTP 500' },
      { outcome: 'failed', error: 'connect ECONNREFUSED' },
      { outcome: 'delivered', statusCode: 204 },
    ]);
    const run = async (job: WebhookJob) =>
      (await attemptWebhookDelivery(job, { ...deps, transport, clock: { now: () => now } })).outcome;

    expect(await run(first)).toBe('retry-queued');
    const second = deps.queue.sent.at(-1);
    expect(second).toEqual({ job: { ...first, attempt: 2, notBefore: '2026-11-30T10:00:05.000Z' }, delaySeconds: 5 });
    expect(await run(first)).toBe('skipped'); // the same job again: a duplicate
    now = new Date('2026-11-30T10:00:05.000Z');
    expect(await run(second?.job as WebhookJob)).toBe('retry-queued');
    const third = deps.queue.sent.at(-1);
    expect(third?.delaySeconds).toBe(300);
    now = new Date('2026-11-30T10:05:05.000Z');
    expect(await run(third?.job as WebhookJob)).toBe('delivered');

    expect(new Set(transport.posts.map((p) => p.headers['webhook-id']))).toEqual(new Set([first.messageId]));
    // The verifier refuses a timestamp 5 minutes away from its clock: verify each at its own time.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      for (const post of transport.posts) {
        vi.setSystemTime(Number(post.headers['webhook-timestamp']) * 1000);
        expect(new Webhook(SECRET).verify(post.body, post.headers)).toMatchObject({ type: 'SubprocessorListChanged' });
      }
    } finally {
      vi.useRealTimers();
    }
    expect(deps.deliveries.log.map((a) => [a.attempt, a.outcome, a.statusCode, a.nextAttemptAt])).toEqual([
      [1, 'failed', 500, '2026-11-30T10:00:05.000Z'],
      [2, 'failed', undefined, '2026-11-30T10:05:05.000Z'],
      [3, 'delivered', 204, undefined],
    ]);
    expect((await deps.deliveries.get('wh_p', first.messageId))?.status).toBe('delivered');
    expect((await deps.webhooks.get({ type: 'processor', id: 'prc_1' }, 'wh_p'))?.lastSuccessAt).toBe(
      '2026-11-30T10:05:05.000Z',
    );
  });

  it('posts once when two jobs of the same attempt run at once (a duplicate event re-queued it)', async () => {
    const { first, ...deps } = await pending();
    const transport = new ScriptedTransport([{ outcome: 'delivered', statusCode: 200 }]);
    const outcomes = (
      await Promise.all([
        attemptWebhookDelivery(first, { ...deps, transport, clock }),
        attemptWebhookDelivery(first, { ...deps, transport, clock }),
      ])
    ).map((report) => report.outcome);
    expect(outcomes.sort()).toEqual(['delivered', 'skipped']);
    expect(transport.posts).toHaveLength(1);
    expect(deps.deliveries.log).toHaveLength(1);
  });

  it('re-queues a job not yet due for what remains, at most 15 minutes', async () => {
    const { first, ...deps } = await pending();
    const transport = new ScriptedTransport([]);
    const early = { ...first, notBefore: '2026-11-30T20:00:00.000Z' };
    expect(await attemptWebhookDelivery(early, { ...deps, transport, clock })).toEqual({ outcome: 'waiting' });
    expect(deps.queue.sent).toEqual([{ job: early, delaySeconds: 900 }]);
    expect(transport.posts).toHaveLength(0);
  });

  it('dead-letters after the last attempt and disables the endpoint that never succeeded since', async () => {
    const { first, ...deps } = await pending();
    let now = new Date('2026-11-30T10:00:00.000Z');
    const transport = new ScriptedTransport(
      Array.from({ length: MAX_ATTEMPTS }, () => ({
        outcome: 'blocked' as const,
        error: '10.0.0.1 is in the private range',
      })),
    );
    let job = first;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const report = await attemptWebhookDelivery(job, { ...deps, transport, clock: { now: () => now } });
      const blocked = '10.0.0.1 is in the private range';
      expect(report).toEqual(
        attempt < MAX_ATTEMPTS
          ? { outcome: 'retry-queued', blocked }
          : { outcome: 'dead-lettered', disabled: true, blocked },
      );
      const next = deps.queue.sent.at(-1)?.job as WebhookJob;
      now = new Date(next.notBefore);
      job = next;
    }
    expect(deps.deliveries.log).toHaveLength(MAX_ATTEMPTS);
    expect(deps.deliveries.log.every((a) => a.outcome === 'blocked')).toBe(true);
    expect(deps.queue.deadLetters).toEqual([expect.objectContaining({ messageId: first.messageId, attempt: 8 })]);
    const endpointAfter = await deps.webhooks.get({ type: 'processor', id: 'prc_1' }, 'wh_p');
    expect(endpointAfter?.status).toBe('disabled');
    // Disabled: the next event creates no delivery for it.
    const later = webhookEventOf('SubprocessorChangeEffective', {
      schemaVersion: 1,
      processorId: 'prc_1',
      version: 2,
      effectiveAt: '2026-12-30T09:00:00.000Z',
    });
    expect(await fanOutWebhookEvent(later, deps)).toBe(2);
  });
});

describe('registration', () => {
  it('answers the secret once and lists the endpoint without it', async () => {
    const webhooks = new InMemoryWebhookStore();
    webhooks.tenants.add('client#cli_a');
    const deps = { webhooks, clock, policy: strict, resolve: async () => ['8.8.8.8'] };
    const created = await createWebhook(
      { type: 'client', id: 'cli_a' },
      { url: 'https://hooks.example.com/in', events: ['ObjectionRecorded', 'ObjectionRecorded'] },
      deps,
    );
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(created.events).toEqual(['ObjectionRecorded']);
    const listed = await listWebhooks({ type: 'client', id: 'cli_a' }, { webhooks });
    expect(listed).toEqual([
      {
        id: created.id,
        url: 'https://hooks.example.com/in',
        events: ['ObjectionRecorded'],
        createdAt: clock.now().toISOString(),
        status: 'enabled',
      },
    ]);
    await expect(
      createWebhook(
        { type: 'client', id: 'cli_x' },
        { url: 'https://hooks.example.com/in', events: ['ObjectionRecorded'] },
        deps,
      ),
    ).rejects.toThrow(/no client cli_x/);
  });
});
