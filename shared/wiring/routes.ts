import * as z from 'zod';
import { ApiDecisionBodySchema, DecisionFormSchema } from '../domain/record-decision.js';
import {
  AdequacyReferenceResponseSchema,
  ApiKeyBodySchema,
  ApiKeyListResponseSchema,
  ApiKeyPathSchema,
  AtomFeedSchema,
  ClientContractListResponseSchema,
  ClientDecisionResponseSchema,
  ClientListResponseSchema,
  ClientNoticeListQuerySchema,
  ClientNoticeListResponseSchema,
  ClientNoticePathSchema,
  ContractBodySchema,
  ContractListQuerySchema,
  ContractListResponseSchema,
  ContractPatchBodySchema,
  ContractPathSchema,
  ContractViewSchema,
  CreatedApiKeySchema,
  CreatedSchema,
  CreatedWebhookSchema,
  CreatedWithKeySchema,
  CsvSchema,
  EndContractBodySchema,
  ErrorResponseSchema,
  EvidencePackResponseSchema,
  GetSubprocessorsQuerySchema,
  HealthResponseSchema,
  HistoryQuerySchema,
  HistoryResponseSchema,
  HtmlPageSchema,
  IdPathSchema,
  IfMatchSchema,
  JsonSchemaDocumentSchema,
  ListVersionResponseSchema,
  NoticeListQuerySchema,
  NoticeListResponseSchema,
  NoticeResponseSchema,
  OneClickFormSchema,
  OpenApiDocumentSchema,
  OrganisationBodySchema,
  PageLanguageQuerySchema,
  PageQuerySchema,
  ProcessorListResponseSchema,
  ProcessorPatchBodySchema,
  ProcessorProfileResponseSchema,
  ProcessorProfileWithSubscribersSchema,
  PublicSubprocessorListSchema,
  PutSubprocessorsBodySchema,
  PutSubprocessorsResponseSchema,
  ResendBodySchema,
  ResendResponseSchema,
  ScopedTransferQuerySchema,
  SUBPROCESSOR_LIST_SCHEMA_PATH,
  SubscribeBodySchema,
  SubscriptionRequestedSchema,
  SubscriptionTokenPathSchema,
  TenantListQuerySchema,
  TokenPathSchema,
  TransferListResponseSchema,
  TransferQuerySchema,
  TrustFeedQuerySchema,
  WebhookBodySchema,
  WebhookDeliveryListResponseSchema,
  WebhookDeliveryQuerySchema,
  WebhookListResponseSchema,
  WebhookPathSchema,
  WebhookResponseSchema,
  WithdrawPathSchema,
  WithdrawResponseSchema,
} from '../http/api-schemas.js';
import type { FunctionCapability } from './events.js';

/**
 * Who may call a route:
 * - `public`: anyone (the published list is a trust-center page);
 * - `admin`: the operator's admin key;
 * - `processor-owner`: the key of the processor named by the `{id}` path parameter;
 * - `processor-owner-or-admin`: that processor's key, or the operator's admin key (who registered it);
 * - `client-owner`: the key of the client named by the `{id}` path parameter;
 * - `client-owner-or-admin`: that client's key, or the operator's admin key;
 * - `processor`: any processor's key; the handler shows only that processor's objects (404 otherwise);
 * - `tenant`: any processor's or client's key; the handler shows only what that tenant may see;
 * - `token`: anyone holding the link's token (the objection pages; the token is the authorisation).
 */
export type RouteAccess =
  | 'public'
  | 'admin'
  | 'processor-owner'
  | 'processor-owner-or-admin'
  | 'client-owner'
  | 'client-owner-or-admin'
  | 'processor'
  | 'tenant'
  | 'token';

/** The media types the API answers with. */
export type MediaType = 'application/json' | 'text/html' | 'text/csv' | 'application/atom+xml';

/** Response headers the API sets, declared in the OpenAPI document (shared/http/openapi.ts). */
export type ResponseHeaderName = 'ETag' | 'Link' | 'Content-Disposition' | 'Repr-Digest' | 'Content-Language' | 'Vary';

export interface ResponseDefinition {
  description: string;
  /** The body per media type; absent for a response without a body (304). */
  content?: Partial<Record<MediaType, z.ZodType>>;
  headers?: readonly ResponseHeaderName[];
}

export interface RequestHeaderDefinition {
  name: 'If-Match' | 'If-None-Match' | 'Accept-Language';
  description: string;
  schema: z.ZodType;
}

