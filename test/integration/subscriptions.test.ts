import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDynamoDbClient } from '../../infra/local/dynamodb-local.js';
import { SubscriptionRepository } from '../../shared/adapters/dynamodb/subscription-repository.js';
import { anEntry, aUsEntry } from '../support/builders.js';
import { aVendorWithClients, inbox, type SesEmail } from '../support/notice-fixtures.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

let api: TestApi;
let repository: SubscriptionRepository;
beforeAll(async () => {
  api = await startTestApi();
  repository = new SubscriptionRepository(
    DynamoDBDocumentClient.from(localDynamoDbClient(api.stack.dynamoDbEndpoint)),
    api.stack.tableName,
  );
});
afterAll(async () => {
  await api?.stop();
});

type StoredEmail = SesEmail & { headers?: Array<{ name: string; value: string }> };

async function mailTo(address: string): Promise<StoredEmail[]> {
  return ((await inbox(api)) as StoredEmail[]).filter((email) => email.destination.to.includes(address));
}

/** The path (after the API's origin) of the first subscription link in an e-mail. */
function linkPath(email: StoredEmail | undefined, suffix = ''): string {
  const match = new RegExp(`(/trust/[^/\\s]+/subscriptions/sub_[A-Za-z0-9_-]{43}${suffix})`).exec(
    email?.body.text ?? '',
  );
  if (match?.[1] === undefined) throw new Error(`no subscription link in: ${email?.body.text}`);
  return match[1];
}

const form = (fields: Record<string, string>) => ({
  rawBody: new URLSearchParams(fields).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});

async function publish(vendor: Awaited<ReturnType<typeof aVendorWithClients>>, version: number, entries = [anEntry()]) {
  const put = await api.call('PUT', `/processors/${vendor.processor.id}/subprocessors`, {
    key: vendor.processor.apiKey,
    headers: { 'if-match': `"${version - 1}"` },
    body: { subprocessors: entries },
  });
  expect(put.status).toBe(200);
  await api.stack.settled();
}

