import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handler } from '../../functions/method-not-allowed.js';

const event = (method: string, routeKey: string, rawPath: string) =>
  ({ routeKey, rawPath, requestContext: { http: { method } } }) as APIGatewayProxyEventV2;

describe('the function behind ANY <path> in AWS', () => {
  it('answers 405 with the methods of the route table for the path template of the route key', async () => {
    const response = await handler(event('DELETE', 'ANY /objections/{token}', '/objections/abc'));
    expect(response).toEqual({
      statusCode: 405,
      headers: { 'content-type': 'application/json; charset=utf-8', allow: 'GET, HEAD, POST' },
      body: JSON.stringify({
        error: { code: 'method_not_allowed', message: 'DELETE is not allowed on /objections/abc; use GET, HEAD, POST' },
      }),
    });
  });

  it('leaves HEAD out where no route answers it', async () => {
    const response = await handler(event('HEAD', 'ANY /processors/{id}/subprocessors', '/processors/p/subprocessors'));
    expect(response.headers?.allow).toBe('PUT, GET');
  });
});
