import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { hashApiKey } from '../../shared/domain/api-key.js';
import '../support/sdk-matchers.js';

const ADMIN_KEY = 'spr_admin_unit-test-key-000000000000';
const dynamo = mockClient(DynamoDBDocumentClient);

const event = (overrides: Partial<APIGatewayProxyEventV2>): APIGatewayProxyEventV2 =>
  ({
    version: '2.0',
    routeKey: 'POST /processors',
    rawPath: '/processors',
    rawQueryString: '',
    headers: {},
    isBase64Encoded: false,
    requestContext: { http: { method: 'POST', path: '/processors' } },
    ...overrides,
  }) as APIGatewayProxyEventV2;

let createProcessor: (e: APIGatewayProxyEventV2, c: Context) => Promise<{ statusCode: number; body?: string }>;

beforeAll(async () => {
  vi.stubEnv('TABLE_NAME', 'registry');
  vi.stubEnv('EVENT_BUS_NAME', 'registry-bus');
  vi.stubEnv('ADMIN_API_KEY_SHA256', hashApiKey(ADMIN_KEY));
  ({ handler: createProcessor } = (await import('../../functions/create-processor.js')) as never);
});

afterEach(() => {
  dynamo.reset();
});

describe('HTTP handler error mapping', () => {
  it('answers 401 without touching DynamoDB when the key is missing', async () => {
    const response = await createProcessor(
      event({ body: '{"name":"A"}', headers: { 'content-type': 'application/json' } }),
      {} as Context,
    );
    expect(response.statusCode).toBe(401);
    expect(dynamo).not.toHaveReceivedAnyCommand();
  });

  it('hides the details of an unexpected failure behind a generic 500', async () => {
    dynamo.onAnyCommand().rejects(new Error('socket hang up at 10.0.0.7 with secret table layout'));
    const response = await createProcessor(
      event({
        body: '{"name":"A"}',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${ADMIN_KEY}` },
      }),
      {} as Context,
    );
    expect(response.statusCode).toBe(500);
    expect(JSON.parse(response.body ?? '')).toEqual({ error: { code: 'internal_error', message: 'internal error' } });
  });

  it('looks up an unknown key by its hash, never by the key itself', async () => {
    dynamo.on(GetCommand).resolves({});
    const key = 'spr_p_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
    const response = await createProcessor(
      event({ body: '{"name":"A"}', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` } }),
      {} as Context,
    );
    expect(response.statusCode).toBe(401);
    expect(dynamo).toHaveReceivedCommandWith(GetCommand, { Key: { pk: `APIKEY#${hashApiKey(key)}`, sk: 'APIKEY' } });
  });
});