describe('e-mail subscriptions on the local stack', () => {
  it('double opt-in: the link opened by GET records nothing, the button confirms; one confirmation an hour', async () => {
    const vendor = await aVendorWithClients(api, 0);
    const id = vendor.processor.id;
    const address = `ana-${id.toLowerCase()}@subscriber.example`;

    const first = await api.call(
      'POST',
      `/trust/${id}/subscriptions`,
      form({ email: address.toUpperCase(), language: 'fr' }),
    );
    expect(first.status).toBe(202);
    expect(first.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const confirmations = await mailTo(address);
    expect(confirmations).toHaveLength(1);
    expect(confirmations[0]?.subject).toMatch(/^Confirmez votre abonnement/);

    const path = linkPath(confirmations[0]);
    const page = await api.call('GET', path);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<form method="post" action="">');
    await api.call('HEAD', path);
    expect((await repository.get(id, address))?.state).toBe('pending');

    const again = await api.call('POST', `/trust/${id}/subscriptions`, { body: { email: address } });
    expect(again.status).toBe(202);
    expect(await mailTo(address)).toHaveLength(1);
    const moved = await api.call('POST', '/_local/clock', { key: api.adminKey, body: { advanceHours: 1.01 } });
    expect(moved.status).toBe(200);
    expect((await api.call('POST', `/trust/${id}/subscriptions`, { body: { email: address } })).status).toBe(202);
    const afterAnHour = await mailTo(address);
    expect(afterAnHour).toHaveLength(2);
    // The first link was superseded by the second.
    expect((await api.call('POST', path, form({}))).status).toBe(404);

    const confirmed = await api.call('POST', linkPath(afterAnHour[1]), form({}));
    expect(confirmed.status).toBe(200);
    expect(await repository.get(id, address)).toMatchObject({ state: 'confirmed', email: address });
  });

  it('answers the same 202 for a new, a pending and a confirmed address, and 400 naming the field', async () => {
    const vendor = await aVendorWithClients(api, 0);
    const id = vendor.processor.id;
    const confirmedAddress = `confirmed-${id.toLowerCase()}@subscriber.example`;
    await api.call('POST', `/trust/${id}/subscriptions`, { body: { email: confirmedAddress } });
    await api.call('POST', linkPath((await mailTo(confirmedAddress))[0]), form({}));
    const pendingAddress = `pending-${id.toLowerCase()}@subscriber.example`;
    await api.call('POST', `/trust/${id}/subscriptions`, { body: { email: pendingAddress } });

    const answers = [];
    for (const email of [`new-${id.toLowerCase()}@subscriber.example`, pendingAddress, confirmedAddress]) {
      const response = await api.call('POST', `/trust/${id}/subscriptions`, { body: { email } });
      answers.push({ status: response.status, body: response.body });
    }
    expect(answers[0]?.status).toBe(202);
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    expect(await mailTo(confirmedAddress)).toHaveLength(1);

    const bad = await api.call('POST', `/trust/${id}/subscriptions`, { body: { email: 'not-an-address' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('email');
    expect((await api.call('POST', '/trust/prc_nobody/subscriptions', { body: { email: 'a@b.example' } })).status).toBe(
      404,
    );
    const profile = await api.call('GET', `/processors/${id}`, { key: vendor.processor.apiKey });
    expect(profile.status).toBe(200);
    expect(profile.body.subscribers).toEqual({ pending: 2, confirmed: 1, unsubscribed: 0, suppressed: 0 });
    expect(JSON.stringify(profile.body)).not.toContain('subscriber.example');
  });

  it('a new version e-mails confirmed subscribers with both RFC 8058 headers; one-click unsubscribes; a bounce suppresses', async () => {
    const vendor = await aVendorWithClients(api, 1);
    const id = vendor.processor.id;
    const ana = `ana-${id.toLowerCase()}@subscriber.example`;
    const bea = `bea-${id.toLowerCase()}@subscriber.example`;
    for (const email of [ana, bea]) {
      await api.call('POST', `/trust/${id}/subscriptions`, { body: { email } });
      expect((await api.call('POST', linkPath((await mailTo(email))[0]), form({}))).status).toBe(200);
    }

    await publish(vendor, 2, [anEntry(), aUsEntry()]);
    const [update] = (await mailTo(ana)).slice(1);
    expect(update?.subject).toMatch(/published version 2 of its sub-processor list$/);
    const headers = Object.fromEntries((update?.headers ?? []).map((h) => [h.name, h.value]));
    const unsubscribePath = linkPath(update, '/unsubscribe');
    expect(headers['List-Unsubscribe']).toBe(`<${api.stack.apiUrl}${unsubscribePath}>`);
    expect(headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(update?.body.html).toContain(`${unsubscribePath}"`);
    expect(update?.body.text).not.toContain('/objections/');
    expect(await mailTo(bea)).toHaveLength(2);
    // The event delivered again (a second pass) sends nothing twice.
    expect(
      (await repository.claim({ processorId: id, version: 2, email: ana }, new Date().toISOString(), '')).valueOf(),
    ).toBe(false);

    // Opening the footer link changes nothing; the one-click POST unsubscribes at once.
    expect((await api.call('GET', unsubscribePath)).status).toBe(200);
    expect((await repository.get(id, ana))?.state).toBe('confirmed');
    const oneClick = await api.call('POST', unsubscribePath, form({ 'List-Unsubscribe': 'One-Click' }));
    expect(oneClick.status).toBe(200);
    expect((await repository.get(id, ana))?.state).toBe('unsubscribed');

    const bounce = await api.call('POST', '/_local/ses-events', {
      key: api.adminKey,
      body: { email: bea, type: 'bounce' },
    });
    expect(bounce.status).toBe(202);
    await api.stack.settled();
    expect((await repository.get(id, bea))?.state).toBe('suppressed');

    await publish(vendor, 3);
    expect(await mailTo(ana)).toHaveLength(2);
    expect(await mailTo(bea)).toHaveLength(2);
    const profile = await api.call('GET', `/processors/${id}`, { key: vendor.processor.apiKey });
    expect(profile.body.subscribers).toEqual({ pending: 0, confirmed: 0, unsubscribed: 1, suppressed: 1 });
  });

  it('refuses a confirmation posted from another site, and a one-click POST without its field', async () => {
    const vendor = await aVendorWithClients(api, 0);
    const id = vendor.processor.id;
    const address = `csrf-${id.toLowerCase()}@subscriber.example`;
    await api.call('POST', `/trust/${id}/subscriptions`, { body: { email: address } });
    const path = linkPath((await mailTo(address))[0]);
    const crossSite = await api.call('POST', path, {
      ...form({}),
      headers: { ...form({}).headers, 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.status).toBe(403);
    expect((await repository.get(id, address))?.state).toBe('pending');
    const noField = await api.call('POST', `${path}/unsubscribe`, form({}));
    expect(noField.status).toBe(400);
    expect(noField.body.error.message).toContain('List-Unsubscribe');
  });

  it('answers an unknown confirmation or unsubscribe link with the same 404 page, in the language asked for', async () => {
    const vendor = await aVendorWithClients(api, 1, 15);
    const unknown = `/trust/${vendor.processor.id}/subscriptions/sub_${'A'.repeat(43)}`;
    for (const path of [unknown, `${unknown}/unsubscribe`]) {
      const french = await api.call('GET', path, { headers: { 'accept-language': 'fr-FR,fr;q=0.9' } });
      expect(french.status).toBe(404);
      expect(french.headers.get('content-language')).toBe('fr');
      expect(french.headers.get('vary')).toBe('Accept-Language');
      const chosen = await api.call('GET', `${path}?lang=en`, { headers: { 'accept-language': 'fr' } });
      expect(chosen.status).toBe(404);
      expect(chosen.headers.get('content-language')).toBe('en');
      expect(chosen.headers.get('vary')).toBeNull();
      expect(chosen.body).not.toEqual(french.body);
    }
  });
});
