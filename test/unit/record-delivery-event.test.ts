import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RecipientRepository } from '../../shared/adapters/dynamodb/recipient-repository.js';
import { closeNoticeWindows } from '../../shared/domain/close-notice-windows.js';
import { recordDeliveryEvent } from '../../shared/domain/record-delivery-event.js';
import { DAY_MS } from '../../shared/domain/time.js';
import { SesEmailEventDetail } from '../../shared/events/ses-email-event.js';
import { aNoticeSent, type InMemoryPorts, inMemoryPorts } from '../support/in-memory-ports.js';
import '../support/sdk-matchers.js';

const T0 = '2026-01-05T09:00:00.000Z';
const at = (ms: number) => new Date(Date.parse(T0) + ms).toISOString();

/** SES configuration-set events as EventBridge delivers their `detail`. */
const bounce = (messageId: string, bounceType = 'Permanent') =>
  SesEmailEventDetail.parse({
    eventType: 'Bounce',
    mail: { messageId, timestamp: at(0) },
    bounce: {
      bounceType,
      bouncedRecipients: [{ emailAddress: 'dpo0@client0.example' }],
      timestamp: at(60_000),
    },
  });
const delivery = (messageId: string) =>
  SesEmailEventDetail.parse({
    eventType: 'Delivery',
    mail: { messageId, timestamp: at(0) },
    delivery: { recipients: ['dpo0@client0.example'], timestamp: at(30_000) },
  });

let ports: InMemoryPorts;
let noticeId: string;
let messageId: string;
beforeEach(async () => {
  ports = inMemoryPorts(T0);
  noticeId = (await aNoticeSent(ports, [15])).notice.id;
  messageId = ports.recipients.row(noticeId, 'ctr_000')?.sesMessageId as string;
});

describe('recordDeliveryEvent', () => {
  it('records a permanent bounce: the window then closes as not-notified', async () => {
    expect(await recordDeliveryEvent(bounce(messageId), ports)).toEqual({
      kind: 'recorded',
      noticeId,
      contractId: 'ctr_000',
      state: 'bounced',
    });

    expect(ports.recipients.row(noticeId, 'ctr_000')).toMatchObject({
      delivery: 'bounced',
      deliveryEvents: [{ type: 'Bounce', at: at(60_000), recipient: 'dpo0@client0.example', detail: 'Permanent' }],
    });
    ports.clock.set(at(15 * DAY_MS));
    await closeNoticeWindows(noticeId, ports);
    expect(ports.recipients.row(noticeId, 'ctr_000')?.outcome).toBe('not-notified');
  });

  it('records the same event once when EventBridge delivers it twice (duplicate delivery)', async () => {
    await recordDeliveryEvent(delivery(messageId), ports);
    ports.clock.advance(3_600_000);

    expect((await recordDeliveryEvent(delivery(messageId), ports)).kind).toBe('duplicate');

    expect(ports.recipients.row(noticeId, 'ctr_000')?.deliveryEvents).toEqual([
      { type: 'Delivery', at: at(30_000), recipient: 'dpo0@client0.example' },
    ]);
  });

  it('keeps a bounce over a later delivery to another address, and logs both', async () => {
    await recordDeliveryEvent(bounce(messageId), ports);
    await recordDeliveryEvent(delivery(messageId), ports);

    const row = ports.recipients.row(noticeId, 'ctr_000');
    expect(row?.delivery).toBe('bounced');
    expect(row?.deliveryEvents.map((e) => e.type)).toEqual(['Bounce', 'Delivery']);
  });

  it('logs a transient bounce without changing the delivery state: SES retries it', async () => {
    expect((await recordDeliveryEvent(bounce(messageId, 'Transient'), ports)).kind).toBe('recorded');

    const row = ports.recipients.row(noticeId, 'ctr_000');
    expect(row?.delivery).toBe('sent');
    expect(row?.deliveryEvents).toHaveLength(1);
  });

  it('ignores an event for an e-mail that is not a notice (a confirmation, another sender)', async () => {
    expect(await recordDeliveryEvent(bounce('ses-unknown'), ports)).toEqual({ kind: 'not-ours' });

    expect(ports.recipients.row(noticeId, 'ctr_000')).toMatchObject({ delivery: 'sent', deliveryEvents: [] });
  });
});

describe('RecipientRepository.recordDeliveryEvent', () => {
  const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-3' }));
  const dynamo = mockClient(documentClient);
  const recipients = new RecipientRepository(documentClient, 'registry');
  const event = { type: 'Delivery', at: at(30_000), recipient: 'dpo@client.example' };
  afterEach(() => {
    dynamo.reset();
  });

  it('appends only an event that is not in the log yet', async () => {
    dynamo.on(UpdateCommand).resolves({});

    expect(await recipients.recordDeliveryEvent('ntc_1', 'ctr_1', event, 'delivered')).toBe(true);

    expect(dynamo).toHaveReceivedCommandWith(UpdateCommand, {
      ConditionExpression: 'attribute_exists(pk) AND NOT contains(deliveryEvents, :one)',
      ExpressionAttributeValues: { ':event': [event], ':one': event, ':state': 'delivered' },
    });
  });

  it('answers false for an event already logged (the old item came back with the lost condition)', async () => {
    const stored = marshall({ pk: 'NOTICE#ntc_1', sk: 'RECIPIENT#ctr_1', deliveryEvents: [event] });
    dynamo
      .on(UpdateCommand)
      .rejects(new ConditionalCheckFailedException({ $metadata: {}, message: 'failed', Item: stored }));

    expect(await recipients.recordDeliveryEvent('ntc_1', 'ctr_1', event, 'delivered')).toBe(false);
    expect(dynamo).toHaveReceivedCommandTimes(UpdateCommand, 1);
  });
});
