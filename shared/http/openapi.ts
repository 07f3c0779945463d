import * as z from 'zod';
import { LANGUAGES } from '../i18n/language.js';
import {
  type MediaType,
  type ResponseDefinition,
  type ResponseHeaderName,
  ROUTE_LIST,
  type RouteDefinition,
  sharedErrorStatuses,
} from '../wiring/routes.js';
import { ErrorResponseSchema, EtagSchema, GatewayMessageSchema } from './api-schemas.js';

/** One JSON Schema 2020-12 per zod schema; the document's own dialect says which, not each schema. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return rest;
}

const ERROR = { $ref: '#/components/schemas/Error' };

/** `required`: sent on every response that declares the header (Link only when a next page exists). */
const RESPONSE_HEADERS: Record<ResponseHeaderName | 'WWW-Authenticate' | 'Allow', object> = {
  ETag: {
    description:
      'The list version as an entity tag, for If-Match: weak (W/"3") on GET while the version is scheduled (its effective time may still move, so it is never answered 304), strong once it is in force or withdrawn; on the public documents (/trust/…), "sha256-…" of the content',
    required: true,
    schema: jsonSchema(EtagSchema, 'output'),
  },
  Link: { description: 'RFC 8288 link to the next page: `<…>; rel="next"`', schema: { type: 'string' } },
  'Content-Disposition': {
    description: 'A download, with its file name',
    required: true,
    schema: { type: 'string', pattern: '^attachment; filename=' },
  },
  'Repr-Digest': {
    description: 'RFC 9530: the SHA-256 of exactly these bytes',
    required: true,
    schema: { type: 'string', pattern: '^sha-256=:[A-Za-z0-9+/]+={0,2}:$' },
  },
  'WWW-Authenticate': {
    description: 'Basic, so that a browser asks for the key once',
    required: true,
    schema: { type: 'string', pattern: '^Basic ' },
  },
  'Content-Language': {
    description: 'The language of the page or the CSV (en or fr); absent on JSON',
    schema: { type: 'string', enum: [...LANGUAGES] },
  },
  Vary: {
    description: 'Accept-Language: the language follows it when ?lang= is not given',
    schema: { type: 'string' },
  },
  Allow: {
    description: 'The methods this path answers (RFC 9110 §10.2.1)',
    required: true,
    schema: { type: 'string' },
  },
};

const SHARED_ERRORS: Record<number, { description: string; headers?: readonly (keyof typeof RESPONSE_HEADERS)[] }> = {
  400: { description: 'Invalid input; issues name the field and the rule' },
  401: { description: 'No API key, or an unknown one', headers: ['WWW-Authenticate'] },
  403: { description: 'The key may not use this route or this object' },
  413: { description: 'The body is over the size limit' },
  415: { description: 'The body is not in the media type the route reads' },
};

function headersOf(names: readonly (keyof typeof RESPONSE_HEADERS)[] | undefined) {
  return names === undefined || names.length === 0
    ? {}
    : { headers: Object.fromEntries(names.map((name) => [name, RESPONSE_HEADERS[name]])) };
}

function response(definition: ResponseDefinition) {
  const content = Object.entries(definition.content ?? {}) as [MediaType, z.ZodType][];
  return {
    description: definition.description,
    ...headersOf(definition.headers),
    ...(content.length > 0 && {
      content: Object.fromEntries(
        content.map(([type, schema]) => [
          type,
          { schema: schema === ErrorResponseSchema ? ERROR : jsonSchema(schema, 'output') },
        ]),
      ),
    }),
  };
}

