import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handler } from '../../functions/method-not-allowed.js';

const event = (method: string, routeKey: string, rawPath: string) =>
  ({ routeKey, rawPath, requestContext: { http: { method } } }) as APIGatewayProxyEventV2;

describe('the function behind ANY /{proxy+} in AWS', () => {
  it('answers 405 with the methods of the route table for the path template of the route key', async () => {
    const response = await handler(event('DELETE', 'ANY /{proxy+}', '/objections/abc'));
    expect(response).toEqual({
      statusCode: 405,
      headers: { 'content-type': 'application/json; charset=utf-8', allow: 'GET, HEAD, POST' },
      body: JSON.stringify({
        error: { code: 'method_not_allowed', message: 'DELETE is not allowed on /objections/abc; use GET, HEAD, POST' },
      }),
    });
  });

  it('leaves HEAD out where no route answers it', async () => {
    const response = await handler(event('HEAD', 'ANY /{proxy+}', '/processors/p/subprocessors'));
    expect(response.headers?.allow).toBe('PUT, GET');
  });

  it('finds the template of a request path, the most literal first, and answers 404 for an unknown path', async () => {
    const schema = await handler(event('POST', 'ANY /{proxy+}', '/schemas/subprocessor-list-v1.json'));
    expect(schema.statusCode).toBe(405);
    expect(schema.headers?.allow).toBe('GET');
    const feed = await handler(event('DELETE', 'ANY /{proxy+}', '/trust/prc_1/feed.atom'));
    expect(feed.headers?.allow).toBe('GET');
    const unknown = await handler(event('GET', 'ANY /{proxy+}', '/nowhere/at/all'));
    expect(unknown).toEqual({
      statusCode: 404,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ message: 'Not Found' }),
    });
  });
});