export interface RouteDefinition {
  /** Function name in CDK and key of the local router. */
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  /** Handler module, relative to the repository root; it exports `handler`. */
  entry: string;
  access: RouteAccess;
  /** What the function does beyond the table (events.ts): a route that queues e-mails sends notices. */
  capabilities?: readonly FunctionCapability[];
  /** Also answer HEAD (pages that mail scanners probe). */
  alsoHead?: boolean;
  summary: string;
  params?: z.ZodType;
  query?: z.ZodType;
  /** A JSON body, validated by defineHttpHandler. */
  body?: z.ZodType;
  /** An HTML form body (application/x-www-form-urlencoded), read by the handler itself. */
  form?: z.ZodType;
  requestHeaders?: readonly RequestHeaderDefinition[];
  /**
   * Every answer of the route except the errors every route of its kind shares (400 for bad input,
   * 401/403 for a keyed route, 413/415 for a body: see `sharedErrorStatuses`).
   */
  responses: Record<number, ResponseDefinition>;
}

const json = (schema: z.ZodType) => ({ 'application/json': schema });
const error = json(ErrorResponseSchema);
const html = { 'text/html': HtmlPageSchema };
/** The transfer routes answer JSON, CSV or an HTML page (`?format=` or the Accept header). */
const transfers: ResponseDefinition = {
  description: 'Transfers, in the format asked for; the page and the CSV headers in the language asked for',
  content: { ...json(TransferListResponseSchema), 'text/csv': CsvSchema, ...html },
  headers: ['Link', 'Content-Language', 'Vary'],
};

/** The languages a reader's browser asks for: pages and downloads whose reader the registry does not know. */
/** A public document's ETag, a hash of its content, for a cache or a CDN to revalidate. */
const ifNoneMatchContent: RequestHeaderDefinition = {
  name: 'If-None-Match',
  description: 'The ETag last read: 304 without a body while the content is the same',
  schema: z.string().max(200),
};

