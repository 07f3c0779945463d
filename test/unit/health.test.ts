import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
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
  it('answers 200 when the table answers, after one DescribeTable (metadata only, no item read)', async () => {
    dynamo.on(DescribeTableCommand).resolves({ Table: { TableStatus: 'ACTIVE' } });
    const response = await health(event, {} as Context);
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body ?? '')).toEqual({ status: 'ok', dependencies: [{ name: 'dynamodb', ok: true }] });
    expect(dynamo).toHaveReceivedCommandTimes(DescribeTableCommand, 1);
    expect(dynamo).toHaveReceivedCommandWith(DescribeTableCommand, { TableName: 'registry' });
    expect((response as { headers?: Record<string, string> }).headers?.['cache-control']).toBe('no-store');
  });

  it('answers 503 when the table exists but is not serving', async () => {
    dynamo.on(DescribeTableCommand).resolves({ Table: { TableStatus: 'DELETING' } });
    const response = await health(event, {} as Context);
    expect(response.statusCode).toBe(503);
    expect(JSON.parse(response.body ?? '')).toEqual({
      status: 'unavailable',
      dependencies: [{ name: 'dynamodb', ok: false, message: 'the table is DELETING' }],
    });
  });

  it('answers 503 naming DynamoDB when the table does not answer, without the error text', async () => {
    dynamo
      .on(DescribeTableCommand)
      .rejects(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED' }));
    const response = await health(event, {} as Context);
    expect(response.statusCode).toBe(503);
    expect(JSON.parse(response.body ?? '')).toEqual({
      status: 'unavailable',
      dependencies: [{ name: 'dynamodb', ok: false, message: 'DynamoDB did not answer DescribeTable (ECONNREFUSED)' }],
    });
  });
});
