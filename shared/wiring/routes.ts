import type { z } from 'zod';
import {
  ContractBodySchema,
  CreatedSchema,
  CreatedWithKeySchema,
  GetSubprocessorsQuerySchema,
  HistoryQuerySchema,
  HistoryResponseSchema,
  IdPathSchema,
  ListVersionResponseSchema,
  OrganisationBodySchema,
  PutSubprocessorsBodySchema,
  PutSubprocessorsResponseSchema,
} from '../http/api-schemas.js';

/**
 * Who may call a route:
 * - `public`: anyone (the published list is a trust-center page);
 * - `admin`: the operator's admin key;
 * - `processor-owner`: the key of the processor named by the `{id}` path parameter.
 */
export type RouteAccess = 'public' | 'admin' | 'processor-owner';

export interface RouteDefinition {
  /** Function name in CDK and key of the local router. */
  name: string;
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  /** Handler module, relative to the repository root; it exports `handler`. */
  entry: string;
  access: RouteAccess;
  summary: string;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  responses: Record<number, { description: string; schema?: z.ZodType }>;
}

/**
 * The HTTP API, declared once. The CDK stack makes one function and one route per entry; the local
 * stack routes requests with the same table; GET /openapi.json is generated from it.
 */
export const ROUTES = {
  health: {
    name: 'health',
    method: 'GET',
    path: '/health',
    entry: 'functions/health.ts',
    access: 'public',
    summary: 'Liveness check',
    responses: { 200: { description: 'The API answers' } },
  },
  openapi: {
    name: 'openapi',
    method: 'GET',
    path: '/openapi.json',
    entry: 'functions/get-openapi.ts',
    access: 'public',
    summary: 'This API as OpenAPI 3.1',
    responses: { 200: { description: 'OpenAPI document' } },
  },
  createProcessor: {
    name: 'createProcessor',
    method: 'POST',
    path: '/processors',
    entry: 'functions/create-processor.ts',
    access: 'admin',
    summary: 'Register a vendor (processor); its API key is shown once',
    body: OrganisationBodySchema,
    responses: { 201: { description: 'Created', schema: CreatedWithKeySchema } },
  },
  createClient: {
    name: 'createClient',
    method: 'POST',
    path: '/clients',
    entry: 'functions/create-client.ts',
    access: 'admin',
    summary: 'Register a client (controller); its API key is shown once',
    body: OrganisationBodySchema,
    responses: { 201: { description: 'Created', schema: CreatedWithKeySchema } },
  },
  createContract: {
    name: 'createContract',
    method: 'POST',
    path: '/processors/{id}/contracts',
    entry: 'functions/create-contract.ts',
    access: 'processor-owner',
    summary: 'Record a contract with a client: who gets notices, and the notice period',
    params: IdPathSchema,
    body: ContractBodySchema,
    responses: {
      201: { description: 'Created', schema: CreatedSchema },
      409: { description: 'A contract with this client exists' },
    },
  },
  putSubprocessors: {
    name: 'putSubprocessors',
    method: 'PUT',
    path: '/processors/{id}/subprocessors',
    entry: 'functions/put-subprocessors.ts',
    access: 'processor-owner',
    summary: 'Publish the sub-processor list as a new version (If-Match: the version last read)',
    params: IdPathSchema,
    body: PutSubprocessorsBodySchema,
    responses: {
      200: { description: 'Published, or unchanged', schema: PutSubprocessorsResponseSchema },
      412: { description: 'If-Match is stale' },
      428: { description: 'If-Match is missing' },
    },
  },
  getSubprocessors: {
    name: 'getSubprocessors',
    method: 'GET',
    path: '/processors/{id}/subprocessors',
    entry: 'functions/get-subprocessors.ts',
    access: 'public',
    summary: 'The current list (or ?version=N), with its version as ETag',
    params: IdPathSchema,
    query: GetSubprocessorsQuerySchema,
    responses: {
      200: { description: 'The list', schema: ListVersionResponseSchema },
      404: { description: 'No such processor or version' },
    },
  },
  listVersions: {
    name: 'listVersions',
    method: 'GET',
    path: '/processors/{id}/versions',
    entry: 'functions/list-versions.ts',
    access: 'public',
    summary: 'History of list versions with their diffs, newest first',
    params: IdPathSchema,
    query: HistoryQuerySchema,
    responses: { 200: { description: 'History page', schema: HistoryResponseSchema } },
  },
} as const satisfies Record<string, RouteDefinition>;

export type RouteName = keyof typeof ROUTES;
export const ROUTE_LIST: readonly RouteDefinition[] = Object.values(ROUTES);
