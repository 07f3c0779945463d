import type * as z from 'zod';
import { ValidationError } from '../domain/errors.js';
import { issuesFromZod } from '../http/issues-from-zod.js';

/** Every event the registry publishes comes from this source on its bus. */
export const REGISTRY_EVENT_SOURCE = 'subprocessor-registry';

export interface EventContract<S extends z.ZodType> {
  source: string;
  detailType: string;
  /** Bumped on a breaking change of `detail`; carried in `detail.schemaVersion`. */
  schemaVersion: number;
  schema: S;
  /** Validates an incoming `detail`; a malformed event is a bug upstream, never silently accepted. */
  parse(detail: unknown): z.output<S>;
}

export function defineEventContract<S extends z.ZodType>(
  source: string,
  detailType: string,
  schemaVersion: number,
  schema: S,
): EventContract<S> {
  return {
    source,
    detailType,
    schemaVersion,
    schema,
    parse(detail) {
      const result = schema.safeParse(detail);
      if (!result.success) {
        const issues = issuesFromZod(result.error, 'detail');
        throw new ValidationError(`${detailType}: ${issues.map((i) => i.message).join('; ')}`, issues);
      }
      return result.data;
    },
  };
}
