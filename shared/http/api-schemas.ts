import * as z from 'zod';
import { MAX_REMINDER_DAYS_BEFORE } from '../domain/processor-profile.js';
import { ScopeLabelSchema, ScopesSchema } from '../domain/scope-labels.js';
import { MAX_CHAIN_LEVELS, SubprocessorEntrySchema, SubprocessorListSchema } from '../domain/subprocessor.js';
import { singleLineText } from '../domain/text.js';
import { WEBHOOK_EVENT_TYPES } from '../domain/webhook.js';
import { LANGUAGES } from '../i18n/language.js';
import { isIsoCountryCode } from '../legal/countries.js';
import { SAFEGUARD_TYPE_NAMES } from '../legal/reference.js';
import { TRANSFER_RULE_NAMES } from '../legal/transfer-rule-names.js';

/**
 * Request and response shapes of the HTTP API. The handlers validate with them and
 * GET /openapi.json is generated from them: one definition, no drift.
 */

/** Bodies above this are refused with 413 before parsing; a 300-entry list fits with room to spare. */
export const MAX_BODY_BYTES = 200 * 1024;

export const IdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an identifier of letters, digits, _ and -');

export const IdPathSchema = z.strictObject({ id: IdSchema });

/** Checked by the use case, so that a malformed token gets the same 404 as an unknown one. */
export const TokenPathSchema = z.strictObject({ token: z.string().max(200) });

/**
 * Every `cursor=` of the API: the opaque `nextCursor` of the previous page (base64url). What it
 * encodes is the cursor module's business; here only its alphabet and size are checked.
 */
export const CursorSchema = z.string().regex(/^[A-Za-z0-9_-]{1,2048}$/, 'must be the nextCursor of a previous page');

/** A language every text a person reads exists in (shared/i18n/language.ts). */
export const LanguageSchema = z.enum(LANGUAGES, `must be one of ${LANGUAGES.join(', ')}`);

/**
 * `?lang=` of the pages a person opens from an e-mail: the same page in another language. Not strict:
 * a mail tool that appends its own parameters to a link must not break the page a client opens.
 */
export const PageLanguageQuerySchema = z.object({
  lang: LanguageSchema.optional().describe("The page's language; default: the contract's"),
});

/** Pages of a notice's contracts (the vendor's view and the evidence pack). */
export const PageQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: CursorSchema.optional(),
});

/** Pages of a processor's notices: each notice item carries its change rows, so pages stay small. */
export const NoticeListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(100),
  cursor: CursorSchema.optional(),
});

/** `If-Match` of `PUT …/subprocessors`: the ETag of the version last read (`"3"`, `W/"3"` or `3`). */
export const IfMatchSchema = z
  .string()
  .regex(/^\s*(?:W\/)?"?\d{1,10}"?\s*$/, 'must be the version from the ETag of GET …/subprocessors, e.g. "3"');

/** A list version as a strong entity tag. */
/** Weak (`W/"3"`) while the version's effective time may still move (scheduled); strong once settled. */
export const EtagSchema = z.string().regex(/^(W\/)?"(\d{1,10}|sha256-[A-Za-z0-9_-]{43})"$/);

export const OrganisationBodySchema = z.strictObject({
  name: singleLineText(200),
  address: singleLineText(500).optional(),
  contactEmail: z.email().max(254).optional(),
});

/**
 * `PATCH /processors/{id}`: the fields to change, at least one; `null` clears an optional one. Each
 * field is its own SET or REMOVE in one conditional write, so concurrent PATCHes of different fields
 * both stand (no If-Match needed); two PATCHes of the same field: the later one wins.
 */
export const ProcessorPatchBodySchema = z
  .strictObject({
    name: singleLineText(200).optional(),
    address: singleLineText(500).nullable().optional().describe('null clears it'),
    contactEmail: z
      .email()
      .max(254)
      .nullable()
      .optional()
      .describe('Where objections and notice summaries are e-mailed; null clears it (no e-mail is sent)'),
    reminderDaysBefore: z
      .int('must be a whole number of days')
      .min(0, `must be between 0 (reminders off) and ${MAX_REMINDER_DAYS_BEFORE}`)
      .max(MAX_REMINDER_DAYS_BEFORE, `must be between 0 (reminders off) and ${MAX_REMINDER_DAYS_BEFORE}`)
      .optional()
      .describe('Days before a window closes that its client is reminded; 0 turns reminders off'),
    defaultLanguage: LanguageSchema.optional().describe(
      "The language of the vendor's own e-mails, and of each contract created later without one",
    ),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), {
    message: 'must change at least one of name, address, contactEmail, reminderDaysBefore, defaultLanguage',
  })
  .meta({ minProperties: 1 });

/** `GET` and `PATCH /processors/{id}`: the whole profile; unset optional fields are null. */
export const ProcessorProfileResponseSchema = z.object({
  id: z.string(),
  name: z.string(),
  address: z.string().nullable(),
  contactEmail: z.string().nullable(),
  reminderDaysBefore: z.int().describe('Default 5; 0: reminders off'),
  defaultLanguage: LanguageSchema.describe('Default en'),
  createdAt: z.string(),
  updatedAt: z.string().nullable(),
});