/** The route's own answers, then the errors its kind shares (a route's own declaration wins). */
function responses(route: RouteDefinition): Record<string, object> {
  const out: Record<string, object> = {};
  for (const [status, definition] of Object.entries(route.responses)) out[status] = response(definition);
  for (const status of sharedErrorStatuses(route)) {
    const shared = SHARED_ERRORS[status];
    if (shared === undefined || out[status] !== undefined) continue;
    out[status] = { ...shared, ...headersOf(shared.headers), content: { 'application/json': { schema: ERROR } } };
  }
  // API Gateway answers it before any function runs, when the stage's rate or burst limit is passed.
  out[429] = {
    description: 'Throttled by API Gateway (the stage limits requests per second); retry later',
    content: { 'application/json': { schema: jsonSchema(GatewayMessageSchema, 'output') } },
  };
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

function parameters(route: RouteDefinition) {
  const out: object[] = [];
  for (const [where, schema] of [
    ['path', route.params],
    ['query', route.query],
  ] as const) {
    if (schema === undefined) continue;
    const object = jsonSchema(schema, 'input') as { properties?: Record<string, object>; required?: string[] };
    for (const [name, property] of Object.entries(object.properties ?? {})) {
      out.push({
        name,
        in: where,
        required: where === 'path' || (object.required ?? []).includes(name),
        schema: property,
      });
    }
  }
  for (const header of route.requestHeaders ?? []) {
    out.push({
      name: header.name,
      in: 'header',
      required: false,
      description: header.description,
      schema: jsonSchema(header.schema, 'input'),
    });
  }
  return out;
}

function requestBody(route: RouteDefinition) {
  if (route.body !== undefined) {
    return { required: true, content: { 'application/json': { schema: jsonSchema(route.body, 'input') } } };
  }
  if (route.form !== undefined) {
    return {
      required: true,
      content: { 'application/x-www-form-urlencoded': { schema: jsonSchema(route.form, 'input') } },
    };
  }
  return undefined;
}

/** Public routes and the token pages (the token in the path is the credential) take no key. */
function security(route: RouteDefinition) {
  return route.access === 'public' || route.access === 'token' ? [] : [{ bearerKey: [] }, { basicKey: [] }];
}

function operation(route: RouteDefinition, method: RouteDefinition['method'] | 'HEAD') {
  const body = requestBody(route);
  const head = method === 'HEAD';
  return {
    operationId: head ? `${route.name}Head` : route.name,
    summary: head ? `${route.summary} (headers only)` : route.summary,
    tags: [route.path.split('/')[1] ?? ''],
    security: security(route),
    parameters: parameters(route),
    ...(body !== undefined && { requestBody: body }),
    responses: responses(route),
  };
}

/** OpenAPI 3.1 (JSON Schema 2020-12) generated from the route table and its zod schemas. */
export function openApiDocument(serverUrl?: string) {
  const paths: Record<string, Record<string, object>> = {};
  for (const route of ROUTE_LIST) {
    const item = paths[route.path] ?? {};
    paths[route.path] = item;
    item[route.method.toLowerCase()] = operation(route, route.method);
    if (route.alsoHead === true) item.head = operation(route, 'HEAD');
  }
  const tags = [...new Set(ROUTE_LIST.map((route) => route.path.split('/')[1] ?? ''))];
  return {
    openapi: '3.1.0',
    info: {
      title: 'Subprocessor Registry',
      version: '1.0.0',
      description:
        'GDPR sub-processor lists (Art. 28(2)), versioned and checked against Chapter V. Any other method on a ' +
        'path of this document answers 405 with `Allow` (x-method-not-allowed).',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: serverUrl ?? '/' }],
    tags: tags.map((name) => ({ name, description: `Routes under /${name}` })),
    components: {
      securitySchemes: {
        bearerKey: { type: 'http', scheme: 'bearer', description: 'Admin, processor or client API key' },
        basicKey: {
          type: 'http',
          scheme: 'basic',
          description: 'The API key as the password (any user name): what a browser sends for the HTML pages',
        },
      },
      schemas: { Error: jsonSchema(ErrorResponseSchema, 'output') },
    },
    // OpenAPI has no place for the answer to a method a path does not declare: an extension says it.
    'x-method-not-allowed': {
      description: 'The path exists, the method does not',
      headers: { Allow: RESPONSE_HEADERS.Allow },
      content: { 'application/json': { schema: ERROR } },
    },
    paths,
  };
}
