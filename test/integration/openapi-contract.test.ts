import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowedMethods, KNOWN_PATHS, ROUTE_LIST } from '../../shared/wiring/routes.js';
import { anEntry } from '../support/builders.js';
import { type OpenApiDocument, openResponseObjects } from '../support/openapi-validator.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.stop();
});

// biome-ignore lint/suspicious/noExplicitAny: the served document is read by the assertions below
const served = (): any => api.contract.document;

/** Any method, TRACE included (fetch refuses to send it), checked against the contract like `call`. */
function raw(method: string, path: string): Promise<{ status: number; allow: string | undefined; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(`${api.stack.apiUrl}${path}`, { method }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const headers = new Headers();
        for (const [name, value] of Object.entries(res.headers))
          if (typeof value === 'string') headers.set(name, value);
        try {
          api.contract.assert({ method, path, status: res.statusCode ?? 0, headers, text });
          resolve({
            status: res.statusCode ?? 0,
            allow: res.headers.allow,
            body: text === '' ? undefined : JSON.parse(text),
          });
        } catch (error) {
          reject(error);
        }
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the validator every API test goes through', () => {
  const ok = { 'content-type': 'application/json; charset=utf-8' };
  const health = { status: 'ok', dependencies: [{ name: 'dynamodb', ok: true }] };
  const check = (status: number, body: unknown, headers: Record<string, string> = ok, method = 'GET') =>
    api.contract.check({
      method,
      path: '/health',
      status,
      headers: new Headers(headers),
      text: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('passes a response that matches the document', () => {
    expect(check(200, health)).toBeUndefined();
  });

  it('fails an extra property, naming the route, the status and the property', () => {
    expect(check(200, { ...health, uptime: 3 })).toBe(
      'GET /health → 200: the body does not match the schema: (body) must NOT have additional properties "uptime"',
    );
  });

  it('fails a wrong value inside the body, naming where', () => {
    expect(check(200, { status: 'fine', dependencies: [] })).toBe(
      'GET /health → 200: the body does not match the schema: /status must be equal to one of the allowed values ["ok","unavailable"]',
    );
  });

  it('fails an undeclared status', () => {
    expect(check(418, health)).toBe('GET /health → 418: the status is not declared (declared: 200, 429, 503)');
  });

  it('fails an undeclared content type', () => {
    expect(check(200, 'ok', { 'content-type': 'text/plain' })).toBe(
      'GET /health → 200: content type "text/plain" is not declared (declared: application/json)',
    );
  });

  it('fails an undeclared method that does not answer 405 with Allow', () => {
    expect(check(200, health, ok, 'DELETE')).toBe('DELETE /health → 200: an undeclared method must answer 405');
    expect(check(405, { error: { code: 'method_not_allowed', message: 'no' } }, ok, 'DELETE')).toBe(
      'DELETE /health → 405: Allow is "null", expected GET',
    );
  });

  it('fails a required header that is missing or malformed', () => {
    const observed = (headers: Record<string, string>) => ({
      method: 'GET',
      path: '/processors/prc_x/subprocessors',
      status: 304,
      headers: new Headers(headers),
      text: '',
    });
    expect(api.contract.check(observed({ etag: '"3"' }))).toBeUndefined();
    expect(api.contract.check(observed({}))).toBe(
      'GET /processors/{id}/subprocessors → 304: the required header ETag is missing',
    );
    // Weak while the version is scheduled; never anything but a version number.
    expect(api.contract.check(observed({ etag: 'W/"3"' }))).toBeUndefined();
    expect(api.contract.check(observed({ etag: '"v3"' }))).toBe(
      'GET /processors/{id}/subprocessors → 304: header ETag ""v3"" does not match its schema',
    );
  });

  it('throws from assert, so that a test using the helper fails', () => {
    expect(() =>
      api.contract.assert({ method: 'GET', path: '/health', status: 418, headers: new Headers(ok), text: '' }),
    ).toThrow('OpenAPI contract: GET /health → 418');
  });
});

describe('the served document', () => {
  it('closes every response object it declares', () => {
    expect(openResponseObjects(served() as OpenApiDocument)).toEqual([]);
  });

  it('declares security per route: none on public and token routes, a key elsewhere', () => {
    const paths = served().paths;
    for (const route of ROUTE_LIST) {
      const operation = paths[route.path][route.method.toLowerCase()];
      const keyless = route.access === 'public' || route.access === 'token';
      expect(operation.security, route.name).toEqual(keyless ? [] : [{ bearerKey: [] }, { basicKey: [] }]);
    }
    expect(paths['/objections/{token}'].post.security).toEqual([]);
  });

  it('declares the objection form, If-Match, If-None-Match, HEAD and the country pattern', () => {
    const paths = served().paths;
    const form = paths['/objections/{token}'].post.requestBody.content['application/x-www-form-urlencoded'].schema;
    expect(form.properties.decision.enum).toEqual(['object', 'approve']);
    expect(form.properties.grounds.maxLength).toBe(5000);
    expect(form.required).toEqual(['decision']);
    const put = paths['/processors/{id}/subprocessors'].put;
    expect(put.parameters.find((p: { name: string }) => p.name === 'If-Match')).toMatchObject({
      in: 'header',
      required: false,
    });
    expect(Object.keys(put.responses)).toEqual(['200', '400', '401', '403', '404', '412', '413', '415', '428', '429']);
    const get = paths['/processors/{id}/subprocessors'].get;
    expect(get.parameters.find((p: { name: string }) => p.name === 'If-None-Match')?.in).toBe('header');
    expect(get.responses['304'].headers.ETag).toBeDefined();
    expect(Object.keys(paths['/objections/{token}'].head.responses)).toEqual(['200', '400', '404', '429']);
    const country = paths['/transfers'].get.parameters.find((p: { name: string }) => p.name === 'country');
    expect(country.schema.pattern).toBe('^[A-Z]{2}$');
  });

  it('declares each transfer route in JSON, CSV and HTML', () => {
    for (const path of ['/transfers', '/clients/{id}/transfers', '/processors/{id}/transfers']) {
      expect(Object.keys(served().paths[path].get.responses['200'].content).sort()).toEqual([
        'application/json',
        'text/csv',
        'text/html',
      ]);
    }
  });
});

describe('methods a path does not answer', () => {
  it.each(['TRACE', 'DELETE', 'PATCH', 'OPTIONS', 'POST'])(
    'answers %s on a known path with 405 and Allow',
    async (method) => {
      const response = await raw(method, '/processors/prc_x/subprocessors');
      expect(response).toEqual({
        status: 405,
        allow: 'PUT, GET',
        body: {
          error: {
            code: 'method_not_allowed',
            message: `${method} is not allowed on /processors/prc_x/subprocessors; use PUT, GET`,
          },
        },
      });
    },
  );

  it('lists HEAD where a route also answers it, and answers HEAD with 405 where none does', async () => {
    expect((await raw('DELETE', '/objections/abc')).allow).toBe('GET, HEAD, POST');
    expect(await raw('HEAD', '/health')).toEqual({ status: 405, allow: 'GET', body: undefined });
  });

  it('computes Allow from the route table for every known path', () => {
    expect(KNOWN_PATHS).toHaveLength(new Set(ROUTE_LIST.map((r) => r.path)).size);
    expect(allowedMethods('/processors')).toEqual(['POST', 'GET']);
    expect(allowedMethods('/objections/{token}')).toEqual(['GET', 'HEAD', 'POST']);
  });

  it('still answers 404 on a path the API does not know', async () => {
    expect((await raw('DELETE', '/nowhere')).status).toBe(404);
  });
});

describe('health', () => {
  it('answers 200 naming DynamoDB as up', async () => {
    const response = await api.call('GET', '/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok', dependencies: [{ name: 'dynamodb', ok: true }] });
  });
});

describe('paging limits agree with the schemas', () => {
  it('pages notices up to 100 a page and refuses 101, naming limit', async () => {
    const processor = (await api.call('POST', '/processors', { key: api.adminKey, body: { name: 'Pager' } })).body;
    const path = `/processors/${processor.id}/notices`;
    expect((await api.call('GET', `${path}?limit=100`, { key: processor.apiKey })).status).toBe(200);
    const refused = await api.call('GET', `${path}?limit=101`, { key: processor.apiKey });
    expect(refused.status).toBe(400);
    expect(refused.body.error.issues).toEqual([
      { path: 'query.limit', rule: 'too-big', message: 'query.limit: Too big: expected number to be <=100' },
    ]);
  });

  it('refuses limit and cursor on the processor and client transfer routes, naming the parameter', async () => {
    const processor = (await api.call('POST', '/processors', { key: api.adminKey, body: { name: 'Scoped' } })).body;
    const client = (await api.call('POST', '/clients', { key: api.adminKey, body: { name: 'Scoped client' } })).body;
    expect(
      (
        await api.call('PUT', `/processors/${processor.id}/subprocessors`, {
          key: processor.apiKey,
          body: { subprocessors: [anEntry()] },
        })
      ).status,
    ).toBe(200);
    for (const [path, key] of [
      [`/processors/${processor.id}/transfers`, processor.apiKey],
      [`/clients/${client.id}/transfers`, client.apiKey],
    ] as const) {
      expect((await api.call('GET', `${path}?includeEea=true`, { key })).status).toBe(200);
      for (const parameter of ['limit=2', 'cursor=abc']) {
        const name = parameter.split('=')[0];
        const refused = await api.call('GET', `${path}?${parameter}`, { key });
        expect(refused.status, `${path}?${parameter}`).toBe(400);
        expect(refused.body.error.issues).toEqual([
          { path: `query.${name}`, rule: 'unknown-field', message: `query.${name}: unknown field` },
        ]);
      }
    }
  });
});