/** Subscribers of a processor's list by state (issue 13, item 3): counts only, never the addresses. */
export const SubscriberCountsSchema = z.object({
  pending: z.int(),
  confirmed: z.int(),
  unsubscribed: z.int(),
  suppressed: z.int(),
});

/** `GET /processors/{id}`: the profile and its e-mail subscribers' counts. */
export const ProcessorProfileWithSubscribersSchema = ProcessorProfileResponseSchema.extend({
  subscribers: SubscriberCountsSchema,
});

/** `POST /trust/{id}/subscriptions`, as JSON or as the trust page's form. */
export const SubscribeBodySchema = z.strictObject({
  email: z.email('must be an e-mail address').max(254),
  language: LanguageSchema.optional().describe("The e-mails' language; default: the page's (or Accept-Language)"),
});

/** The same answer whatever the address's state: it never tells who is subscribed. */
export const SubscriptionRequestedSchema = z.object({
  status: z.literal('confirmation-requested'),
  message: z.string(),
});

/** A subscription link: the processor and the link's token (checked by the use case: unknown → 404). */
export const SubscriptionTokenPathSchema = z.strictObject({ id: IdSchema, token: z.string().max(200) });

/** RFC 8058 §3.1: the one-click POST carries exactly this field. */
export const OneClickFormSchema = z.strictObject({
  'List-Unsubscribe': z.literal('One-Click', 'must be One-Click (RFC 8058)'),
});

export const CreatedWithKeySchema = z.object({
  id: z.string(),
  apiKey: z.string().describe('Shown once; only its SHA-256 is stored'),
});

export const ContractBodySchema = z.strictObject({
  clientId: IdSchema,
  notifyEmails: z.array(z.email().max(254)).min(1, 'must list at least one address').max(20),
  noticePeriodDays: z.int().min(1).max(365).optional().describe('Objection window in calendar days; default 15'),
  reference: singleLineText(200).optional().describe('Contract reference, e.g. the DPA number'),
  language: LanguageSchema.optional().describe(
    "The language of every e-mail and page its client reads; default: the processor's defaultLanguage",
  ),
  scopes: ScopesSchema.optional().describe(
    'The scopes of the list this client uses (e.g. eu-datacenter): it hears only of entries with one of them or with none. Absent: everything',
  ),
});

export const CreatedSchema = z.object({ id: z.string() });

export const PutSubprocessorsBodySchema = z.strictObject({
  subprocessors: SubprocessorListSchema,
  effectiveAt: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('Later date from which the list applies; never earlier than publication plus the longest notice period'),
});

const IssueSchema = z.object({ path: z.string(), rule: z.string(), message: z.string() });

const EffectiveStateSchema = z
  .enum(['scheduled', 'effective', 'withdrawn'])
  .describe(
    'scheduled: not in force yet — a change with objection windows waits for the requested time and for the last window of every contract its notice reached (resends included); effective: the list in force since effectiveAt; withdrawn: it never took effect',
  );

/** When a version takes effect, as GET …/versions, GET …/subprocessors and the notices show it. */
const EffectiveTimeFields = {
  effectiveAt: z
    .string()
    .describe(
      'While scheduled: the current projection, not before which the version takes effect (a later send or resend moves it later). Once effective: when it took effect',
    ),
  effectiveState: EffectiveStateSchema,
  requestedEffectiveAt: z
    .string()
    .describe('What was asked: publication plus the longest notice period, or the later effectiveAt sent'),
};

/** `POST /processors/{id}/versions/{n}/withdraw`: the processor and the pending version to withdraw. */
export const WithdrawPathSchema = z.strictObject({
  id: IdSchema,
  n: z.coerce.number('must be a version number').int('must be a whole number').min(1).max(9_999_999_999),
});

/** Which entry a change record concerns, at any level of the chain. */
const ChangedNodeFields = {
  key: z.string().describe("The entry's identity among its siblings: its id, or its folded name"),
  name: z.string(),
  at: z
    .string()
    .optional()
    .describe(
      "Where the entry sits, in this version's list (in the previous version's for a removal): subprocessors[2].subprocessors[0] is an onward sub-processor of the third entry. Absent from versions stored before chains (direct entries only)",
    ),
};

const ChangesSchema = z.object({
  added: z.array(
    z.object({
      ...ChangedNodeFields,
      replaces: z.object({ key: z.string(), name: z.string() }).optional(),
      classification: z.string(),
    }),
  ),
  removed: z.array(z.object({ ...ChangedNodeFields, classification: z.string() })),
  changed: z.array(
    z.object({
      ...ChangedNodeFields,
      classification: z.string(),
      fields: z.array(
        z.object({ field: z.string(), before: z.unknown(), after: z.unknown(), classification: z.string() }),
      ),
    }),
  ),
});

