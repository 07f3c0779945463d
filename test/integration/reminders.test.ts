import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDynamoDbClient } from '../../infra/local/dynamodb-local.js';
import { sha256Hex } from '../../shared/domain/secrets.js';
import { SCHEDULES } from '../../shared/wiring/events.js';
import {
  aVendorWithClients,
  emailsTo,
  objectionLink,
  publishAddition,
  type SesEmail,
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

const isReminder = (email: SesEmail) => email.subject.startsWith('Reminder: ');

async function remindersTo(address: string): Promise<SesEmail[]> {
  return (await emailsTo(api, address)).filter(isReminder);
}

/** Moves the local clock and waits for everything it set off (close sweep, reminder pass, e-mails). */
async function advance(hours: number) {
  const moved = await api.call('POST', '/_local/clock', { key: api.adminKey, body: { advanceHours: hours } });
  expect(moved.status).toBe(200);
  await api.stack.settled();
}

/** The reminder pass triggered again, as a retried or duplicated schedule invocation would. */
async function triggerRemindersAgain(times: number) {
  for (let i = 0; i < times; i++) {
    api.stack.runtime.invokeAsync(SCHEDULES.sendDueReminders, SCHEDULES.sendDueReminders.sweepInput());
  }
  await api.stack.settled();
}

/** The reminder's permanent record, as stored. */
async function storedReminder(noticeId: string, contractId: string): Promise<Record<string, unknown> | undefined> {
  const client = localDynamoDbClient(api.stack.dynamoDbEndpoint);
  try {
    const { Item } = await client.send(
      new GetItemCommand({
        TableName: api.stack.tableName,
        Key: { pk: { S: `NOTICE#${noticeId}` }, sk: { S: `REMINDER#${contractId}` } },
        ConsistentRead: true,
      }),
    );
    return Item === undefined ? undefined : unmarshall(Item);
  } finally {
    client.destroy();
  }
}

describe('reminders before a window closes', () => {
  it('sends one reminder 5 days before the deadline, not to a client that decided, once under repeated triggers', async () => {
    const vendor = await aVendorWithClients(api, 2, 15);
    const noticeId = (await publishAddition(api, vendor)).notice.id as string;
    const [silent, decided] = vendor.clients;
    if (silent === undefined || decided === undefined) throw new Error('fixture');
    const [decidedNotice] = await emailsTo(api, decided.email);
    if (decidedNotice === undefined) throw new Error('no notice e-mail');
    expect((await api.call('POST', objectionLink(decidedNotice), form({ decision: 'approve' }))).status).toBe(200);
    await api.stack.settled();

    // Just before the lead time: nothing yet.
    await advance(10 * 24 - 1);
    expect(await remindersTo(silent.email)).toHaveLength(0);
    // Past it (the sweep runs hourly): one reminder to the silent client.
    await advance(2);
    await triggerRemindersAgain(3);
    await advance(1);

    const reminders = await remindersTo(silent.email);
    expect(reminders).toHaveLength(1);
    expect(await remindersTo(decided.email)).toHaveLength(0);
    const [firstEmail] = (await emailsTo(api, silent.email)).filter((e) => !isReminder(e));
    const [reminder] = reminders;
    if (firstEmail === undefined || reminder === undefined) throw new Error('e-mails');
    // The same deadline as the first e-mail's, in the subject and the text.
    const deadline = /you may object until (.+)$/.exec(firstEmail.subject)?.[1];
    expect(deadline).toBeDefined();
    expect(reminder.subject).toBe(`Reminder: ${firstEmail.subject}`);
    expect(reminder.body.text).toContain(`You may object until ${deadline}.`);

    // Stored once: the message id SES returned, the time, the addresses, the token's hash only.
    const record = await storedReminder(noticeId, silent.contractId);
    const token = objectionLink(reminder).split('/').at(-1) ?? '';
    expect(record).toMatchObject({
      type: 'Reminder',
      messageId: reminder.messageId,
      sentTo: [silent.email],
      tokenHash: sha256Hex(token),
      contentSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(JSON.stringify(record)).not.toContain(token);
    expect(await storedReminder(noticeId, decided.contractId)).toBeUndefined();

    // The evidence pack carries it, for the processor and for the client itself.
    const pack = await api.call('GET', `/notices/${noticeId}/evidence`, { key: vendor.processor.apiKey });
    expect(pack.status).toBe(200);
    const entries = new Map(
      (pack.body.contracts as Array<{ contractId: string; reminder: unknown }>).map((c) => [c.contractId, c.reminder]),
    );
    expect(entries.get(silent.contractId)).toEqual({
      sesMessageId: reminder.messageId,
      sentAt: record?.sentAt,
      addresses: [silent.email],
      contentSha256: record?.contentSha256,
      closesAt: record?.closesAt,
    });
    expect(entries.get(decided.contractId)).toBeNull();
    expect(api.stack.runtime.deadLetters).toEqual([]);
  });

  it("the reminder's link works, and so does the first e-mail's", async () => {
    const vendor = await aVendorWithClients(api, 1, 15);
    const noticeId = (await publishAddition(api, vendor)).notice.id as string;
    const [client] = vendor.clients;
    if (client === undefined) throw new Error('fixture');
    await advance(10 * 24 + 1);
    const [firstEmail] = (await emailsTo(api, client.email)).filter((e) => !isReminder(e));
    const [reminder] = await remindersTo(client.email);
    if (firstEmail === undefined || reminder === undefined) throw new Error('e-mails');
    expect(objectionLink(reminder)).not.toBe(objectionLink(firstEmail));

    const page = await api.call('GET', objectionLink(reminder));
    expect(page.status).toBe(200);
    expect(page.body).toContain('<form');
    expect((await api.call('GET', objectionLink(firstEmail))).status).toBe(200);

    const objected = await api.call(
      'POST',
      objectionLink(reminder),
      form({ decision: 'object', grounds: 'Late, but no' }),
    );
    expect(objected.status).toBe(200);
    await api.stack.settled();
    // The first link shows the decision made through the reminder's: one contract, one decision.
    const firstLinkPage = await api.call('GET', objectionLink(firstEmail));
    expect(firstLinkPage.status).toBe(200);
    expect(firstLinkPage.body).not.toContain('<form');
    const view = await api.call('GET', `/notices/${noticeId}`, { key: vendor.processor.apiKey });
    const [contract] = view.body.contracts;
    expect(contract.decision.decision).toBe('object');
    expect(contract.decision.grounds).toBe('Late, but no');
  });

  it("a resend after the reminder revokes the reminder's link with the first one", async () => {
    const vendor = await aVendorWithClients(api, 1, 15);
    const noticeId = (await publishAddition(api, vendor)).notice.id as string;
    const [client] = vendor.clients;
    if (client === undefined) throw new Error('fixture');
    await advance(10 * 24 + 1);
    const [firstEmail] = (await emailsTo(api, client.email)).filter((e) => !isReminder(e));
    const [reminder] = await remindersTo(client.email);
    if (firstEmail === undefined || reminder === undefined) throw new Error('e-mails');

    const resend = await api.call('POST', `/notices/${noticeId}/resend`, {
      key: vendor.processor.apiKey,
      body: { contractIds: [client.contractId] },
    });
    expect(resend.status).toBe(202);
    await api.stack.settled();
    const notices = (await emailsTo(api, client.email)).filter((e) => !isReminder(e));
    expect(notices).toHaveLength(2);
    const resent = notices.find((e) => e.messageId !== firstEmail.messageId);
    if (resent === undefined) throw new Error('no resent e-mail');

    expect((await api.call('GET', objectionLink(reminder))).status).toBe(404);
    expect((await api.call('GET', objectionLink(firstEmail))).status).toBe(404);
    expect((await api.call('GET', objectionLink(resent))).status).toBe(200);
    expect(api.stack.runtime.deadLetters).toEqual([]);
  });

  it('sends none when the vendor turned reminders off, even after the notice went out', async () => {
    const vendor = await aVendorWithClients(api, 1, 15);
    const noticeId = (await publishAddition(api, vendor)).notice.id as string;
    const [client] = vendor.clients;
    if (client === undefined) throw new Error('fixture');
    const off = await api.call('PATCH', `/processors/${vendor.processor.id}`, {
      key: vendor.processor.apiKey,
      body: { reminderDaysBefore: 0 },
    });
    expect(off.status).toBe(200);

    await advance(11 * 24);
    await triggerRemindersAgain(1);
    await advance(3 * 24);
    expect(await remindersTo(client.email)).toHaveLength(0);
    expect(await storedReminder(noticeId, client.contractId)).toBeUndefined();
    expect(api.stack.runtime.deadLetters).toEqual([]);
  });

  it('with a lead time longer than the window, sends none', async () => {
    const vendor = await aVendorWithClients(api, 1, 3);
    await api.call('PATCH', `/processors/${vendor.processor.id}`, {
      key: vendor.processor.apiKey,
      body: { reminderDaysBefore: 5 },
    });
    await publishAddition(api, vendor);
    const [client] = vendor.clients;
    if (client === undefined) throw new Error('fixture');
    for (let hours = 0; hours < 4 * 24; hours += 12) await advance(12);
    expect(await remindersTo(client.email)).toHaveLength(0);
  });
});