const acceptLanguage: RequestHeaderDefinition = {
  name: 'Accept-Language',
  description: 'RFC 9110 §12.5.4, q-values honoured; `?lang=` overrides it; default en',
  schema: z.string().max(500),
};

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
    summary: 'Readiness: the API answers and its table can be read',
    responses: {
      200: { description: 'Every dependency answers', content: json(HealthResponseSchema) },
      503: { description: 'A dependency does not answer; it is named', content: json(HealthResponseSchema) },
    },
  },
  openapi: {
    name: 'openapi',
    method: 'GET',
    path: '/openapi.json',
    entry: 'functions/get-openapi.ts',
    access: 'public',
    summary: 'This API as OpenAPI 3.1',
    responses: { 200: { description: 'OpenAPI document', content: json(OpenApiDocumentSchema) } },
  },
  createProcessor: {
    name: 'createProcessor',
    method: 'POST',
    path: '/processors',
    entry: 'functions/create-processor.ts',
    access: 'admin',
    summary: 'Register a vendor (processor); its API key is shown once',
    body: OrganisationBodySchema,
    responses: {
      201: { description: 'Created', content: json(CreatedWithKeySchema) },
      409: { description: 'The new identifier is taken (a collision of random ids): send again', content: error },
    },
  },
  createClient: {
    name: 'createClient',
    method: 'POST',
    path: '/clients',
    entry: 'functions/create-client.ts',
    access: 'admin',
    summary: 'Register a client (controller); its API key is shown once',
    body: OrganisationBodySchema,
    responses: {
      201: { description: 'Created', content: json(CreatedWithKeySchema) },
      409: { description: 'The new identifier is taken (a collision of random ids): send again', content: error },
    },
  },
  getProcessor: {
    name: 'getProcessor',
    method: 'GET',
    path: '/processors/{id}',
    entry: 'functions/get-processor.ts',
    access: 'processor-owner-or-admin',
    summary:
      "The vendor's profile: name, address, contact address for objections, reminder lead time, its e-mail subscribers' counts",
    params: IdPathSchema,
    responses: {
      200: { description: 'The profile', content: json(ProcessorProfileWithSubscribersSchema) },
      404: { description: 'No such processor', content: error },
    },
  },
  updateProcessor: {
    name: 'updateProcessor',
    method: 'PATCH',
    path: '/processors/{id}',
    entry: 'functions/update-processor.ts',
    access: 'processor-owner',
    summary:
      'Change fields of the profile (at least one; null clears address or contactEmail); fields not sent are kept, even under a concurrent PATCH',
    params: IdPathSchema,
    body: ProcessorPatchBodySchema,
    responses: {
      200: { description: 'The whole profile as changed', content: json(ProcessorProfileResponseSchema) },
      404: { description: 'No such processor', content: error },
    },
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
      201: {
        description: 'Created, pending the client’s confirmation (any well-formed client id: ids cannot be probed)',
        content: json(CreatedSchema),
      },
      409: { description: 'An active contract with this client exists: end it first', content: error },
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
    requestHeaders: [
      {
        name: 'If-Match',
        description:
          'The ETag of the version last read. Required once a list exists (428 without it); the first list needs none',
        schema: IfMatchSchema,
      },
    ],
    responses: {
      200: {
        description: 'Published, or unchanged',
        content: json(PutSubprocessorsResponseSchema),
        headers: ['ETag'],
      },
      404: { description: 'No such processor', content: error },
      412: { description: 'If-Match names a version that is no longer current', content: error },
      428: { description: 'If-Match is missing and a list exists', content: error },
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
    requestHeaders: [
      {
        name: 'If-None-Match',
        description: 'The ETag last read: 304 without a body while it is still the version asked for',
        schema: z.string().max(200),
      },
    ],
    responses: {
      200: { description: 'The list', content: json(ListVersionResponseSchema), headers: ['ETag'] },
      304: { description: 'If-None-Match is the current ETag', headers: ['ETag'] },
      404: { description: 'No such processor or version', content: error },
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
    responses: {
      200: { description: 'History page', content: json(HistoryResponseSchema) },
      404: { description: 'No such processor', content: error },
    },
  },
  withdrawVersion: {
    name: 'withdrawVersion',
    method: 'POST',
    path: '/processors/{id}/versions/{n}/withdraw',
    entry: 'functions/withdraw-version.ts',
    access: 'processor-owner',
    summary:
      'Withdraw the latest version before it takes effect: a new version restores the list in force, the notice is withdrawn',
    params: WithdrawPathSchema,
    requestHeaders: [
      {
        name: 'If-Match',
        description: 'The ETag of the version last read: the current version (428 without it, 412 if stale)',
        schema: IfMatchSchema,
      },
    ],
    responses: {
      201: {
        description: 'Withdrawn: the new version is current; the notice is withdrawn asynchronously',
        content: json(WithdrawResponseSchema),
        headers: ['ETag'],
      },
      404: { description: 'No such processor, or no such version', content: error },
      409: {
        description:
          'The version took effect, is not the latest, is the baseline, or is itself a withdrawal (the message says which)',
        content: error,
      },
      412: { description: 'If-Match names a version that is no longer current', content: error },
      428: { description: 'If-Match is missing', content: error },
    },
  },
  listNotices: {
    name: 'listNotices',
    method: 'GET',
    path: '/processors/{id}/notices',
    entry: 'functions/list-notices.ts',
    access: 'processor-owner',
    summary: "The processor's change notices, newest first",
    params: IdPathSchema,
    query: NoticeListQuerySchema,
    responses: { 200: { description: 'Notices', content: json(NoticeListResponseSchema) } },
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
      200: { description: 'The notice', content: json(NoticeResponseSchema) },
      404: { description: 'No such notice for this processor', content: error },
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
      200: {
        description: 'The evidence pack',
        content: json(EvidencePackResponseSchema),
        headers: ['Content-Disposition', 'Repr-Digest'],
      },
      404: { description: 'No such notice for this key', content: error },
    },
  },
  objectionPage: {
    name: 'objectionPage',
    method: 'GET',
    path: '/objections/{token}',
    entry: 'functions/objection-page.ts',
    access: 'token',
    alsoHead: true,
    summary:
      "The page behind the e-mailed link: shows the changes and a form; records nothing. In the contract's language, or ?lang=",
    params: TokenPathSchema,
    query: PageLanguageQuerySchema,
    requestHeaders: [acceptLanguage],
    responses: {
      200: { description: 'HTML page', content: html, headers: ['Content-Language'] },
      404: {
        description: 'Unknown link (same page for every unknown token), in the language Accept-Language asks for',
        content: html,
        headers: ['Content-Language'],
      },
    },
  },
  recordObjection: {
    name: 'recordObjection',
    method: 'POST',
    path: '/objections/{token}',
    entry: 'functions/record-objection.ts',
    access: 'token',
    summary: 'A person submits the form: decision=object|approve, grounds; answers in the language of the page',
    params: TokenPathSchema,
    query: PageLanguageQuerySchema,
    requestHeaders: [acceptLanguage],
    form: DecisionFormSchema,
    responses: {
      200: { description: 'HTML confirmation (or the decision already recorded)', content: html },
      400: {
        description: 'The page again, naming the missing or invalid field; JSON for a malformed link',
        content: { ...html, ...error },
      },
      403: {
        description: 'Sent from a page of another site (Sec-Fetch-Site or Origin): nothing recorded',
        content: html,
      },
      404: { description: 'Unknown link', content: html },
      409: { description: 'The window is closed', content: html },
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
    requestHeaders: [acceptLanguage],
    responses: { 200: transfers },
  },
  listClientTransfers: {
    name: 'listClientTransfers',
    method: 'GET',
    path: '/clients/{id}/transfers',
    entry: 'functions/list-client-transfers.ts',
    access: 'client-owner',
    summary: 'The transfers of the processors this client has contracts with',
    params: IdPathSchema,
    query: ScopedTransferQuerySchema,
    requestHeaders: [acceptLanguage],
    responses: { 200: transfers },
  },
  listProcessorTransfers: {
    name: 'listProcessorTransfers',
    method: 'GET',
    path: '/processors/{id}/transfers',
    entry: 'functions/list-processor-transfers.ts',
    access: 'processor-owner',
    summary: "This processor's transfers",
    params: IdPathSchema,
    query: ScopedTransferQuerySchema,
    requestHeaders: [acceptLanguage],
    responses: { 200: transfers },
  },
  adequacyReference: {
    name: 'adequacyReference',
    method: 'GET',
    path: '/reference/adequacy',
    entry: 'functions/get-adequacy-reference.ts',
    access: 'public',
    summary: 'What the registry believes: EEA members, adequacy decisions with dates, scope and sources',
    responses: {
      200: { description: 'The reference data and its version', content: json(AdequacyReferenceResponseSchema) },
    },
  },
  getTrustPage: {
    name: 'getTrustPage',
    method: 'GET',
    path: '/trust/{id}',
    entry: 'functions/get-trust-page.ts',
    access: 'public',
    summary:
      "A processor's public trust page: its sub-processors down the chains, the changes announced, the history, the feeds",
    params: IdPathSchema,
    query: TrustFeedQuerySchema,
    requestHeaders: [acceptLanguage, ifNoneMatchContent],
    responses: {
      200: {
        description: 'The page, in the language asked for',
        content: html,
        headers: ['ETag', 'Content-Language', 'Vary'],
      },
      304: { description: 'If-None-Match is the current ETag', headers: ['ETag'] },
      404: { description: 'No such processor', content: error },
    },
  },
  getTrustFeed: {
    name: 'getTrustFeed',
    method: 'GET',
    path: '/trust/{id}/feed.atom',
    entry: 'functions/get-trust-feed.ts',
    access: 'public',
    summary: "Atom feed of a processor's sub-processor list: one entry per version, its changes and when it applies",
    params: IdPathSchema,
    query: TrustFeedQuerySchema,
    requestHeaders: [acceptLanguage, ifNoneMatchContent],
    responses: {
      200: {
        description: 'The feed, in the language asked for',
        content: { 'application/atom+xml': AtomFeedSchema },
        headers: ['ETag', 'Content-Language', 'Vary'],
      },
      304: { description: 'If-None-Match is the current ETag', headers: ['ETag'] },
      404: { description: 'No such processor', content: error },
    },
  },
  getTrustList: {
    name: 'getTrustList',
    method: 'GET',
    path: '/trust/{id}/subprocessors.json',
    entry: 'functions/get-trust-list.ts',
    access: 'public',
    summary:
      "A processor's sub-processors in force and its pending changes, in the versioned format subprocessor-list v1",
    params: IdPathSchema,
    requestHeaders: [ifNoneMatchContent],
    responses: {
      200: { description: 'The list', content: json(PublicSubprocessorListSchema), headers: ['ETag'] },
      304: { description: 'If-None-Match is the current ETag', headers: ['ETag'] },
      404: { description: 'No such processor', content: error },
    },
  },
  subscribe: {
    name: 'subscribe',
    method: 'POST',
    path: '/trust/{id}/subscriptions',
    entry: 'functions/subscribe.ts',
    access: 'public',
    capabilities: ['sendNotices'],
    summary:
      "Subscribe an address to a processor's list changes (the trust page's form, or JSON { email, language }): a confirmation e-mail, at most one an hour",
    params: IdPathSchema,
    query: PageLanguageQuerySchema,
    requestHeaders: [acceptLanguage],
    form: SubscribeBodySchema,
    responses: {
      202: {
        description:
          'Confirmation requested: the same answer for a new, pending, confirmed or suppressed address (HTML for the form, JSON otherwise)',
        content: { ...json(SubscriptionRequestedSchema), ...html },
      },
      404: { description: 'No such processor', content: error },
    },
  },
  subscriptionConfirmPage: {
    name: 'subscriptionConfirmPage',
    method: 'GET',
    path: '/trust/{id}/subscriptions/{token}',
    entry: 'functions/subscription-confirm-page.ts',
    access: 'token',
    alsoHead: true,
    summary: 'The page behind the confirmation link: a button that confirms; opening it records nothing',
    params: SubscriptionTokenPathSchema,
    query: PageLanguageQuerySchema,
    responses: {
      200: { description: 'HTML page', content: html, headers: ['Content-Language'] },
      404: { description: 'Unknown or superseded link (the same page for every one)', content: html },
    },
  },
  confirmSubscription: {
    name: 'confirmSubscription',
    method: 'POST',
    path: '/trust/{id}/subscriptions/{token}',
    entry: 'functions/confirm-subscription.ts',
    access: 'token',
    summary: 'The button of the confirmation page: pending → confirmed',
    params: SubscriptionTokenPathSchema,
    query: PageLanguageQuerySchema,
    responses: {
      200: { description: 'Confirmed (or already confirmed, or ended)', content: html },
      403: { description: 'Sent from a page of another site: nothing recorded', content: html },
      404: { description: 'Unknown or superseded link', content: html },
    },
  },
  unsubscribePage: {
    name: 'unsubscribePage',
    method: 'GET',
    path: '/trust/{id}/subscriptions/{token}/unsubscribe',
    entry: 'functions/unsubscribe-page.ts',
    access: 'token',
    alsoHead: true,
    summary:
      "An information e-mail's footer link opened in a browser: a button that unsubscribes; opening it changes nothing",
    params: SubscriptionTokenPathSchema,
    query: PageLanguageQuerySchema,
    responses: {
      200: { description: 'HTML page', content: html, headers: ['Content-Language'] },
      404: { description: 'Unknown link', content: html },
    },
  },
  unsubscribe: {
    name: 'unsubscribe',
    method: 'POST',
    path: '/trust/{id}/subscriptions/{token}/unsubscribe',
    entry: 'functions/unsubscribe.ts',
    access: 'token',
    summary:
      "One-click unsubscribe (RFC 8058): the List-Unsubscribe URL, posted by a mail client with List-Unsubscribe=One-Click, or the page's button",
    params: SubscriptionTokenPathSchema,
    query: PageLanguageQuerySchema,
    form: OneClickFormSchema,
    responses: {
      200: { description: 'Unsubscribed (or already)', content: html },
      404: { description: 'Unknown link', content: html },
    },
  },
  subprocessorListSchema: {
    name: 'subprocessorListSchema',
    method: 'GET',
    path: SUBPROCESSOR_LIST_SCHEMA_PATH,
    entry: 'functions/get-subprocessor-list-schema.ts',
    access: 'public',
    summary: 'The JSON Schema of the format subprocessor-list v1 (GET /trust/{id}/subprocessors.json)',
    responses: { 200: { description: 'A JSON Schema (2020-12)', content: json(JsonSchemaDocumentSchema) } },
  },
  updateContract: {
    name: 'updateContract',
    method: 'PATCH',
    path: '/processors/{id}/contracts/{contractId}',
    entry: 'functions/update-contract.ts',
    access: 'processor-owner',
    summary: "Change a contract's addresses, notice period or reference; a new period applies to later notices only",
    params: ContractPathSchema,
    body: ContractPatchBodySchema,
    responses: {
      200: { description: 'The contract as changed', content: json(ContractViewSchema) },
      404: { description: 'No such contract for this processor', content: error },
      409: { description: 'The contract ended, or is being changed concurrently (send again)', content: error },
    },
  },
  resendNotice: {
    name: 'resendNotice',
    method: 'POST',
    path: '/notices/{id}/resend',
    entry: 'functions/resend-notice.ts',
    access: 'processor',
    capabilities: ['sendNotices'],
    summary:
      'Send a notice again (new link, new window from the new send) to contracts whose e-mail failed, bounced or never went out',
    params: IdPathSchema,
    body: ResendBodySchema,
    responses: {
      202: { description: 'Resends queued, and the contracts skipped with why', content: json(ResendResponseSchema) },
      404: { description: 'No such notice for this processor', content: error },
      409: {
        description: 'A contract changed while resending (send again), or the notice was withdrawn',
        content: error,
      },
    },
  },
  listContracts: {
    name: 'listContracts',
    method: 'GET',
    path: '/processors/{id}/contracts',
    entry: 'functions/list-contracts.ts',
    access: 'processor-owner',
    summary: "The processor's contracts in id order, with each one's state and the client's confirmation",
    params: IdPathSchema,
    query: ContractListQuerySchema,
    responses: { 200: { description: 'A page of contracts', content: json(ContractListResponseSchema) } },
  },
  getContract: {
    name: 'getContract',
    method: 'GET',
    path: '/processors/{id}/contracts/{contractId}',
    entry: 'functions/get-contract.ts',
    access: 'processor-owner',
    summary: "One contract: addresses, period, state, and the client's confirmation",
    params: ContractPathSchema,
    responses: {
      200: { description: 'The contract', content: json(ContractViewSchema) },
      404: { description: 'No such contract for this processor', content: error },
    },
  },
  endContract: {
    name: 'endContract',
    method: 'POST',
    path: '/processors/{id}/contracts/{contractId}/end',
    entry: 'functions/end-contract.ts',
    access: 'processor-owner',
    summary:
      'End a contract: no later notice; its open windows close as usual; a new contract with the client may follow',
    params: ContractPathSchema,
    body: EndContractBodySchema,
    responses: {
      200: { description: 'The contract as ended', content: json(ContractViewSchema) },
      404: { description: 'No such contract for this processor', content: error },
      409: { description: 'The contract ended already, or is being changed concurrently (send again)', content: error },
    },
  },
  listClientContracts: {
    name: 'listClientContracts',
    method: 'GET',
    path: '/clients/{id}/contracts',
    entry: 'functions/list-client-contracts.ts',
    access: 'client-owner',
    summary: 'Every contract naming this client, with its confirmation and the processor’s name',
    params: IdPathSchema,
    query: PageQuerySchema,
    responses: { 200: { description: 'A page of contracts', content: json(ClientContractListResponseSchema) } },
  },
  confirmContract: {
    name: 'confirmContract',
    method: 'POST',
    path: '/clients/{id}/contracts/{contractId}/confirm',
    entry: 'functions/confirm-contract.ts',
    access: 'client-owner',
    summary: "Confirm that a contract naming this client is its own: it joins the client's views",
    params: ContractPathSchema,
    responses: {
      200: { description: 'The contract, confirmed (now or before)', content: json(ContractViewSchema) },
      404: { description: 'No such contract naming this client (unknown and foreign ids alike)', content: error },
      409: { description: 'Confirmed and disputed too many times', content: error },
    },
  },
  disputeContract: {
    name: 'disputeContract',
    method: 'POST',
    path: '/clients/{id}/contracts/{contractId}/dispute',
    entry: 'functions/dispute-contract.ts',
    access: 'client-owner',
    summary: "Dispute a contract naming this client: it leaves (or stays out of) the client's views",
    params: ContractPathSchema,
    responses: {
      200: { description: 'The contract, disputed (now or before)', content: json(ContractViewSchema) },
      404: { description: 'No such contract naming this client (unknown and foreign ids alike)', content: error },
      409: { description: 'Confirmed and disputed too many times', content: error },
    },
  },
  listClientNotices: {
    name: 'listClientNotices',
    method: 'GET',
    path: '/clients/{id}/notices',
    entry: 'functions/list-client-notices.ts',
    access: 'client-owner',
    summary:
      "The client's notices on its confirmed contracts, newest first: changes, delivery, deadline, decision, outcome",
    params: IdPathSchema,
    query: ClientNoticeListQuerySchema,
    responses: { 200: { description: 'A page of notices', content: json(ClientNoticeListResponseSchema) } },
  },
  recordClientDecision: {
    name: 'recordClientDecision',
    method: 'POST',
    path: '/clients/{id}/notices/{noticeId}/decision',
    entry: 'functions/record-client-decision.ts',
    access: 'client-owner',
    summary: 'Object to or approve a change through the API: once, before the deadline, as through the form',
    params: ClientNoticePathSchema,
    body: ApiDecisionBodySchema,
    responses: {
      200: {
        description: 'The same decision was recorded through the API before',
        content: json(ClientDecisionResponseSchema),
      },
      201: { description: 'Recorded', content: json(ClientDecisionResponseSchema) },
      404: {
        description: 'No such notice for this client (unknown, foreign, or on a contract it has not confirmed)',
        content: error,
      },
      409: {
        description: 'Another decision is recorded, or the window is not open (the message says which)',
        content: error,
      },
    },
  },
  createProcessorKey: {
    name: 'createProcessorKey',
    method: 'POST',
    path: '/processors/{id}/keys',
    entry: 'functions/create-processor-key.ts',
    access: 'processor-owner-or-admin',
    summary: 'Issue another API key to the processor (rotation); the key is shown once',
    params: IdPathSchema,
    body: ApiKeyBodySchema,
    responses: {
      201: { description: 'Issued: the key, this once', content: json(CreatedApiKeySchema) },
      404: { description: 'No such processor', content: error },
      409: {
        description: 'The processor holds the most keys it may, or its keys are changing concurrently',
        content: error,
      },
    },
  },
  listProcessorKeys: {
    name: 'listProcessorKeys',
    method: 'GET',
    path: '/processors/{id}/keys',
    entry: 'functions/list-processor-keys.ts',
    access: 'processor-owner-or-admin',
    summary: "The processor's API keys: label, prefix, created, last used (never the key)",
    params: IdPathSchema,
    responses: {
      200: { description: 'The keys, oldest first', content: json(ApiKeyListResponseSchema) },
      404: { description: 'No such processor', content: error },
    },
  },
  revokeProcessorKey: {
    name: 'revokeProcessorKey',
    method: 'DELETE',
    path: '/processors/{id}/keys/{keyId}',
    entry: 'functions/revoke-processor-key.ts',
    access: 'processor-owner-or-admin',
    summary: "Revoke one of the processor's keys: its next request answers 401",
    params: ApiKeyPathSchema,
    responses: {
      204: { description: 'Revoked' },
      404: { description: 'No such key of this processor (or revoked already)', content: error },
      409: { description: "The processor's last key (only the admin may revoke it)", content: error },
    },
  },
  createClientKey: {
    name: 'createClientKey',
    method: 'POST',
    path: '/clients/{id}/keys',
    entry: 'functions/create-client-key.ts',
    access: 'client-owner-or-admin',
    summary: 'Issue another API key to the client (rotation); the key is shown once',
    params: IdPathSchema,
    body: ApiKeyBodySchema,
    responses: {
      201: { description: 'Issued: the key, this once', content: json(CreatedApiKeySchema) },
      404: { description: 'No such client', content: error },
      409: {
        description: 'The client holds the most keys it may, or its keys are changing concurrently',
        content: error,
      },
    },
  },
  listClientKeys: {
    name: 'listClientKeys',
    method: 'GET',
    path: '/clients/{id}/keys',
    entry: 'functions/list-client-keys.ts',
    access: 'client-owner-or-admin',
    summary: "The client's API keys: label, prefix, created, last used (never the key)",
    params: IdPathSchema,
    responses: {
      200: { description: 'The keys, oldest first', content: json(ApiKeyListResponseSchema) },
      404: { description: 'No such client', content: error },
    },
  },
  revokeClientKey: {
    name: 'revokeClientKey',
    method: 'DELETE',
    path: '/clients/{id}/keys/{keyId}',
    entry: 'functions/revoke-client-key.ts',
    access: 'client-owner-or-admin',
    summary: "Revoke one of the client's keys: its next request answers 401",
    params: ApiKeyPathSchema,
    responses: {
      204: { description: 'Revoked' },
      404: { description: 'No such key of this client (or revoked already)', content: error },
      409: { description: "The client's last key (only the admin may revoke it)", content: error },
    },
  },
  createProcessorWebhook: {
    name: 'createProcessorWebhook',
    method: 'POST',
    path: '/processors/{id}/webhooks',
    entry: 'functions/create-processor-webhook.ts',
    access: 'processor-owner-or-admin',
    summary: 'Register a webhook endpoint (Standard Webhooks); its signing secret is shown once',
    params: IdPathSchema,
    body: WebhookBodySchema,
    responses: {
      201: { description: 'Registered: the endpoint and its secret, this once', content: json(CreatedWebhookSchema) },
      404: { description: 'No such processor', content: error },
      409: { description: 'The processor holds the most webhooks it may', content: error },
    },
  },
  listProcessorWebhooks: {
    name: 'listProcessorWebhooks',
    method: 'GET',
    path: '/processors/{id}/webhooks',
    entry: 'functions/list-processor-webhooks.ts',
    access: 'processor-owner-or-admin',
    summary: "The processor's webhook endpoints, oldest first (never the secret)",
    params: IdPathSchema,
    responses: {
      200: { description: 'The endpoints', content: json(WebhookListResponseSchema) },
      404: { description: 'No such processor', content: error },
    },
  },
  getProcessorWebhook: {
    name: 'getProcessorWebhook',
    method: 'GET',
    path: '/processors/{id}/webhooks/{webhookId}',
    entry: 'functions/get-processor-webhook.ts',
    access: 'processor-owner-or-admin',
    summary: 'One webhook endpoint of the processor (never the secret)',
    params: WebhookPathSchema,
    responses: {
      200: { description: 'The endpoint', content: json(WebhookResponseSchema) },
      404: { description: 'No such endpoint of this processor', content: error },
    },
  },
  deleteProcessorWebhook: {
    name: 'deleteProcessorWebhook',
    method: 'DELETE',
    path: '/processors/{id}/webhooks/{webhookId}',
    entry: 'functions/delete-processor-webhook.ts',
    access: 'processor-owner-or-admin',
    summary: 'Delete a webhook endpoint: nothing more is delivered to it',
    params: WebhookPathSchema,
    responses: {
      204: { description: 'Deleted' },
      404: { description: 'No such endpoint of this processor (or deleted already)', content: error },
    },
  },
  listProcessorWebhookDeliveries: {
    name: 'listProcessorWebhookDeliveries',
    method: 'GET',
    path: '/processors/{id}/webhooks/{webhookId}/deliveries',
    entry: 'functions/list-processor-webhook-deliveries.ts',
    access: 'processor-owner-or-admin',
    summary: "An endpoint's delivery log, newest attempt first: attempt, status code, time, error, next attempt",
    params: WebhookPathSchema,
    query: WebhookDeliveryQuerySchema,
    responses: {
      200: { description: 'A page of attempts', content: json(WebhookDeliveryListResponseSchema) },
      404: { description: 'No such endpoint of this processor', content: error },
    },
  },
  createClientWebhook: {
    name: 'createClientWebhook',
    method: 'POST',
    path: '/clients/{id}/webhooks',
    entry: 'functions/create-client-webhook.ts',
    access: 'client-owner-or-admin',
    summary: 'Register a webhook endpoint (Standard Webhooks); its signing secret is shown once',
    params: IdPathSchema,
    body: WebhookBodySchema,
    responses: {
      201: { description: 'Registered: the endpoint and its secret, this once', content: json(CreatedWebhookSchema) },
      404: { description: 'No such client', content: error },
      409: { description: 'The client holds the most webhooks it may', content: error },
    },
  },
  listClientWebhooks: {
    name: 'listClientWebhooks',
    method: 'GET',
    path: '/clients/{id}/webhooks',
    entry: 'functions/list-client-webhooks.ts',
    access: 'client-owner-or-admin',
    summary: "The client's webhook endpoints, oldest first (never the secret)",
    params: IdPathSchema,
    responses: {
      200: { description: 'The endpoints', content: json(WebhookListResponseSchema) },
      404: { description: 'No such client', content: error },
    },
  },
  getClientWebhook: {
    name: 'getClientWebhook',
    method: 'GET',
    path: '/clients/{id}/webhooks/{webhookId}',
    entry: 'functions/get-client-webhook.ts',
    access: 'client-owner-or-admin',
    summary: 'One webhook endpoint of the client (never the secret)',
    params: WebhookPathSchema,
    responses: {
      200: { description: 'The endpoint', content: json(WebhookResponseSchema) },
      404: { description: 'No such endpoint of this client', content: error },
    },
  },
  deleteClientWebhook: {
    name: 'deleteClientWebhook',
    method: 'DELETE',
    path: '/clients/{id}/webhooks/{webhookId}',
    entry: 'functions/delete-client-webhook.ts',
    access: 'client-owner-or-admin',
    summary: 'Delete a webhook endpoint: nothing more is delivered to it',
    params: WebhookPathSchema,
    responses: {
      204: { description: 'Deleted' },
      404: { description: 'No such endpoint of this client (or deleted already)', content: error },
    },
  },
  listClientWebhookDeliveries: {
    name: 'listClientWebhookDeliveries',
    method: 'GET',
    path: '/clients/{id}/webhooks/{webhookId}/deliveries',
    entry: 'functions/list-client-webhook-deliveries.ts',
    access: 'client-owner-or-admin',
    summary: "An endpoint's delivery log, newest attempt first: attempt, status code, time, error, next attempt",
    params: WebhookPathSchema,
    query: WebhookDeliveryQuerySchema,
    responses: {
      200: { description: 'A page of attempts', content: json(WebhookDeliveryListResponseSchema) },
      404: { description: 'No such endpoint of this client', content: error },
    },
  },
  listProcessors: {
    name: 'listProcessors',
    method: 'GET',
    path: '/processors',
    entry: 'functions/list-processors.ts',
    access: 'admin',
    summary: 'Every processor, newest first, with its counts of contracts not ended and of open notices',
    query: TenantListQuerySchema,
    responses: { 200: { description: 'A page of processors', content: json(ProcessorListResponseSchema) } },
  },
  listClients: {
    name: 'listClients',
    method: 'GET',
    path: '/clients',
    entry: 'functions/list-clients.ts',
    access: 'admin',
    summary: 'Every client, newest first, with its counts of contracts not ended and of notices with an open window',
    query: TenantListQuerySchema,
    responses: { 200: { description: 'A page of clients', content: json(ClientListResponseSchema) } },
  },
} as const satisfies Record<string, RouteDefinition>;

export type RouteName = keyof typeof ROUTES;
export const ROUTE_LIST: readonly RouteDefinition[] = Object.values(ROUTES);

/**
 * The errors a route answers because of what it is rather than what it does: 400 when it reads
 * input, 401 and 403 when it needs a key, 413 and 415 when it reads a body. Each is a JSON error.
 */
export function sharedErrorStatuses(route: RouteDefinition): number[] {
  const keyed = route.access !== 'public' && route.access !== 'token';
  const input = [route.params, route.query, route.body, route.form, route.requestHeaders].some((x) => x !== undefined);
  const body = route.body !== undefined || route.form !== undefined;
  return [...(input ? [400] : []), ...(keyed ? [401, 403] : []), ...(body ? [413, 415] : [])];
}

/** The paths of the API, each once, in the order of the table. */
export const KNOWN_PATHS: readonly string[] = [...new Set(ROUTE_LIST.map((route) => route.path))];

/**
 * The methods a path answers, for the `Allow` header of a 405 (RFC 9110 §15.5.6): its routes' methods
 * and HEAD where a route also answers it. OPTIONS is left out: no route answers it.
 */
export function allowedMethods(path: string): string[] {
  const routes = ROUTE_LIST.filter((route) => route.path === path);
  return [...new Set(routes.flatMap((route) => [route.method, ...(route.alsoHead === true ? ['HEAD'] : [])]))];
}

/** A path template as a pattern: each `{param}` one segment. */
const templatePattern = (template: string) =>
  new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '[^/]+')}$`);
/** The most literal templates first: `/schemas/x.json` before a `/{id}`-shaped one. */
const TEMPLATES_BY_LITERALNESS = [...KNOWN_PATHS]
  .map((template) => ({ template, pattern: templatePattern(template), params: (template.match(/\{/g) ?? []).length }))
  .sort((a, b) => a.params - b.params);

/** The known path template a request path falls under (`/processors/prc_1` → `/processors/{id}`), if any. */
export function knownPathOf(path: string): string | undefined {
  return TEMPLATES_BY_LITERALNESS.find((known) => known.pattern.test(path))?.template;
}

/**
 * Answers every other method on a known path with 405 and `Allow`, and an unknown path with 404. In
 * AWS it sits behind one `ANY /{proxy+}` route: API Gateway HTTP API prefers any route with a method
 * and a path over the greedy one, so only what the route table does not declare arrives here.
 */
export const METHOD_NOT_ALLOWED = {
  name: 'methodNotAllowed',
  entry: 'functions/method-not-allowed.ts',
} as const;