export const PutSubprocessorsResponseSchema = z.object({
  version: z.int(),
  created: z.boolean().describe('false when the list was identical to the current one'),
  changes: ChangesSchema,
  needsObjectionWindow: z.boolean(),
  publishedAt: z.string(),
  effectiveAt: z
    .string()
    .describe(
      'For a change with objection windows, the earliest time: see effectiveNotBefore. Otherwise when it applies',
    ),
  effectiveState: EffectiveStateSchema.optional().describe('Set when a version was created'),
  effectiveNotBefore: z
    .string()
    .optional()
    .describe(
      'Set for a change with objection windows: it takes effect not before this time, and not before the last window of every contract notified closes (GET …/versions shows the projection)',
    ),
  warnings: z.array(IssueSchema),
  notice: z.object({ id: z.string() }).optional().describe('The change notice this version opens for the clients'),
});

const VersionSummarySchema = z.object({
  version: z.int(),
  baseline: z.boolean(),
  needsObjectionWindow: z.boolean(),
  changes: ChangesSchema,
  publishedAt: z.string(),
  ...EffectiveTimeFields,
  rulesVersion: z.string(),
  contentSha256: z.string(),
  withdraws: z
    .int()
    .optional()
    .describe('Set on a version that withdrew this pending version: it restores the list in force before it'),
});

export const ListVersionResponseSchema = VersionSummarySchema.extend({
  processorId: z.string(),
  processorName: z.string(),
  subprocessors: z.array(SubprocessorEntrySchema),
});

/** The version a withdrawal stored: the list in force before the withdrawn one, effective at once. */
export const WithdrawResponseSchema = z.object({
  version: z.int().describe('The new version, restoring the list in force before the withdrawn one'),
  withdraws: z.int().describe('The version withdrawn'),
  changes: ChangesSchema.describe('From the withdrawn version back to the list in force'),
  publishedAt: z.string(),
  effectiveAt: z.string().describe('At once: this list is the one in force'),
  notice: z
    .object({ id: z.string() })
    .describe('The notice of the withdrawn version: it becomes withdrawn and its open windows close as withdrawn'),
});

export const GetSubprocessorsQuerySchema = z.strictObject({
  version: z.coerce.number().int('must be a whole number').min(1).optional(),
});

export const HistoryQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: CursorSchema.optional(),
});

export const HistoryResponseSchema = z.object({
  processorId: z.string(),
  versions: z.array(VersionSummarySchema),
  nextCursor: z.string().optional(),
});

export const ErrorResponseSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), issues: z.array(IssueSchema).optional() }),
});

/** What API Gateway itself answers (throttling, an unknown path): its body, not ours. */
export const GatewayMessageSchema = z.object({ message: z.string() });

/** `GET /health`: 200 when every dependency answers, 503 naming the one that does not. */
export const HealthResponseSchema = z.object({
  status: z.enum(['ok', 'unavailable']),
  dependencies: z.array(z.object({ name: z.literal('dynamodb'), ok: z.boolean(), message: z.string().optional() })),
});

/** `GET /openapi.json`: the document's top level; what is below `paths` and `components` is OpenAPI's. */
export const OpenApiDocumentSchema = z.object({
  openapi: z.literal('3.1.0'),
  info: z.object({ title: z.string(), version: z.string(), description: z.string(), license: z.unknown().optional() }),
  servers: z.array(z.object({ url: z.string() })).optional(),
  tags: z.array(z.unknown()).optional(),
  components: z.record(z.string(), z.unknown()),
  'x-method-not-allowed': z.record(z.string(), z.unknown()),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
});

const OutcomeCountsSchema = z.object({
  objected: z.int(),
  approved: z.int(),
  impliedConsent: z.int(),
  notNotified: z.int(),
  withdrawn: z.int().describe('Windows still open when the change was withdrawn'),
});

const OutcomeSchema = z.enum(['pending', 'objected', 'approved', 'implied-consent', 'not-notified', 'withdrawn']);
const DeliverySchema = z.enum([
  'queued',
  'sending',
  'sent',
  'delivered',
  'bounced',
  'complained',
  'rejected',
  'failed',
]);
/** Why and when a delivery became `failed` (SES refused it, or its retries ran out). */
const DeliveryFailureSchema = z.object({ reason: z.string(), at: z.string() });

/** One line of the changes table, as the e-mail and the objection page show it. */
const NoticeChangeRowSchema = z.object({
  change: z.enum(['added', 'replaced', 'changed', 'removed']),
  name: z.string(),
  path: z
    .array(z.string())
    .min(1)
    .optional()
    .describe(
      'Names from the direct sub-processor down to this one: ["Sentry", "Google LLC"] for an onward one. Absent from notices opened before chains (direct entries only)',
    ),
  address: z.string(),
  country: z.string().describe('Country name and code, or the international organisation'),
  purpose: z.string(),
  safeguard: z.string(),
  replaces: z.string().optional().describe('The name of the entry this addition replaces'),
  changedFields: z.array(z.string()).optional(),
  needsObjectionWindow: z.boolean().describe('Whether this line alone opens an objection window (Art. 28(2))'),
  countryCode: z.string().optional().describe('ISO 3166-1 alpha-2 behind `country`; absent for an organisation'),
  safeguardTerms: z
    .record(z.string(), z.unknown())
    .optional()
    .describe('The safeguard terms behind `safeguard` (type, module, …), for a reader of another language'),
});

