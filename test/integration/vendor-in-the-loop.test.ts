import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDynamoDbClient } from '../../infra/local/dynamodb-local.js';
import { REGISTRY_EVENT_SOURCE } from '../../shared/events/event-contract.js';
import { ObjectionRecorded } from '../../shared/events/objection-recorded.js';
import { ObjectionWindowClosed } from '../../shared/events/objection-window-closed.js';
import { EVENT_BUS_NAME } from '../../shared/wiring/events.js';
import {
  aVendorWithClients,
  emailsTo,
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

const form = (fields: Record<string, string>) => ({
  rawBody: new URLSearchParams(fields).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'Mozilla/5.0 (test)' },
});

/** The processor's item as stored, read from the table itself. */
async function storedProcessor(id: string): Promise<Record<string, unknown> | undefined> {
  const client = localDynamoDbClient(api.stack.dynamoDbEndpoint);
  try {
    const { Item } = await client.send(
      new GetItemCommand({
        TableName: api.stack.tableName,
        Key: { pk: { S: `PROCESSOR#${id}` }, sk: { S: 'PROFILE' } },
        ConsistentRead: true,
      }),
    );
    return Item === undefined ? undefined : unmarshall(Item);
  } finally {
    client.destroy();
  }
}

async function newProcessor(name: string) {
  const created = await api.call('POST', '/processors', {
    key: api.adminKey,
    body: { name, address: '1 rue de la Paix, 75002 Paris', contactEmail: 'first@vendor.example' },
  });
  expect(created.status).toBe(201);
  return created.body as { id: string; apiKey: string };
}

/** Re-delivers an event on the local bus, as EventBridge may (at least once). */
function redeliver(detailType: string, detail: Record<string, unknown>) {
  api.stack.runtime.putEvents([
    {
      Source: REGISTRY_EVENT_SOURCE,
      DetailType: detailType,
      Detail: JSON.stringify(detail),
      EventBusName: EVENT_BUS_NAME,
    },
  ]);
}

