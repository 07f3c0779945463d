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
  NoticeListResponseSchema,
  NoticeResponseSchema,
  OrganisationBodySchema,
  PageQuerySchema,
  PutSubprocessorsBodySchema,
  PutSubprocessorsResponseSchema,
  TokenPathSchema,
  TransferListResponseSchema,
  TransferQuerySchema,
} from '../http/api-schemas.js';

/**
 * Who may call a route:
 * - `public`: anyone (the published list is a trust-center page);
 * - `admin`: the operator's admin key;
 * - `processor-owner`: the key of the processor named by the `{id}` path parameter;
 * - `client-owner`: the key of the client named by the `{id}` path parameter;
 * - `processor`: any processor's key; the handler shows only that processor's objects (404 otherwise);
 * - `tenant`: any processor's or client's key; the handler shows only what that tenant may see;
 * - `token`: anyone holding the link's token (the objection pages; the token is the authorisation).
 */
export type RouteAccess = 'public' | 'admin' | 'processor-owner' | 'client-owner' | 'processor' | 'tenant' | 'token';

export interface RouteDefinition {
  /** Function name in CDK and key of the local router. */
  name: string;
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  /** Handler module, relative to the repository root; it exports `handler`. */
  entry: string;
  access: RouteAccess;
  /** Also answer HEAD (pages that mail scanners probe). */
  alsoHead?: boolean;
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
  listNotices: {
    name: 'listNotices',
    method: 'GET',
    path: '/processors/{id}/notices',
    entry: 'functions/list-notices.ts',
    access: 'processor-owner',
    summary: "The processor's change notices, newest first",
    params: IdPathSchema,
    query: PageQuerySchema,
    responses: { 200: { description: 'Notices', schema: NoticeListResponseSchema } },
  },
  getNotice: {
    name: 'getNotice',
    method: 'GET',
    path: '/notices/{id}',
    entry: 'functions/get-notice.ts',
    access: 'processor',
    summary: 'One notice with, per contract, its delivery, deadline and outcome (paged by contract)',
    params: IdPathSchema,
    query: PageQuerySchema,
    responses: {
      200: { description: 'The notice', schema: NoticeResponseSchema },
      404: { description: 'No such notice for this processor' },
    },
  },
  noticeEvidence: {
    name: 'noticeEvidence',
    method: 'GET',
    path: '/notices/{id}/evidence',
    entry: 'functions/get-notice-evidence.ts',
    access: 'tenant',
    summary:
      'Evidence pack of a notice (JSON download): content and SHA-256, versions, e-mails, delivery, decisions, outcomes; a client sees its own contract',
    params: IdPathSchema,
    query: PageQuerySchema,
    responses: {
      200: { description: 'The evidence pack' },
      404: { description: 'No such notice for this key' },
    },
  },
  objectionPage: {
    name: 'objectionPage',
    method: 'GET',
    path: '/objections/{token}',
    entry: 'functions/objection-page.ts',
    access: 'token',
    alsoHead: true,
    summary: 'The page behind the e-mailed link: shows the changes and a form; records nothing',
    params: TokenPathSchema,
    responses: {
      200: { description: 'HTML page' },
      404: { description: 'Unknown link (same page for every unknown token)' },
    },
  },
  recordObjection: {
    name: 'recordObjection',
    method: 'POST',
    path: '/objections/{token}',
    entry: 'functions/record-objection.ts',
    access: 'token',
    summary: 'A person submits the form: decision=object|approve, grounds',
    params: TokenPathSchema,
    responses: {
      200: { description: 'HTML confirmation (or the decision already recorded)' },
      404: { description: 'Unknown link' },
      409: { description: 'The window is closed' },
    },
  },
  listTransfers: {
    name: 'listTransfers',
    method: 'GET',
    path: '/transfers',
    entry: 'functions/list-transfers.ts',
    access: 'admin',
    summary: "Every processor's transfers outside the EEA (JSON, CSV or an HTML page); what-if by adequacy",
    query: TransferQuerySchema,
    responses: { 200: { description: 'Transfers', schema: TransferListResponseSchema } },
  },
  listClientTransfers: {
    name: 'listClientTransfers',
    method: 'GET',
    path: '/clients/{id}/transfers',
    entry: 'functions/list-client-transfers.ts',
    access: 'client-owner',
    summary: 'The transfers of the processors this client has contracts with',
    params: IdPathSchema,
    query: TransferQuerySchema,
    responses: { 200: { description: 'Transfers', schema: TransferListResponseSchema } },
  },
  listProcessorTransfers: {
    name: 'listProcessorTransfers',
    method: 'GET',
    path: '/processors/{id}/transfers',
    entry: 'functions/list-processor-transfers.ts',
    access: 'processor-owner',
    summary: "This processor's transfers",
    params: IdPathSchema,
    query: TransferQuerySchema,
    responses: { 200: { description: 'Transfers', schema: TransferListResponseSchema } },
  },
  adequacyReference: {
    name: 'adequacyReference',
    method: 'GET',
    path: '/reference/adequacy',
    entry: 'functions/get-adequacy-reference.ts',
    access: 'public',
    summary: 'What the registry believes: EEA members, adequacy decisions with dates, scope and sources',
    responses: { 200: { description: 'The reference data and its version' } },
  },
} as const satisfies Record<string, RouteDefinition>;

export type RouteName = keyof typeof ROUTES;
export const ROUTE_LIST: readonly RouteDefinition[] = Object.values(ROUTES);