const NoticeSummarySchema = z.object({
  id: z.string(),
  processorId: z.string(),
  version: z.int(),
  kind: z.enum(['objection-window', 'informational']),
  state: z
    .enum(['open', 'closed', 'withdrawn'])
    .describe('withdrawn: the vendor withdrew the change before it took effect'),
  publishedAt: z.string(),
  ...EffectiveTimeFields,
  openedAt: z.string(),
  closedAt: z.string().optional(),
  withdrawnAt: z.string().optional(),
  withdrawnByVersion: z.int().optional().describe('The version that restored the list in force before this change'),
  counts: OutcomeCountsSchema.optional().describe('Outcomes of every contract, once the notice is closed'),
});

export const NoticeListResponseSchema = z.object({
  notices: z.array(NoticeSummarySchema),
  nextCursor: z.string().optional(),
});

export const NoticeResponseSchema = NoticeSummarySchema.extend({
  processorName: z.string(),
  changes: z.array(NoticeChangeRowSchema),
  contracts: z.array(
    z.object({
      contractId: z.string(),
      clientId: z.string(),
      delivery: DeliverySchema,
      sentAt: z.string().nullable(),
      closesAt: z.string().nullable(),
      outcome: OutcomeSchema.nullable(),
      decision: z
        .object({ decision: z.enum(['object', 'approve']), grounds: z.string().optional(), at: z.string() })
        .nullable(),
      failure: DeliveryFailureSchema.nullable().describe('Set when the delivery is failed: the reason and time'),
      resendRequested: z.boolean().describe('A resend is queued and not sent yet'),
      attempts: z.int().describe('E-mails sent or tried for this contract on this notice, resends included'),
    }),
  ),
  deliveryCounts: z
    .partialRecord(DeliverySchema, z.int())
    .describe('Contracts of this page by delivery state (failed included); states with none are left out'),
  nextCursor: z.string().optional(),
});

const COUNTRY_CODE_RULE = 'must be an ISO 3166-1 alpha-2 code in upper case (GR for Greece, GB for the United Kingdom)';
/** The pattern is what the contract can say; the refinement also refuses unassigned codes (XX). */
const CountryCodeSchema = z
  .string()
  .regex(/^[A-Z]{2}$/, COUNTRY_CODE_RULE)
  .refine(isIsoCountryCode, COUNTRY_CODE_RULE)
  .meta({ examples: ['US', 'GB'] });

/** The legal queries of a processor's or a client's own transfers: filters, the what-if, the format. */
export const ScopedTransferQuerySchema = z.strictObject({
  country: CountryCodeSchema.optional().describe('Only transfers to this country'),
  scope: ScopeLabelSchema.optional().describe(
    'Only the entries that concern a contract with this scope (entries with it, and entries without scopes)',
  ),
  safeguard: z.enum(SAFEGUARD_TYPE_NAMES).optional().describe('Only transfers on this safeguard type'),
  processorId: IdSchema.optional(),
  includeEea: z
    .enum(['true', 'false'], 'must be true or false')
    .default('false')
    .transform((value) => value === 'true')
    .describe('Also list sub-processors inside the EEA (no Chapter V transfer)'),
  withoutAdequacy: CountryCodeSchema.optional().describe(
    'What-if: the transfers that would lose their basis if this country’s adequacy decision fell, with the contracts affected',
  ),
  format: z.enum(['json', 'csv', 'html']).optional().describe('Overrides the Accept header'),
  lang: LanguageSchema.optional().describe(
    'The language of the HTML page and the CSV headers; overrides Accept-Language (default en)',
  ),
});

/**
 * The operator's view adds paging: it spans every processor. A processor's or a client's view is
 * read whole (a list holds at most 300 entries), so it takes no `limit` or `cursor`.
 */
export const TransferQuerySchema = ScopedTransferQuerySchema.extend({
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
  cursor: CursorSchema.optional(),
});

const TransferFlagSchema = z.object({ rule: z.enum(TRANSFER_RULE_NAMES), message: z.string() });

