import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { methodNotAllowed } from '../../shared/http/responses.js';
import { allowedMethods, type RouteDefinition } from '../../shared/wiring/routes.js';
import { lambdaContext } from './handler-loader.js';

export type LambdaHttpHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

interface CompiledRoute {
  route: RouteDefinition;
  pattern: RegExp;
  names: string[];
}

/** `/processors/{id}/subprocessors` → a regular expression capturing `id`, as API Gateway matches it. */
function compile(route: RouteDefinition): CompiledRoute {
  const names: string[] = [];
  const source = route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_match, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { route, pattern: new RegExp(`^${source}$`), names };
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * A local stand-in for API Gateway HTTP API (payload format 2.0): matches the request against the
 * shared route table, builds the same event shape Lambda receives, and writes the result back.
 */
export function createLocalHttpApi(
  routes: readonly RouteDefinition[],
  loadHandler: (route: RouteDefinition) => Promise<LambdaHttpHandler>,
  localControl?: (request: IncomingMessage, body: string) => Promise<{ status: number; body: unknown }>,
): Server {
  const compiled = routes.map(compile);
  return createServer(async (request, response) => {
    try {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const method = request.method ?? 'GET';
      if (localControl !== undefined && url.pathname.startsWith('/_local/')) {
        const result = await localControl(request, (await readBody(request)).toString('utf8'));
        response.writeHead(result.status, { 'content-type': 'application/json' }).end(JSON.stringify(result.body));
        return;
      }
      let match: { compiled: CompiledRoute; values: string[] } | undefined;
      for (const candidate of compiled) {
        const found = candidate.pattern.exec(url.pathname);
        // HEAD reaches a GET route only where the route table says so (CDK adds a HEAD route there).
        if (found && (candidate.route.method === method || (method === 'HEAD' && candidate.route.alsoHead === true))) {
          match = { compiled: candidate, values: found.slice(1) };
          break;
        }
      }
      if (match === undefined) {
        const known = compiled.find((candidate) => candidate.pattern.test(url.pathname));
        if (known !== undefined) {
          // What the `ANY <path>` route and functions/method-not-allowed.ts answer in AWS.
          const result = methodNotAllowed(method, url.pathname, allowedMethods(known.route.path));
          response
            .writeHead(result.statusCode, result.headers as Record<string, string>)
            .end(method === 'HEAD' ? undefined : result.body);
          return;
        }
        response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Not Found' }));
        return;
      }
      const { route, names } = match.compiled;
      const body = await readBody(request);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) {
        if (value !== undefined && name !== 'cookie') headers[name] = Array.isArray(value) ? value.join(',') : value;
      }
      // What API Gateway adds in front of every function: the scheme the client used.
      headers['x-forwarded-proto'] ??= 'http';
      const textual = /json|text|x-www-form-urlencoded/i.test(headers['content-type'] ?? '');
      const query = Object.fromEntries(url.searchParams.entries());
      const now = new Date();
      const event: APIGatewayProxyEventV2 = {
        version: '2.0',
        routeKey: `${route.method} ${route.path}`,
        rawPath: url.pathname,
        rawQueryString: url.search.replace(/^\?/, ''),
        headers,
        ...(request.headers.cookie !== undefined && { cookies: request.headers.cookie.split(/;\s*/) }),
        ...(url.searchParams.size > 0 && { queryStringParameters: query }),
        ...(names.length > 0 && {
          pathParameters: Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match.values[i] ?? '')])),
        }),
        requestContext: {
          accountId: '000000000000',
          apiId: 'local',
          domainName: headers.host ?? 'localhost',
          domainPrefix: 'localhost',
          http: {
            method,
            path: url.pathname,
            protocol: `HTTP/${request.httpVersion}`,
            sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
            userAgent: headers['user-agent'] ?? '',
          },
          requestId: crypto.randomUUID(),
          routeKey: `${route.method} ${route.path}`,
          stage: '$default',
          time: now.toUTCString(),
          timeEpoch: now.getTime(),
        },
        isBase64Encoded: body.length > 0 && !textual,
        ...(body.length > 0 && { body: textual ? body.toString('utf8') : body.toString('base64') }),
      };
      const handler = await loadHandler(route);
      const result = await handler(event, lambdaContext(route.name, 10_000));
      const payload =
        result.body === undefined
          ? Buffer.alloc(0)
          : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
      const outHeaders: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(result.headers ?? {})) outHeaders[name] = String(value);
      if (result.cookies?.length) outHeaders['set-cookie'] = result.cookies;
      response.writeHead(result.statusCode ?? 200, outHeaders);
      response.end(method === 'HEAD' ? undefined : payload);
    } catch (error) {
      // API Gateway answers 500 "Internal Server Error" when the integration fails.
      console.error('local API: handler failed', error);
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ message: 'Internal Server Error' }));
    }
  });
}
