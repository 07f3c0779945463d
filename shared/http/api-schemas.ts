import * as z from 'zod';
import { SubprocessorEntrySchema } from '../domain/subprocessor.js';
import { singleLineText } from '../domain/text.js';
import { isIsoCountryCode } from '../legal/countries.js';
import { SAFEGUARD_TYPE_NAMES } from '../legal/reference.js';

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

export const PageQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,2048}$/, 'must be the nextCursor of a previous page')
    .optional(),
});

export const OrganisationBodySchema = z.strictObject({
  name: singleLineText(200),
  address: singleLineText(500).optional(),
  contactEmail: z.email().max(254).optional(),
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
});

export const CreatedSchema = z.object({ id: z.string() });

export const PutSubprocessorsBodySchema = z.strictObject({
  subprocessors: z.array(SubprocessorEntrySchema).max(300, 'at most 300 entries'),
  effectiveAt: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('Later date from which the list applies; never earlier than publication plus the longest notice period'),
});

const IssueSchema = z.object({ path: z.string(), rule: z.string(), message: z.string() });

const ChangesSchema = z.object({
  added: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      replaces: z.object({ key: z.string(), name: z.string() }).optional(),
      classification: z.string(),
    }),
  ),
  removed: z.array(z.object({ key: z.string(), name: z.string(), classification: z.string() })),
  changed: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
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
  effectiveAt: z.string(),
  warnings: z.array(IssueSchema),
  notice: z.object({ id: z.string() }).optional().describe('The change notice this version opens for the clients'),
});

const VersionSummarySchema = z.object({
  version: z.int(),
  baseline: z.boolean(),
  needsObjectionWindow: z.boolean(),
  changes: ChangesSchema,
  publishedAt: z.string(),
  effectiveAt: z.string(),
  rulesVersion: z.string(),
  contentSha256: z.string(),
});

export const ListVersionResponseSchema = VersionSummarySchema.extend({
  processorId: z.string(),
  processorName: z.string(),
  subprocessors: z.array(SubprocessorEntrySchema),
});

export const GetSubprocessorsQuerySchema = z.strictObject({
  version: z.coerce.number().int('must be a whole number').min(1).optional(),
});

export const HistoryQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,2048}$/, 'must be the nextCursor of a previous page')
    .optional(),
});

export const HistoryResponseSchema = z.object({
  processorId: z.string(),
  versions: z.array(VersionSummarySchema),
  nextCursor: z.string().optional(),
});

export const ErrorResponseSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), issues: z.array(IssueSchema).optional() }),
});

const NoticeSummarySchema = z.object({
  id: z.string(),
  processorId: z.string(),
  version: z.int(),
  kind: z.enum(['objection-window', 'informational']),
  state: z.enum(['open', 'closed']),
  publishedAt: z.string(),
  effectiveAt: z.string(),
  openedAt: z.string(),
  closedAt: z.string().optional(),
});

export const NoticeListResponseSchema = z.object({
  notices: z.array(NoticeSummarySchema),
  nextCursor: z.string().optional(),
});

export const NoticeResponseSchema = NoticeSummarySchema.extend({
  processorName: z.string(),
  changes: z.array(
    z.object({ change: z.string(), name: z.string(), country: z.string(), purpose: z.string(), safeguard: z.string() }),
  ),
  contracts: z.array(
    z.object({
      contractId: z.string(),
      clientId: z.string(),
      delivery: z.string(),
      sentAt: z.string().nullable(),
      closesAt: z.string().nullable(),
      outcome: z.enum(['pending', 'objected', 'approved', 'implied-consent', 'not-notified']).nullable(),
      decision: z
        .object({ decision: z.enum(['object', 'approve']), grounds: z.string().optional(), at: z.string() })
        .nullable(),
    }),
  ),
  nextCursor: z.string().optional(),
});

const CountryCodeSchema = z
  .string()
  .refine(
    isIsoCountryCode,
    'must be an ISO 3166-1 alpha-2 code in upper case (GR for Greece, GB for the United Kingdom)',
  );

/** The legal queries: filters, the what-if, the format, and paging (operator scope). */
export const TransferQuerySchema = z.strictObject({
  country: CountryCodeSchema.optional().describe('Only transfers to this country'),
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
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,2048}$/, 'must be the nextCursor of a previous page')
    .optional(),
});

const TransferFlagSchema = z.object({ rule: z.string(), message: z.string() });

export const TransferSchema = z.object({
  processorId: z.string(),
  processorName: z.string(),
  subprocessorName: z.string(),
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
  sinceVersion: z.number().describe('The list version since which data goes to this destination'),
  since: z.string().describe('When that version took (or takes) effect'),
  pendingChanges: z.array(
    z.object({
      kind: z.enum(['addition', 'change', 'removal']),
      version: z.number(),
      effectiveAt: z.string(),
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