export const TransferSchema = z.object({
  processorId: z.string(),
  processorName: z.string(),
  subprocessorName: z.string(),
  level: z
    .int()
    .min(1)
    .max(MAX_CHAIN_LEVELS)
    .describe(
      '1 for a direct sub-processor; 2 to 4 for an onward one, whose legal basis is the safeguard from its parent',
    ),
  path: z
    .array(z.string())
    .min(1)
    .describe('Names from the direct sub-processor down to this one: ["Mailjet", "Google LLC"]'),
  address: z.string(),
  country: z.object({ code: z.string(), name: z.string() }).nullable(),
  internationalOrganisation: z.string().optional(),
  inEea: z.boolean(),
  safeguardType: z.enum(SAFEGUARD_TYPE_NAMES),
  safeguard: z.record(z.string(), z.unknown()),
  legalBasis: z.string().describe('e.g. "Art. 45 — (EU) 2023/1795", "Art. 46(2)(c)"'),
  adequacyDecision: z
    .object({ decision: z.string(), name: z.string(), since: z.string(), until: z.string().optional() })
    .optional(),
  purpose: z.string(),
  dataCategories: z.array(z.string()),
  scopes: z
    .array(z.string())
    .describe('The contracts it concerns: those with one of these scopes; empty: every contract'),
  sinceVersion: z.number().describe('The list version since which data goes to this destination'),
  since: z.string().describe('When that version took (or takes) effect'),
  pendingChanges: z.array(
    z.object({
      kind: z.enum(['addition', 'change', 'removal']),
      version: z.number(),
      effectiveAt: z
        .string()
        .describe('For a version waiting for objection windows: its current projection, not before which it applies'),
      inForce: z.object({ country: z.string().nullable(), safeguardType: z.string(), purpose: z.string() }).optional(),
    }),
  ),
  flags: z.array(TransferFlagSchema),
  affectedContracts: z.array(z.object({ contractId: z.string(), clientId: z.string() })).optional(),
});

export const TransferListResponseSchema = z.object({
  transfers: z.array(TransferSchema),
  nextCursor: z.string().optional(),
});

/** `GET /reference/adequacy`: the legal reference data exactly as the registry applies it. */
export const AdequacyReferenceResponseSchema = z.object({
  rulesVersion: z.string(),
  eea: z.object({
    members: z.array(z.string()),
    territoriesInsideEu: z.array(z.string()),
    source: z.string(),
    lastVerified: z.string(),
  }),
  adequacyDecisions: z.array(
    z.object({
      recipient: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('country'), code: z.string() }),
        z.object({ kind: z.literal('international-organisation'), id: z.string(), names: z.array(z.string()) }),
      ]),
      name: z.string(),
      decision: z.string(),
      since: z.string(),
      until: z.string().optional(),
      scope: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('whole-country') }),
        z.object({ kind: z.literal('dpf-certified'), description: z.string() }),
        z.object({ kind: z.literal('sectoral'), description: z.string() }),
      ]),
      note: z.string().optional(),
      source: z.string(),
      lastVerified: z.string(),
    }),
  ),
  // One named property per safeguard type (a record keyed by an enum would not name them).
  safeguards: z.object(
    Object.fromEntries(
      SAFEGUARD_TYPE_NAMES.map((name) => [
        name,
        z.object({
          article: z.string(),
          requiresTia: z.boolean(),
          instrument: z.string().optional(),
          label: z.object({ en: z.string(), fr: z.string() }).describe('How a person reads it, per language'),
          articleFr: z.string().describe('The provision as the French text of the GDPR words it'),
        }),
      ]),
    ),
  ),
});

/** Through the link's form (time, IP, user agent) or through the API with the client's key (issue 11). */
const RecordedDecisionSchema = z.union([
  z.object({
    decision: z.enum(['object', 'approve']),
    grounds: z.string().optional(),
    at: z.string(),
    channel: z.literal('form').optional().describe('Absent on decisions recorded before the API channel existed'),
    ip: z.string(),
    userAgent: z.string(),
  }),
  z.object({
    decision: z.enum(['object', 'approve']),
    grounds: z.string().optional(),
    at: z.string(),
    channel: z.literal('api'),
    principal: z.object({ type: z.literal('client'), id: z.string() }),
    apiKeyId: z.string().optional().describe('The id of the client key used'),
  }),
]);

const DeliveryEventSchema = z.object({
  type: z.string(),
  at: z.string(),
  recipient: z.string().optional(),
  detail: z.string().optional(),
});

/** A version as stored (the evidence): its `effectiveAt` is the one requested at publication. */
const FullListVersionSchema = ListVersionResponseSchema.omit({
  effectiveState: true,
  requestedEffectiveAt: true,
}).extend({
  effectiveAt: z.string().describe('As requested at publication; the evidence pack says when it took effect (effect)'),
  warnings: z.array(IssueSchema),
});

