import * as z from 'zod';
import { isIsoCountryCode } from '../legal/countries.js';
import { ARTICLE_49_POINT_NAMES } from '../legal/reference.js';
import { ScopesSchema } from './scope-labels.js';
import { sha256Hex } from './secrets.js';
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

/**
 * EDPB Opinion 22/2024: the controller must know every sub-processor down the chain. Four levels (the
 * direct entry is level 1), as the open-source peer that models chains does; deeper is refused.
 */
export const MAX_CHAIN_LEVELS = 4;

/**
 * Sub-processors in one list, every level counted: it bounds a version's diff, its transfer rows (one
 * per entry, written on each publication) and a processor's transfer view, which is read whole.
 */
export const MAX_LIST_ENTRIES = 300;

/** The fields of one entry at any level: who receives the data, where, why, under which safeguard. */
const entryFields = {
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a slug of lower-case letters, digits and dashes')
    .optional()
    .describe('Stable identifier among its siblings; defaults to the name. Lets a renamed entry keep its identity.'),
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
  safeguard: SafeguardSchema.describe(
    'The safeguard under which the data reaches this recipient from its parent (the processor, for level 1)',
  ),
};

const EntryFieldsSchema = z.strictObject(entryFields);

/** One sub-processor and, down the chain, the sub-processors it engages itself. */
export interface SubprocessorEntry extends z.output<typeof EntryFieldsSchema> {
  /** Level 1 only: the contracts this entry (and its chain) concerns (scopes.ts); absent: every contract. */
  scopes?: string[];
  subprocessors?: SubprocessorEntry[];
}

function oneRecipient(entry: Pick<SubprocessorEntry, 'country' | 'internationalOrganisation'>, ctx: z.RefinementCtx) {
  if ((entry.country === undefined) === (entry.internationalOrganisation === undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: ['country'],
      message: 'give exactly one of country or internationalOrganisation',
    });
  }
}

/**
 * Spelled out level by level rather than recursive: the OpenAPI document embeds each schema inline,
 * where a recursive schema's `$ref` would not resolve, and the last level refuses children by itself.
 */
function entrySchemaAt(level: number): z.ZodType<SubprocessorEntry> {
  const children =
    level < MAX_CHAIN_LEVELS
      ? z
          .array(entrySchemaAt(level + 1))
          .max(MAX_LIST_ENTRIES, `must list at most ${MAX_LIST_ENTRIES} entries`)
          .optional()
          .describe(
            `Level ${level + 1}: the sub-processors this one engages (onward recipients), each with the country and safeguard under which the data reaches it from this one`,
          )
      : z
          .array(z.never())
          .max(0, `must be absent: a chain has at most ${MAX_CHAIN_LEVELS} levels (EDPB Opinion 22/2024)`)
          .optional();
  // Scopes say which contracts an entry concerns: a direct entry's, which its chain shares.
  if (level === 1) {
    const scopes = ScopesSchema.optional().describe(
      'The contracts this entry and its chain concern (contracts with one of these scopes, or with none); absent: every contract',
    );
    return z.strictObject({ ...entryFields, scopes, subprocessors: children }).superRefine(oneRecipient);
  }
  return z.strictObject({ ...entryFields, subprocessors: children }).superRefine(oneRecipient);
}

export const SubprocessorEntrySchema = entrySchemaAt(1);

/** A whole list as a processor publishes it: at most MAX_LIST_ENTRIES entries, onward ones included. */
export const SubprocessorListSchema = z
  .array(SubprocessorEntrySchema)
  .max(MAX_LIST_ENTRIES, `must list at most ${MAX_LIST_ENTRIES} entries`)
  .superRefine((entries, ctx) => {
    const count = chainNodes(entries).length;
    if (count > MAX_LIST_ENTRIES) {
      ctx.addIssue({
        code: 'too_big',
        origin: 'array',
        maximum: MAX_LIST_ENTRIES,
        inclusive: true,
        message: `must list at most ${MAX_LIST_ENTRIES} entries in all, onward sub-processors included (${count} given)`,
      });
    }
  });

/** Identity of an entry among its siblings: its explicit id, else its name folded for case and spacing. */
export function entryKey(entry: Pick<SubprocessorEntry, 'id' | 'name'>): string {
  return entry.id ?? `name:${entry.name.toLowerCase().replace(/\s+/g, ' ').trim()}`;
}

/**
 * Identity of an entry in the whole list (the key of its transfer row): a direct entry keeps its own
 * key, as before chains; an onward one is a hash of the keys from level 1 down, because a sort key
 * holds at most 1,024 bytes and four name keys of 200 characters do not fit. "chain:" cannot begin a
 * direct key (an id is a slug, a name key starts with "name:").
 */
export function chainKey(keyPath: readonly string[]): string {
  return keyPath.length === 1 ? (keyPath[0] as string) : `chain:${sha256Hex(JSON.stringify(keyPath))}`;
}

/** One entry with where it sits in the chain. */
export interface ChainNode {
  /** The entry as listed, its own sub-processors included. */
  entry: SubprocessorEntry;
  /** 1 for a direct sub-processor, 2 for one of its sub-processors, ... */
  level: number;
  /** Keys from level 1 down to this entry; `chainKey` of it identifies the entry in the list. */
  keyPath: string[];
  /** Names from level 1 down to this entry: "Sentry → Google LLC". */
  names: string[];
  /** Where it is in the request body: `subprocessors[2].subprocessors[0]`. */
  location: string;
}

/**
 * Where the entry at `index` of a parent's sub-processors sits, in the notation of validation errors
 * and change records: `subprocessors[2].subprocessors[0]`; a direct entry's parent is ''.
 */
export function locationIn(parentLocation: string, index: number): string {
  return `${parentLocation === '' ? '' : `${parentLocation}.`}subprocessors[${index}]`;
}

/** Every entry of a list, each parent before its own sub-processors (depth first, in list order). */
export function chainNodes(entries: readonly SubprocessorEntry[], parent?: ChainNode): ChainNode[] {
  return entries.flatMap((entry, index) => {
    const node: ChainNode = {
      entry,
      level: (parent?.level ?? 0) + 1,
      keyPath: [...(parent?.keyPath ?? []), entryKey(entry)],
      names: [...(parent?.names ?? []), entry.name],
      location: locationIn(parent?.location ?? '', index),
    };
    return [node, ...chainNodes(entry.subprocessors ?? [], node)];
  });
}

/** The entry's own terms, without the sub-processors it engages (each of them has terms of its own). */
export function ownTerms(entry: SubprocessorEntry): Omit<SubprocessorEntry, 'subprocessors'> {
  const { subprocessors: _children, ...own } = entry;
  return own;
}
