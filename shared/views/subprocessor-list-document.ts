import * as z from 'zod';
import type { PublicList, PublicVersion } from '../domain/public-list.js';
import { PublicSubprocessorListSchema } from '../http/api-schemas.js';

type Document = z.input<typeof PublicSubprocessorListSchema>;

/** A version with its list, without what is the vendor's bookkeeping (baseline, window, withdrawal). */
function versionOf<V extends PublicVersion>(version: V): Omit<V, 'baseline' | 'needsObjectionWindow' | 'withdraws'> {
  const { baseline: _baseline, needsObjectionWindow: _window, withdraws: _withdraws, ...shown } = version;
  return shown;
}

/** The public list as the versioned JSON document `subprocessor-list` v1 (its schema: api-schemas.ts). */
export function publicListDocument(list: PublicList, links: { schema: string; feed: string }): Document {
  return {
    $schema: links.schema,
    format: 'subprocessor-list',
    formatVersion: 1,
    processor: list.processor,
    inForce: list.inForce === undefined ? null : versionOf(list.inForce),
    pending: list.pending.map(versionOf),
    links,
  };
}

/** The JSON Schema (2020-12) of the document, generated from the zod schema the API answers with. */
export function subprocessorListJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(PublicSubprocessorListSchema, { io: 'output', target: 'draft-2020-12' }),
    $id: 'subprocessor-list-v1',
  };
}