/** `GET /notices/{id}/evidence`: what was announced, to whom, when, what came back, what was concluded. */
export const EvidencePackResponseSchema = z.object({
  kind: z.literal('subprocessor-change-notice-evidence'),
  generatedAt: z.string(),
  rulesVersion: z.string(),
  notice: NoticeSummarySchema.omit({ effectiveState: true, requestedEffectiveAt: true }).extend({
    effectiveAt: z.string().describe('As requested at publication; `effect` says when the version took effect'),
    processorName: z.string(),
    changes: z.array(NoticeChangeRowSchema),
  }),
  noticeSha256: z.string().regex(/^[0-9a-f]{64}$/),
  effect: z
    .object({
      ...EffectiveTimeFields,
      recordedAt: z.string().nullable().describe('When the registry recorded the effect; null while scheduled'),
    })
    .describe('When the version took (or takes) effect'),
  outcomeCounts: OutcomeCountsSchema.extend({
    scope: z
      .enum(['notice', 'contract'])
      .describe("The whole notice's (processor) or the caller's own contract's (client)"),
  })
    .nullable()
    .describe('Outcomes once the window closed; null before'),
  listVersions: z.object({ before: FullListVersionSchema.nullable(), after: FullListVersionSchema }),
  contracts: z.array(
    z.object({
      contractId: z.string(),
      clientId: z.string(),
      notifiedAddresses: z.array(z.string()),
      noticePeriodDays: z.int(),
      email: z.object({
        sesMessageId: z.string().nullable(),
        sentAt: z.string().nullable(),
        contentSha256: z.string().nullable(),
        delivery: DeliverySchema,
        failure: DeliveryFailureSchema.nullable(),
        deliveryEvents: z.array(DeliveryEventSchema),
      }),
      reminder: z
        .object({
          sesMessageId: z.string(),
          sentAt: z.string(),
          addresses: z.array(z.string()),
          contentSha256: z.string().regex(/^[0-9a-f]{64}$/),
          closesAt: z.string(),
        })
        .nullable()
        .describe('The one reminder sent before the window closed, with the deadline it gave; null if none'),
      attempts: z
        .array(
          z.object({
            sesMessageId: z.string().nullable(),
            sentAt: z.string().nullable(),
            addresses: z.array(z.string()),
            contentSha256: z.string().nullable(),
            delivery: DeliverySchema,
            reason: z.string().nullable(),
            closesAt: z.string().nullable(),
            deliveryEvents: z.array(DeliveryEventSchema),
          }),
        )
        .describe(
          'Every e-mail sent or tried for this contract, oldest first; the current one last once sent or refused',
        ),
      decision: RecordedDecisionSchema.nullable(),
      window: z.object({
        state: z.enum(['pending', 'open', 'closed', 'none']),
        closesAt: z.string().nullable(),
        closedAt: z.string().nullable(),
      }),
      outcome: OutcomeSchema.nullable(),
      changes: z
        .array(NoticeChangeRowSchema)
        .optional()
        .describe('For a contract with scopes: the changes it was told (the notice lists every change)'),
      outcomeRecord: z
        .object({
          noticeId: z.string(),
          contractId: z.string(),
          clientId: z.string(),
          outcome: OutcomeSchema.exclude(['pending']),
          closedAt: z.string(),
          closesAt: z.string(),
          delivery: DeliverySchema,
          decision: RecordedDecisionSchema.optional(),
        })
        .nullable(),
    }),
  ),
  nextCursor: z.string().optional(),
});

/** HTML pages and CSV downloads: text, described by their media type. */
export const HtmlPageSchema = z.string().describe('An HTML page');
export const CsvSchema = z.string().describe('RFC 4180 CSV with a header row');

/** `PATCH /processors/{id}/contracts/{contractId}`: the contract's path. */
export const ContractPathSchema = z.strictObject({ id: IdSchema, contractId: IdSchema });

/** The fields of a contract its processor may change: validated as at creation, at least one. */
export const ContractPatchBodySchema = ContractBodySchema.omit({ clientId: true })
  .extend({
    scopes: ScopesSchema.nullable().describe('null: the contract hears of everything again (later notices)'),
  })
  .partial()
  .refine(
    (body) => Object.values(body).some((value) => value !== undefined),
    'must set at least one of notifyEmails, noticePeriodDays, reference, language, scopes',
  );

export const ContractResponseSchema = z.object({
  id: z.string(),
  processorId: z.string(),
  clientId: z.string(),
  notifyEmails: z.array(z.string()),
  noticePeriodDays: z.int().describe('Applies to notices published from now on; sent notices keep theirs'),
  reference: z.string().optional(),
  language: LanguageSchema.describe(
    'Applies to notices published from now on, and to a resend; e-mails of a notice already sent keep theirs',
  ),
  scopes: z.array(z.string()).optional().describe('Applies to notices published from now on'),
  createdAt: z.string(),
});

/** `POST /notices/{id}/resend`. */
export const ResendBodySchema = z.strictObject({
  contractIds: z
    .array(IdSchema)
    .min(1, 'must list at least one contract (leave it out for every failed, bounced or unsent one)')
    .max(1000)
    .optional()
    .describe('Default: every contract whose delivery is failed, bounced, complained, rejected or never sent'),
});

export const ResendResponseSchema = z.object({
  resent: z.array(z.string()).describe('Contracts whose e-mail is queued again (or already was, by an earlier call)'),
  skipped: z.array(
    z.object({
      contractId: z.string(),
      reason: z.enum(['not-on-notice', 'decided', 'window-closed', 'being-sent']),
    }),
  ),
});

