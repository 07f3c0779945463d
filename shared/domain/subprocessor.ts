import * as z from 'zod';
import { isIsoCountryCode } from '../legal/countries.js';
import { ARTICLE_49_POINT_NAMES } from '../legal/reference.js';
import { ScopesSchema } from './scope-labels.js';
import { singleLineText } from './text.js';

/** Free text typed by a vendor: one line, visible, bounded (DynamoDB items are capped at 400 KB). */
const text = singleLineText;

const tiaReference = text(300)
  .optional()
  .describe('Reference of the documented transfer impact assessment (Schrems II)');

/** The transfer safeguard of one sub-processor; which fields each type needs follows GDPR Chapter V. */
export const SafeguardSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('eea') }),
  z.strictObject({
    type: z.literal('adequacy'),
    dpfCertified: z
      .boolean()
      .optional()
      .describe('United States only: the organisation is on the Data Privacy Framework List'),
    withinScope: z
      .boolean()
      .optional()
      .describe(
        'Confirms the recipient falls within the scope condition of a sectoral adequacy decision (e.g. PIPEDA for Canada)',
      ),
  }),
  z.strictObject({
    type: z.literal('scc'),
    module: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
    tiaReference,
  }),
  z.strictObject({ type: z.literal('bcr'), approvalReference: text(300).optional(), tiaReference }),
  z.strictObject({ type: z.literal('code-of-conduct'), code: text(300), tiaReference }),
  z.strictObject({ type: z.literal('certification'), scheme: text(300), tiaReference }),
  z.strictObject({ type: z.literal('ad-hoc-clauses'), authorisationReference: text(300), tiaReference }),
  z.strictObject({ type: z.literal('public-authority-instrument'), instrument: text(300), tiaReference }),
  z.strictObject({
    type: z.literal('derogation'),
    article49Point: z.enum(ARTICLE_49_POINT_NAMES),
    justification: text(1000).optional(),
  }),
]);

export type Safeguard = z.infer<typeof SafeguardSchema>;

export const SubprocessorEntrySchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a slug of lower-case letters, digits and dashes')
      .optional()
      .describe('Stable identifier within the list; defaults to the name. Lets a renamed entry keep its identity.'),
    name: text(200).describe('Legal entity name'),
    address: text(500),
    country: z
      .string()
      .refine(
        isIsoCountryCode,
        'must be an ISO 3166-1 alpha-2 code in upper case (GR for Greece, GB for the United Kingdom)',
      )
      .optional()
      .describe('Where the data is processed; ISO 3166-1 alpha-2'),
    internationalOrganisation: text(200)
      .optional()
      .describe('Instead of country, for an international organisation (e.g. EPO)'),
    purpose: text(1000),
    dataCategories: z.array(text(200)).max(50).optional(),
    contact: z.strictObject({ name: text(200).optional(), email: z.email().max(254).optional() }).optional(),
    safeguard: SafeguardSchema,
    scopes: ScopesSchema.optional().describe(
      'The contracts this entry concerns (contracts with one of these scopes, or with none); absent: every contract',
    ),
  })
  .superRefine((entry, ctx) => {
    if ((entry.country === undefined) === (entry.internationalOrganisation === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['country'],
        message: 'give exactly one of country or internationalOrganisation',
      });
    }
  });

export type SubprocessorEntry = z.infer<typeof SubprocessorEntrySchema>;

/** Identity of an entry across versions: its explicit id, else its name folded for case and spacing. */
export function entryKey(entry: Pick<SubprocessorEntry, 'id' | 'name'>): string {
  return entry.id ?? `name:${entry.name.toLowerCase().replace(/\s+/g, ' ').trim()}`;
}
