import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { hashApiKey } from '../../shared/domain/api-key.js';
import '../support/sdk-matchers.js';

const dynamo = mockClient(DynamoDBClient);
const event = {
  version: '2.0',
  routeKey: 'GET /health',
  rawPath: '/health',
  rawQueryString: '',
  headers: {},
  isBase64Encoded: false,
  requestContext: { http: { method: 'GET', path: '/health' } },
} as APIGatewayProxyEventV2;

let health: (e: APIGatewayProxyEventV2, c: Context) => Promise<{ statusCode: number; body?: string }>;

beforeAll(async () => {
  vi.stubEnv('TABLE_NAME', 'registry');
  vi.stubEnv('EVENT_BUS_NAME', 'registry-bus');
  vi.stubEnv('ADMIN_API_KEY_SHA256', hashApiKey('spr_admin_unit-test-key-000000000000'));
  ({ handler: health } = (await import('../../functions/health.js')) as never);
});

afterEach(() => {
  dynamo.reset();
});

describe('GET /health', () => {
  it('answers 200 when the table answers, after one read of a key that never exists', async () => {
    dynamo.on(GetItemCommand).resolves({});
    const response = await health(event, {} as Context);
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body ?? '')).toEqual({ status: 'ok', dependencies: [{ name: 'dynamodb', ok: true }] });
    expect(dynamo).toHaveReceivedCommandTimes(GetItemCommand, 1);
    expect(dynamo).toHaveReceivedCommandWith(GetItemCommand, {
      TableName: 'registry',
      Key: { pk: { S: 'HEALTH' }, sk: { S: 'HEALTH' } },
    });
  });

  it('answers 503 naming DynamoDB when the table does not answer, without the error text', async () => {
    dynamo.on(GetItemCommand).rejects(new Error('connect ECONNREFUSED 127.0.0.1:8000'));
    const response = await health(event, {} as Context);
    expect(response.statusCode).toBe(503);
    expect(JSON.parse(response.body ?? '')).toEqual({
      status: 'unavailable',
      dependencies: [{ name: 'dynamodb', ok: false, message: 'the table registry does not answer' }],
    });
  });
});
