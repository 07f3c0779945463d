import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RecipientRepository } from '../../shared/adapters/dynamodb/recipient-repository.js';
import { recordDecision } from '../../shared/domain/record-decision.js';
import {
  CONFIRMATION_CLAIM_TIMEOUT_MS,
  sendDecisionConfirmation,
} from '../../shared/domain/send-decision-confirmation.js';
import { DAY_MS } from '../../shared/domain/time.js';
import { aNoticeSent, type InMemoryPorts, inMemoryPorts, TransientProviderError } from '../support/in-memory-ports.js';
import '../support/sdk-matchers.js';

const T0 = '2026-01-05T09:00:00.000Z';
const at = (ms: number) => new Date(Date.parse(T0) + ms).toISOString();

let ports: InMemoryPorts;
let noticeId: string;
let ref: { noticeId: string; contractId: string };
let noticeEmails: number;
const confirmations = () => ports.mailer.sent.filter((e) => e.tags.kind === 'confirmation');
/** Calls to SES since the notice e-mails went out: the confirmation's attempts, failed ones included. */
const confirmationAttempts = () => ports.mailer.attempts - noticeEmails;

beforeEach(async () => {
  ports = inMemoryPorts(T0);
  const sent = await aNoticeSent(ports, [15, 15]);
  noticeId = sent.notice.id;
  ref = { noticeId, contractId: 'ctr_000' };
  noticeEmails = ports.mailer.attempts;
  ports.clock.set(at(DAY_MS));
  await recordDecision(
    sent.tokens.get('ctr_000') as string,
    { decision: 'object', grounds: 'No US transfers', ip: '192.0.2.7', userAgent: 'Firefox' },
    ports,
  );
});

describe('sendDecisionConfirmation', () => {
  it('confirms the decision to the contract addresses and keeps the message id', async () => {
    expect(await sendDecisionConfirmation(ref, ports)).toBe('sent');

    expect(confirmations()).toHaveLength(1);
    const [email] = confirmations();
    expect(email?.to).toEqual(['dpo0@client0.example']);
    expect(email?.subject).toBe('Acme Cloud SAS: your organisation objected to the change of sub-processors');
    expect(email?.text).toContain('Grounds: No US transfers');
    expect(email?.text).toContain('Recorded from IP address 192.0.2.7.');
    expect(email?.tags).toEqual({ noticeId, contractId: 'ctr_000', kind: 'confirmation' });
    expect(ports.recipients.row(noticeId, 'ctr_000')).toMatchObject({
      confirmationClaimedAt: at(DAY_MS),
      confirmationMessageId: email?.messageId,
    });
  });

  it('sends one e-mail when ObjectionRecorded is delivered twice (duplicate delivery), in turn or at once', async () => {
    const results = [
      ...(await Promise.all([sendDecisionConfirmation(ref, ports), sendDecisionConfirmation(ref, ports)])),
      await sendDecisionConfirmation(ref, ports),
    ];

    expect(results.sort()).toEqual(['already-handled', 'already-handled', 'sent']);
    expect(confirmations()).toHaveLength(1);
  });

  it('still sends the confirmation after a transient SES error: the retry sends exactly one e-mail (defect 6)', async () => {
    ports.mailer.failNext();

    await expect(sendDecisionConfirmation(ref, ports)).rejects.toThrow(TransientProviderError);
    expect(confirmations()).toHaveLength(0);
    expect(ports.recipients.row(noticeId, 'ctr_000')?.confirmationClaimedAt).toBeUndefined();
    // Lambda retries the event a minute later, well inside the claim's 5 minutes.
    ports.clock.advance(60_000);
    expect(await sendDecisionConfirmation(ref, ports)).toBe('sent');
    expect(await sendDecisionConfirmation(ref, ports)).toBe('already-handled');

    expect(confirmationAttempts()).toBe(2);
    expect(confirmations()).toHaveLength(1);
    expect(ports.recipients.row(noticeId, 'ctr_000')?.confirmationMessageId).toBe(confirmations()[0]?.messageId);
  });

  it('sends nothing while another instance holds a live claim (condition lost), and takes a dead one over', async () => {
    ports.recipients.before('claimConfirmation', () =>
      ports.recipients.update(noticeId, 'ctr_000', { confirmationClaimedAt: at(DAY_MS) }),
    );

    expect(await sendDecisionConfirmation(ref, ports)).toBe('already-handled');
    expect(confirmationAttempts()).toBe(0);

    ports.clock.advance(CONFIRMATION_CLAIM_TIMEOUT_MS + 1);
    expect(await sendDecisionConfirmation(ref, ports)).toBe('sent');
    expect(confirmations()).toHaveLength(1);
  });

  it('confirms nothing for a contract without a decision or an unknown notice', async () => {
    expect(await sendDecisionConfirmation({ noticeId, contractId: 'ctr_001' }, ports)).toBe('no-decision');
    expect(await sendDecisionConfirmation({ noticeId: 'ntc_unknown_2', contractId: 'ctr_000' }, ports)).toBe(
      'no-decision',
    );

    expect(confirmationAttempts()).toBe(0);
    expect(ports.recipients.row(noticeId, 'ctr_001')?.confirmationClaimedAt).toBeUndefined();
  });
});

describe('RecipientRepository.releaseConfirmation', () => {
  const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-3' }));
  const dynamo = mockClient(documentClient);
  const recipients = new RecipientRepository(documentClient, 'registry');
  afterEach(() => {
    dynamo.reset();
  });

  it('removes only the claim it was given, and only while no confirmation was sent', async () => {
    dynamo.on(UpdateCommand).resolves({});

    await recipients.releaseConfirmation('ntc_1', 'ctr_1', '2026-11-20T00:00:00.000Z');

    expect(dynamo).toHaveReceivedCommandTimes(UpdateCommand, 1);
    expect(dynamo).toHaveReceivedCommandWith(UpdateCommand, {
      TableName: 'registry',
      Key: { pk: 'NOTICE#ntc_1', sk: 'RECIPIENT#ctr_1' },
      UpdateExpression: 'REMOVE confirmationClaimedAt',
      ConditionExpression: 'confirmationClaimedAt = :at AND attribute_not_exists(confirmationMessageId)',
      ExpressionAttributeValues: { ':at': '2026-11-20T00:00:00.000Z' },
    });
  });

  it('leaves a claim taken over meanwhile alone, without failing the caller', async () => {
    dynamo.on(UpdateCommand).rejects(new ConditionalCheckFailedException({ $metadata: {}, message: 'failed' }));

    await expect(recipients.releaseConfirmation('ntc_1', 'ctr_1', 'then')).resolves.toBeUndefined();
    expect(dynamo).toHaveReceivedCommandTimes(UpdateCommand, 1);
  });
});