describe('the processor profile', () => {
  it('PATCH changes the fields sent, null clears one, and GET serves the whole profile', async () => {
    const processor = await newProcessor('Vendor Profile SAS');

    const before = await api.call('GET', `/processors/${processor.id}`, { key: processor.apiKey });
    expect(before.status).toBe(200);
    expect(before.body).toEqual({
      id: processor.id,
      name: 'Vendor Profile SAS',
      address: '1 rue de la Paix, 75002 Paris',
      contactEmail: 'first@vendor.example',
      reminderDaysBefore: 5,
      defaultLanguage: 'en',
      createdAt: expect.any(String),
      updatedAt: null,
      subscribers: { pending: 0, confirmed: 0, unsubscribed: 0, suppressed: 0 },
    });
    // PATCH answers the profile; the subscribers' counts are GET's only (issue 13, item 3).
    const { subscribers, ...profile } = before.body;

    const patched = await api.call('PATCH', `/processors/${processor.id}`, {
      key: processor.apiKey,
      body: { name: '  Vendor Profile SAS (EU)  ', address: null, reminderDaysBefore: 0, defaultLanguage: 'fr' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toEqual({
      ...profile,
      name: 'Vendor Profile SAS (EU)',
      address: null,
      reminderDaysBefore: 0,
      defaultLanguage: 'fr',
      updatedAt: expect.any(String),
    });
    expect((await api.call('GET', `/processors/${processor.id}`, { key: processor.apiKey })).body).toEqual({
      ...patched.body,
      subscribers,
    });

    // As stored: the address is gone (not an empty value), the others are as sent.
    const item = await storedProcessor(processor.id);
    expect(item).not.toHaveProperty('address');
    expect(item).toMatchObject({
      name: 'Vendor Profile SAS (EU)',
      reminderDaysBefore: 0,
      contactEmail: 'first@vendor.example',
      defaultLanguage: 'fr',
    });
  });

  it('keeps both of two concurrent PATCHes of different fields, every time', async () => {
    const processor = await newProcessor('Vendor Race SAS');
    for (let round = 1; round <= 10; round++) {
      const [a, b] = await Promise.all([
        api.call('PATCH', `/processors/${processor.id}`, {
          key: processor.apiKey,
          body: { contactEmail: `dpo-${round}@vendor.example` },
        }),
        api.call('PATCH', `/processors/${processor.id}`, {
          key: processor.apiKey,
          body: { reminderDaysBefore: round },
        }),
      ]);
      expect([a.status, b.status]).toEqual([200, 200]);
      expect(await storedProcessor(processor.id)).toMatchObject({
        contactEmail: `dpo-${round}@vendor.example`,
        reminderDaysBefore: round,
      });
    }
  });

  it('refuses another processor, a client, and the admin on PATCH; the admin may read; an unknown id is 404', async () => {
    const a = await newProcessor('Vendor A');
    const b = await newProcessor('Vendor B');
    const client = (await api.call('POST', '/clients', { key: api.adminKey, body: { name: 'Client' } })).body;

    for (const key of [a.apiKey, client.apiKey, api.adminKey]) {
      const refused = await api.call('PATCH', `/processors/${b.id}`, { key, body: { contactEmail: 'evil@x.example' } });
      expect(refused.status).toBe(403);
    }
    for (const key of [a.apiKey, client.apiKey]) {
      const refused = await api.call('GET', `/processors/${b.id}`, { key });
      expect(refused.status).toBe(403);
      expect(JSON.stringify(refused.body)).not.toContain('first@vendor.example');
    }
    expect((await api.call('GET', `/processors/${b.id}`)).status).toBe(401);
    expect((await api.call('GET', `/processors/${b.id}`, { key: api.adminKey })).body.name).toBe('Vendor B');
    expect((await api.call('GET', '/processors/prc_missing', { key: api.adminKey })).status).toBe(404);
    // Nothing was written by the refused calls.
    expect(await storedProcessor(b.id)).toMatchObject({ contactEmail: 'first@vendor.example' });
    expect(await storedProcessor(b.id)).not.toHaveProperty('updatedAt');
  });

  it('answers 400 naming the field and the rule, and writes nothing', async () => {
    const processor = await newProcessor('Vendor Bad Input');
    const cases: Array<[unknown, string, string]> = [
      [{}, '(body)', 'invalid'],
      [{ reminderDaysBefore: 61 }, 'reminderDaysBefore', 'too-big'],
      [{ contactEmail: 'nope' }, 'contactEmail', 'invalid-format'],
      [{ name: 'A\nB' }, 'name', 'invalid-format'],
      [{ apiKey: 'x' }, 'apiKey', 'unknown-field'],
    ];
    for (const [body, path, rule] of cases) {
      const response = await api.call('PATCH', `/processors/${processor.id}`, { key: processor.apiKey, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.issues).toContainEqual(expect.objectContaining({ path, rule }));
    }
    expect(await storedProcessor(processor.id)).not.toHaveProperty('updatedAt');
  });
});

describe('the vendor told of objections and of the close', () => {
  const CONTACT = 'privacy-team@vendor-loop.example';
  let vendor: Vendor;
  let noticeId: string;

  beforeAll(async () => {
    vendor = await aVendorWithClients(api, 3);
    const patched = await api.call('PATCH', `/processors/${vendor.processor.id}`, {
      key: vendor.processor.apiKey,
      body: { contactEmail: CONTACT },
    });
    expect(patched.status).toBe(200);
    noticeId = (await publishAddition(api, vendor)).notice.id;
  });

  it('e-mails the contact address once per objection, with the client and its grounds; an approval sends nothing', async () => {
    const [objecting, approving] = vendor.clients;
    if (objecting === undefined || approving === undefined) throw new Error('fixture');
    const [objectingEmail] = await emailsTo(api, objecting.email);
    const [approvingEmail] = await emailsTo(api, approving.email);
    if (objectingEmail === undefined || approvingEmail === undefined) throw new Error('no notice e-mail');

    const objected = await api.call(
      'POST',
      objectionLink(objectingEmail),
      form({ decision: 'object', grounds: 'No transfers to the US <please>' }),
    );
    expect(objected.status).toBe(200);
    const approved = await api.call('POST', objectionLink(approvingEmail), form({ decision: 'approve' }));
    expect(approved.status).toBe(200);
    await api.stack.settled();

    // Every decision event delivered again, as EventBridge may.
    const decisions = api.stack.runtime.busEvents.filter(
      (e) => e['detail-type'] === ObjectionRecorded.detailType && e.detail.noticeId === noticeId,
    );
    expect(decisions).toHaveLength(2);
    for (const event of decisions) redeliver(ObjectionRecorded.detailType, event.detail);
    await api.stack.settled();

    const alerts = await emailsTo(api, CONTACT);
    expect(alerts).toHaveLength(1);
    const [alert] = alerts;
    expect(alert?.destination.to).toEqual([CONTACT]);
    expect(alert?.subject).toMatch(/^Client \S+-0 objects to your change of sub-processors \(list version 2\)$/);
    expect(alert?.body.text).toContain('> No transfers to the US <please>');
    expect(alert?.body.text).toContain(`(contract ${objecting.contractId})`);
    expect(alert?.body.html).toContain('No transfers to the US &lt;please&gt;');
    expect(api.stack.runtime.deadLetters).toEqual([]);
  });

  it('e-mails one summary with the exact counts when the last window closes, even if the close event comes twice', async () => {
    const [objecting, approving, silent] = vendor.clients;
    if (objecting === undefined || approving === undefined || silent === undefined) throw new Error('fixture');
    const bounce = await api.call('POST', '/_local/ses-events', {
      key: api.adminKey,
      body: { email: silent.email, type: 'bounce' },
    });
    expect(bounce.status).toBe(202);

    await api.call('POST', '/_local/clock', { key: api.adminKey, body: { advanceDays: 16 } });
    await api.stack.settled();
    const closed = api.stack.runtime.busEvents.filter(
      (e) => e['detail-type'] === ObjectionWindowClosed.detailType && e.detail.noticeId === noticeId,
    );
    expect(closed).toHaveLength(1);
    redeliver(ObjectionWindowClosed.detailType, closed[0]?.detail ?? {});
    await api.stack.settled();

    const summaries = (await emailsTo(api, CONTACT)).filter((e) => e.subject.includes('is closed'));
    expect(summaries).toHaveLength(1);
    const text = summaries[0]?.body.text ?? '';
    expect(text).toContain(
      [
        '- Objected: 1',
        '- Approved: 1',
        '- Implied consent (no answer within the window): 0',
        '- Not notified (the e-mail never arrived): 1',
      ].join('\n'),
    );
    expect(text).toMatch(
      new RegExp(
        `Objections:\\n- Client \\S+-0 \\(contract ${objecting.contractId}\\), on .*: No transfers to the US <please>\\n`,
      ),
    );
    expect(text).toMatch(
      new RegExp(`Contracts not notified:\\n- Client \\S+-2 \\(contract ${silent.contractId}\\), delivery: bounced\\n`),
    );
    expect(text).not.toContain(approving.contractId);
    // One alert and one summary: nothing else reached the vendor.
    expect(await emailsTo(api, CONTACT)).toHaveLength(2);
    expect(api.stack.runtime.deadLetters).toEqual([]);
  });

  it('sends the vendor nothing, and fails nothing, without a contact address', async () => {
    const quiet = await aVendorWithClients(api, 1);
    const noContact = await api.call('GET', `/processors/${quiet.processor.id}`, { key: quiet.processor.apiKey });
    expect(noContact.body.contactEmail).toBeNull();
    const quietNotice = (await publishAddition(api, quiet)).notice.id;
    const [client] = quiet.clients;
    if (client === undefined) throw new Error('fixture');
    const [notice] = await emailsTo(api, client.email);
    if (notice === undefined) throw new Error('no notice e-mail');
    const before = (await fetch(`${api.stack.sesUrl}/store`).then((r) => r.json())) as { emails: unknown[] };

    expect((await api.call('POST', objectionLink(notice), form({ decision: 'object', grounds: 'No' }))).status).toBe(
      200,
    );
    await api.call('POST', '/_local/clock', { key: api.adminKey, body: { advanceDays: 16 } });
    await api.stack.settled();

    const view = await api.call('GET', `/notices/${quietNotice}`, { key: quiet.processor.apiKey });
    expect(view.body.state).toBe('closed');
    const after = (await fetch(`${api.stack.sesUrl}/store`).then((r) => r.json())) as {
      emails: Array<{ destination: { to: string[] } }>;
    };
    // Only the client's own confirmation of its objection went out.
    const added = after.emails.slice(before.emails.length);
    expect(added.map((e) => e.destination.to)).toEqual([[client.email]]);
    expect(api.stack.runtime.deadLetters).toEqual([]);
  });
});
