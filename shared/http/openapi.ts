import * as z from 'zod';
import { ROUTE_LIST, type RouteDefinition } from '../wiring/routes.js';
import { ErrorResponseSchema } from './api-schemas.js';

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' });

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
  return out;
}

/** OpenAPI 3.1 (JSON Schema 2020-12) generated from the route table and its zod schemas. */
export function openApiDocument(serverUrl?: string) {
  const paths: Record<string, Record<string, object>> = {};
  for (const route of ROUTE_LIST) {
    const responses: Record<string, object> = {};
    for (const [status, response] of Object.entries(route.responses)) {
      responses[status] = {
        description: response.description,
        ...(response.schema && { content: { 'application/json': { schema: jsonSchema(response.schema, 'output') } } }),
      };
    }
    responses['4XX'] = {
      description: 'Client error; issues name the field and the rule',
      content: { 'application/json': { schema: jsonSchema(ErrorResponseSchema, 'output') } },
    };
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, object>)[route.method.toLowerCase()] = {
      operationId: route.name,
      summary: route.summary,
      ...(route.access !== 'public' && { security: [{ apiKey: [] }] }),
      parameters: parameters(route),
      ...(route.body && {
        requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body, 'input') } } },
      }),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Subprocessor Registry',
      version: '1.0.0',
      description: 'GDPR sub-processor lists (Art. 28(2)), versioned and checked against Chapter V.',
    },
    ...(serverUrl && { servers: [{ url: serverUrl }] }),
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'Admin, processor or client API key' },
      },
    },
    paths,
  };
}
