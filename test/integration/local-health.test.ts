import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { type RunningDynamoDb, startDynamoDbLocal } from '../../infra/local/dynamodb-local.js';
import { type LocalStack, startLocalStack } from '../../infra/local/local-stack.js';

// A DynamoDB Local of its own: this test stops it.
let dynamo: RunningDynamoDb | undefined;
let stack: LocalStack | undefined;
afterAll(async () => {
  await stack?.stop();
  await dynamo?.stop();
});

describe('GET /health', () => {
  it('answers 200 while DynamoDB answers, and 503 naming DynamoDB once it is down', async () => {
    dynamo = await startDynamoDbLocal();
    stack = await startLocalStack({
      port: 0,
      adminApiKey: `admin_${randomBytes(24).toString('base64url')}`,
      tableName: 'health',
      dynamoDbEndpoint: dynamo.endpoint,
    });

    const up = await fetch(`${stack.apiUrl}/health`);
    expect(up.status).toBe(200);
    expect(await up.json()).toEqual({ status: 'ok', dependencies: [{ name: 'dynamodb', ok: true }] });

    await dynamo.stop();
    const down = await fetch(`${stack.apiUrl}/health`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({
      status: 'unavailable',
      dependencies: [
        {
          name: 'dynamodb',
          ok: false,
          message: expect.stringMatching(/^DynamoDB did not answer DescribeTable \(\w+\)$/),
        },
      ],
    });
  });
});