// ---- Contracts that end, the client's consent, the client's own view (issue 11) ----

const ContractStateSchema = z.enum(['active', 'ended']);
const ConfirmationSchema = z
  .enum(['pending', 'confirmed', 'disputed'])
  .describe("The client's word on the contract: only a confirmed one is part of the client's own views");

/** A contract as its processor and its client see it. */
export const ContractViewSchema = ContractResponseSchema.extend({
  state: ContractStateSchema.describe('ended: no later notice; its history and evidence stay'),
  endedAt: z.string().nullable(),
  confirmation: ConfirmationSchema,
  confirmationChangedAt: z.string().nullable(),
  confirmationHistory: z
    .array(z.object({ confirmation: z.enum(['confirmed', 'disputed']), at: z.string() }))
    .describe('Every confirmation and dispute by the client, oldest first'),
});

/** `GET /processors/{id}/contracts`. */
export const ContractListQuerySchema = z.strictObject({
  state: ContractStateSchema.optional().describe('Only the active or only the ended contracts'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: CursorSchema.optional(),
});

export const ContractListResponseSchema = z.object({
  contracts: z.array(ContractViewSchema),
  nextCursor: z.string().optional().describe('A filtered page may hold fewer than limit contracts; follow it'),
});

/** `POST /processors/{id}/contracts/{contractId}/end`. */
export const EndContractBodySchema = z.strictObject({
  endedAt: z.iso
    .datetime({ offset: true })
    .optional()
    .describe(
      'When the contract ended (default: now); not before it was created, not in the future (5 minutes allowed for clock skew)',
    ),
});

/** `GET /clients/{id}/contracts`: every contract naming the client, with its processor's name. */
export const ClientContractListResponseSchema = z.object({
  contracts: z.array(
    ContractViewSchema.extend({
      processorName: z.string().nullable().describe('The name of the processor that recorded the contract'),
    }),
  ),
  nextCursor: z.string().optional(),
});

/** `/clients/{id}/notices/{noticeId}/…`. */
export const ClientNoticePathSchema = z.strictObject({ id: IdSchema, noticeId: IdSchema });

/** `GET /clients/{id}/notices`. */
export const ClientNoticeListQuerySchema = z.strictObject({
  open: z
    .enum(['true', 'false'], 'must be true or false')
    .default('false')
    .transform((value) => value === 'true')
    .describe('Only windows still open, with their deadlines'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: CursorSchema.optional(),
});

const ClientDecisionSchema = z.object({
  decision: z.enum(['object', 'approve']),
  grounds: z.string().optional(),
  at: z.string(),
  channel: z.enum(['form', 'api']).describe("form: through the e-mailed link's page; api: with the client's key"),
});

export const ClientNoticeListResponseSchema = z.object({
  notices: z.array(
    z.object({
      noticeId: z.string(),
      contractId: z.string(),
      processor: z.object({ id: z.string(), name: z.string() }),
      version: z.int(),
      kind: z.enum(['objection-window', 'informational']),
      state: z.enum(['open', 'closed', 'withdrawn']),
      publishedAt: z.string(),
      effectiveAt: z.string(),
      changes: z.array(NoticeChangeRowSchema),
      delivery: DeliverySchema,
      sentAt: z.string().nullable(),
      windowState: z.enum(['pending', 'open', 'closed', 'none']),
      closesAt: z.string().nullable().describe('The deadline given in the e-mail; null before it is sent'),
      decision: ClientDecisionSchema.nullable(),
      outcome: OutcomeSchema.nullable(),
    }),
  ),
  nextCursor: z.string().optional(),
});

export const ClientDecisionResponseSchema = z.object({
  noticeId: z.string(),
  contractId: z.string(),
  decision: ClientDecisionSchema,
});

/** `POST …/keys`: what the key is for, shown in the listing (e.g. "CI pipeline", "Jane's laptop"). */
export const ApiKeyBodySchema = z.strictObject({
  label: singleLineText(100).describe('What the key is for, so that it can be recognised and revoked'),
});

/** `DELETE …/keys/{keyId}`: the tenant's path and one of its keys. */
export const ApiKeyPathSchema = z.strictObject({ id: IdSchema, keyId: IdSchema });

const ApiKeySummaryShape = {
  id: z.string().describe('key_…: names the key in the listing, in DELETE and in what the key did'),
  label: z.string(),
  prefix: z.string().describe('The first characters of the key: enough to recognise it, never to use it'),
  createdAt: z.string(),
};

export const CreatedApiKeySchema = z.object({
  ...ApiKeySummaryShape,
  apiKey: z.string().describe('Shown once; only its SHA-256 is stored'),
});

export const ApiKeyListResponseSchema = z.object({
  keys: z.array(
    z.object({
      ...ApiKeySummaryShape,
      lastUsedAt: z.string().nullable().describe('Recorded at most once an hour; null: never used'),
    }),
  ),
});

/** Pages of the operator's tenant lists: each row costs a few reads for its counts, so pages stay small. */
export const TenantListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: CursorSchema.optional(),
});

const TenantRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  counts: z.object({
    contracts: z.int().describe('Contracts not ended'),
    openNotices: z.int().describe('Notices with an objection window still open'),
  }),
});

export const ProcessorListResponseSchema = z.object({
  processors: z.array(TenantRowSchema),
  nextCursor: z.string().optional(),
});

export const ClientListResponseSchema = z.object({
  clients: z.array(TenantRowSchema),
  nextCursor: z.string().optional(),
});

/** `GET /trust/{id}/feed.atom`: the language of the feed's texts. */
export const TrustFeedQuerySchema = z.strictObject({
  lang: LanguageSchema.optional().describe(
    'The language of the titles and texts; overrides Accept-Language (default en)',
  ),
});

export const AtomFeedSchema = z.string().describe('An Atom 1.0 feed (RFC 4287), one entry per list version');

/** The public list's URL of its JSON Schema (served by `GET /schemas/subprocessor-list-v1.json`). */
export const SUBPROCESSOR_LIST_SCHEMA_PATH = '/schemas/subprocessor-list-v1.json';

const PublicVersionSchema = z.object({
  version: z.int(),
  publishedAt: z.string().describe('ISO 8601, UTC'),
  ...EffectiveTimeFields,
  changes: ChangesSchema.describe('From the version before'),
});

/**
 * `GET /trust/{id}/subprocessors.json`, format `subprocessor-list` version 1: what anyone may read of a
 * processor's sub-processors. A breaking change of this shape gets a new `formatVersion` and schema URL.
 */
export const PublicSubprocessorListSchema = z
  .object({
    $schema: z.string().describe('The URL of this JSON Schema'),
    format: z.literal('subprocessor-list'),
    formatVersion: z.literal(1),
    processor: z.object({ id: z.string(), name: z.string(), address: z.string().optional() }),
    inForce: PublicVersionSchema.extend({ subprocessors: z.array(SubprocessorEntrySchema) })
      .nullable()
      .describe('The version in force and its list; null before a first list took effect'),
    pending: z
      .array(PublicVersionSchema.extend({ subprocessors: z.array(SubprocessorEntrySchema) }))
      .describe(
        'Versions not in effect yet, oldest first: each takes effect not before its effectiveAt, with the list it will put in force',
      ),
    links: z.object({ feed: z.string(), schema: z.string() }),
  })
  .meta({ title: 'Sub-processor list, version 1' });

/** `GET /schemas/subprocessor-list-v1.json`: a JSON Schema (draft 2020-12) document. */
export const JsonSchemaDocumentSchema = z.record(z.string(), z.unknown()).describe('A JSON Schema (2020-12)');
/** `POST …/webhooks`: where to deliver and which events. The URL's safety is checked by the use case. */
export const WebhookBodySchema = z.strictObject({
  url: z
    .string()
    .max(2000, 'must be at most 2000 characters')
    .describe('https; its host must resolve to public addresses only'),
  events: z
    .array(z.enum(WEBHOOK_EVENT_TYPES, `must be one of ${WEBHOOK_EVENT_TYPES.join(', ')}`))
    .min(1, 'must name at least one event')
    .max(WEBHOOK_EVENT_TYPES.length),
});

/** `…/webhooks/{webhookId}`: the tenant's path and one of its endpoints. */
export const WebhookPathSchema = z.strictObject({ id: IdSchema, webhookId: IdSchema });

const WebhookEventsSchema = z.array(z.enum(WEBHOOK_EVENT_TYPES));

export const CreatedWebhookSchema = z.object({
  id: z.string().describe('wh_…'),
  url: z.string(),
  events: WebhookEventsSchema,
  createdAt: z.string(),
  secret: z.string().describe('whsec_…: the Standard Webhooks signing secret, shown once'),
});

export const WebhookResponseSchema = z.object({
  id: z.string(),
  url: z.string(),
  events: WebhookEventsSchema,
  createdAt: z.string(),
  status: z.enum(['enabled', 'disabled']).describe('disabled: a delivery exhausted its retries with no success since'),
  disabledAt: z.string().optional(),
});

export const WebhookListResponseSchema = z.object({ webhooks: z.array(WebhookResponseSchema) });

/** Pages of an endpoint's delivery log. */
export const WebhookDeliveryQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: CursorSchema.optional(),
});

export const WebhookDeliveryListResponseSchema = z.object({
  deliveries: z.array(
    z.object({
      messageId: z.string().describe('The webhook-id header: the same on every attempt of a delivery'),
      eventType: z.enum(WEBHOOK_EVENT_TYPES),
      attempt: z.int().min(1),
      at: z.string(),
      outcome: z
        .enum(['delivered', 'failed', 'blocked'])
        .describe('blocked: the host resolved to an address that is not public'),
      statusCode: z.int().optional(),
      error: z.string().optional(),
      nextAttemptAt: z.string().optional(),
    }),
  ),
  nextCursor: z.string().optional(),
});
