import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type * as z from 'zod';
import { systemClock } from '../adapters/clock.js';
import { config } from '../config.js';
import type { Principal } from '../domain/api-key.js';
import { ValidationError } from '../domain/errors.js';
import type { ApiKeyStore } from '../domain/ports.js';
import { logger } from '../logger.js';
import type { RouteDefinition } from '../wiring/routes.js';
import { authenticate } from './authenticate.js';
import { errorResponse } from './error-response.js';
import { issuesFromZod } from './issues-from-zod.js';
import { readJsonBody } from './request-body.js';
import type { HttpResult } from './responses.js';

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface HttpRequest<R extends RouteDefinition> {
  params: Parsed<R['params']>;
  query: Parsed<R['query']>;
  body: Parsed<R['body']>;
  principal: Principal | undefined;
  headers: Record<string, string | undefined>;
  event: APIGatewayProxyEventV2;
}

function parse<S extends z.ZodType>(schema: S, value: unknown, root: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issues = issuesFromZod(result.error, root);
    throw new ValidationError(issues.map((i) => i.message).join('; '), issues);
  }
  return result.data;
}

/**
 * Wraps a route's use-case call in the common HTTP steps, in order: normalise headers, authenticate
 * against the route's access rule, validate path, query and body with the route's schemas, and map
 * any error to a response in one place. Handlers stay a few lines long.
 */
export function defineHttpHandler<R extends RouteDefinition>(
  route: R,
  apiKeys: ApiKeyStore,
  run: (request: HttpRequest<R>) => Promise<HttpResult>,
) {
  const { adminApiKeySha256 } = config();
  return (
    middy<APIGatewayProxyEventV2, HttpResult, Error, Context>()
      // Never logs the event: its headers carry API keys.
      .use(injectLambdaContext(logger, { logEvent: false, resetKeys: true }))
      .use(httpHeaderNormalizer())
      .use(errorResponse())
      .handler(async (event) => {
        const headers = event.headers ?? {};
        const rawParams = event.pathParameters ?? {};
        const principal = await authenticate(route.access, headers.authorization, rawParams.id, {
          apiKeys,
          adminApiKeySha256,
          clock: systemClock,
        });
        const request = {
          params: route.params ? parse(route.params, rawParams, '') : undefined,
          query: route.query ? parse(route.query, event.queryStringParameters ?? {}, 'query') : undefined,
          body: route.body ? parse(route.body, readJsonBody(event), '') : undefined,
          principal,
          headers,
          event,
        } as HttpRequest<R>;
        return run(request);
      })
  );
}
