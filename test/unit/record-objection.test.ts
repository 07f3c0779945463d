import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { keys } from '../../shared/adapters/dynamodb/keys.js';
import { hashApiKey } from '../../shared/domain/api-key.js';
import type { Notice, NoticeRecipient } from '../../shared/domain/notice.js';
import { newSecret, sha256Hex } from '../../shared/domain/secrets.js';
import '../support/sdk-matchers.js';

/** POST /objections/{token}: the handler parses the form, then calls recordDecision; DynamoDB is mocked. */
const dynamo = mockClient(DynamoDBDocumentClient);
const token = newSecret('');

const notice: Notice = {
  id: 'ntc_acme_2',
  processorId: 'prc_acme',
  processorName: 'Acme Cloud SAS',
  version: 2,
  kind: 'objection-window',
  publishedAt: '2026-01-05T09:00:00.000Z',
  effectiveAt: '2026-02-04T09:00:00.000Z',
  changes: [],
  openedAt: '2026-01-05T09:00:00.000Z',
  state: 'open',
};
const recipient: NoticeRecipient = {
  noticeId: notice.id,
  processorId: 'prc_acme',
  contractId: 'ctr_1',
  clientId: 'cli_1',
  notifyEmails: ['dpo@client.example'],
  noticePeriodDays: 15,
  delivery: 'delivered',
  deliveryEvents: [],
  sentAt: '2026-01-05T09:00:00.000Z',
  // Far ahead: the handler reads the system clock.
  closesAt: '2999-01-01T00:00:00.000Z',
  windowState: 'open',
  outcome: 'pending',
};

const post = (body: string, path = token): APIGatewayProxyEventV2 =>
  ({
    version: '2.0',
    routeKey: 'POST /objections/{token}',
    rawPath: `/objections/${path}`,
    rawQueryString: '',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    pathParameters: { token: path },
    body,
    isBase64Encoded: false,
    requestContext: {
      http: { method: 'POST', path: `/objections/${path}`, sourceIp: '192.0.2.7', userAgent: 'Firefox' },
    },
  }) as unknown as APIGatewayProxyEventV2;

let recordObjection: (e: APIGatewayProxyEventV2, c: Context) => Promise<{ statusCode: number; body?: string }>;

beforeAll(async () => {
  vi.stubEnv('TABLE_NAME', 'registry');
  vi.stubEnv('EVENT_BUS_NAME', 'registry-bus');
  vi.stubEnv('ADMIN_API_KEY_SHA256', hashApiKey('spr_admin_unit-test-key-000000000000'));
  ({ handler: recordObjection } = (await import('../../functions/record-objection.js')) as never);
});

beforeEach(() => {
  // Any other key: no item, as DynamoDB answers.
  dynamo.on(GetCommand).resolves({});
  dynamo
    .on(GetCommand, { Key: keys.objectionToken(sha256Hex(token)) })
    .resolves({ Item: { noticeId: notice.id, contractId: 'ctr_1' } });
  dynamo.on(GetCommand, { Key: keys.notice(notice.id) }).resolves({ Item: notice });
  dynamo.on(GetCommand, { Key: keys.recipient(notice.id, 'ctr_1') }).resolves({ Item: recipient });
  dynamo.on(UpdateCommand).resolves({});
});

afterEach(() => {
  dynamo.reset();
});

describe('POST /objections/{token} with a bad form', () => {
  it.each([
    ['no decision', 'grounds=because', 'decision: press Object or Approve.'],
    ['an unknown decision', 'decision=veto', 'decision: press Object or Approve.'],
    [
      'grounds over 5,000 characters',
      `decision=object&grounds=${'x'.repeat(5001)}`,
      'grounds: must be at most 5000 characters.',
    ],
    [
      'grounds with a NUL',
      'decision=object&grounds=see%00below',
      'grounds: must not contain control characters other than line breaks and tabs.',
    ],
    ['an unknown field', 'decision=object&extra=1', 'extra: unknown field.'],
  ])('answers 400 with the page naming the field (%s), and records nothing', async (_what, body, message) => {
    const response = await recordObjection(post(body), {} as Context);

    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(`<p class="notice" role="alert">${message}</p>`);
    expect(response.body).toContain('<form method="post">');
    expect(dynamo).not.toHaveReceivedCommand(UpdateCommand);
  });

  it('answers the unknown-link page (404) to a bad form on an unknown token: it learns nothing', async () => {
    const response = await recordObjection(post('decision=veto', 'A'.repeat(43)), {} as Context);

    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('This link is not valid');
    expect(dynamo).not.toHaveReceivedCommand(UpdateCommand);
  });
});

describe('POST /objections/{token} with a good form', () => {
  it('records the decision with the grounds as typed (several lines, trimmed) and answers 200', async () => {
    const response = await recordObjection(
      post(`decision=object&grounds=${encodeURIComponent('  No US transfers.\r\nSee our DPA. ')}`),
      {} as Context,
    );

    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Your objection is recorded');
    expect(dynamo).toHaveReceivedCommandTimes(UpdateCommand, 1);
    expect(dynamo).toHaveReceivedCommandWith(UpdateCommand, {
      Key: keys.recipient(notice.id, 'ctr_1'),
      UpdateExpression: 'SET decision = :decision',
    });
    const decision = dynamo.commandCalls(UpdateCommand)[0]?.args[0].input.ExpressionAttributeValues?.[':decision'];
    expect(decision).toEqual({
      decision: 'object',
      grounds: 'No US transfers.\nSee our DPA.',
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      ip: '192.0.2.7',
      userAgent: 'Firefox',
    });
  });
});
