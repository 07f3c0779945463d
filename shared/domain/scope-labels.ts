import * as z from 'zod';

/** Scope labels (scopes.ts), apart so that the entry and contract schemas import no domain logic. */
export const ScopeLabelSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be a lower-case label of letters, digits and dashes, e.g. eu-datacenter');

export const ScopesSchema = z
  .array(ScopeLabelSchema)
  .min(1, 'must list at least one scope (leave the field out for "every scope")')
  .max(20, 'at most 20 scopes')
  .refine((labels) => new Set(labels).size === labels.length, 'must not repeat a scope');
