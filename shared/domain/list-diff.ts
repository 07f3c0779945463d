import { isDeepStrictEqual } from 'node:util';
import { chainKey, chainNodes, entryKey, ownTerms, type SubprocessorEntry } from './subprocessor.js';

/**
 * Art. 28(2) GDPR: the controller must be able to object to the *addition or replacement* of a
 * sub-processor. A change of country, transfer safeguard or purpose changes what the controller agreed
 * to, so it is treated the same way; a removal or an edit of wording or address is only information.
 * The same holds at every level of a chain (EDPB Opinion 22/2024): a new onward sub-processor is an
 * addition the controller may object to, like a direct one.
 */
export type ChangeClassification = 'objection-window' | 'informational';

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
  classification: ChangeClassification;
}

/**
 * Where a changed entry sits: `key` is its identity in the whole list (`chainKey`); `via`, set for an
 * onward sub-processor only, names the entries above it from level 1 down, so its path reads
 * `[...via, name]` ("Sentry → Google LLC"). A direct entry's record is as it was before chains.
 */
export interface ChangedNode {
  key: string;
  name: string;
  via?: string[];
}

export interface AddedEntry extends ChangedNode {
  /** Set when a removed sibling served the same purpose: the addition replaces it. */
  replaces?: { key: string; name: string };
  classification: 'objection-window';
}

export interface RemovedEntry extends ChangedNode {
  classification: 'informational';
}

export interface ChangedEntry extends ChangedNode {
  fields: FieldChange[];
  classification: ChangeClassification;
}

export interface ListChanges {
  added: AddedEntry[];
  removed: RemovedEntry[];
  changed: ChangedEntry[];
}

/** A change record's path, level 1 first: what e-mails, pages and transfer views show. */
export function pathOf(record: ChangedNode): string[] {
  return [...(record.via ?? []), record.name];
}

/** Fields whose change does not alter what was authorised: wording, address, contact, documentation. */
const INFORMATIONAL_FIELDS = new Set([
  'name',
  'address',
  'contact',
  'safeguard.tiaReference',
  'safeguard.justification',
  'safeguard.approvalReference',
]);

const foldedPurpose = (entry: SubprocessorEntry) => entry.purpose.toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * Flattens an entry's own terms into comparable fields; the safeguard is compared field by field. Its
 * sub-processors are not a field: each is diffed as an entry of its own, with its path.
 */
function fieldsOf(entry: SubprocessorEntry): Map<string, unknown> {
  const fields = new Map<string, unknown>();
  for (const [name, value] of Object.entries(ownTerms(entry))) {
    if (name === 'id') continue;
    if (name === 'safeguard') {
      for (const [inner, innerValue] of Object.entries(entry.safeguard)) fields.set(`safeguard.${inner}`, innerValue);
    } else {
      fields.set(name, value);
    }
  }
  return fields;
}

function classifyField(field: string, before: unknown, after: unknown): ChangeClassification {
  if (INFORMATIONAL_FIELDS.has(field)) return 'informational';
  if (field === 'dataCategories') {
    // Fewer categories is information; any new category widens the processing.
    const previous = new Set(Array.isArray(before) ? before : []);
    const next = Array.isArray(after) ? after : [];
    return next.some((c) => !previous.has(c)) ? 'objection-window' : 'informational';
  }
  return 'objection-window';
}

function diffEntry(before: SubprocessorEntry, after: SubprocessorEntry): FieldChange[] {
  const a = fieldsOf(before);
  const b = fieldsOf(after);
  const names = [...new Set([...a.keys(), ...b.keys()])];
  return names
    .filter((field) => !isDeepStrictEqual(a.get(field), b.get(field)))
    .map((field) => ({
      field,
      before: a.get(field) ?? null,
      after: b.get(field) ?? null,
      classification: classifyField(field, a.get(field), b.get(field)),
    }));
}

/** Where the sub-processors being compared sit: under which entry (none for level 1). */
interface Parent {
  keyPath: string[];
  names: string[];
}

function nodeOf(entry: SubprocessorEntry, parent: Parent | undefined): ChangedNode {
  const key = chainKey([...(parent?.keyPath ?? []), entryKey(entry)]);
  return { key, name: entry.name, ...(parent !== undefined && { via: parent.names }) };
}

const below = (entry: SubprocessorEntry, parent: Parent | undefined): Parent => ({
  keyPath: [...(parent?.keyPath ?? []), entryKey(entry)],
  names: [...(parent?.names ?? []), entry.name],
});

/** An entry and everything it engages, as records of one kind (an added entry brings its chain in). */
function withChain<T>(entry: SubprocessorEntry, parent: Parent | undefined, record: (node: ChangedNode) => T): T[] {
  const own = below(entry, parent);
  const chain = chainNodes(entry.subprocessors ?? []).map((node) =>
    record({
      key: chainKey([...own.keyPath, ...node.keyPath]),
      name: node.entry.name,
      via: [...own.names, ...node.names.slice(0, -1)],
    }),
  );
  return [record(nodeOf(entry, parent)), ...chain];
}

/** Compares the sub-processors of one parent (or the direct ones), then recurses into those kept. */
function diffSiblings(
  before: readonly SubprocessorEntry[],
  after: readonly SubprocessorEntry[],
  parent: Parent | undefined,
  out: ListChanges,
): void {
  const previous = new Map(before.map((e) => [entryKey(e), e]));
  const next = new Map(after.map((e) => [entryKey(e), e]));

  const removedEntries = before.filter((e) => !next.has(entryKey(e)));
  for (const entry of removedEntries) {
    out.removed.push(
      ...withChain(entry, parent, (node): RemovedEntry => ({ ...node, classification: 'informational' })),
    );
  }

  // A replacement is an addition serving the purpose of a removed sibling.
  const unmatchedRemovals = [...removedEntries];
  for (const entry of after) {
    const old = previous.get(entryKey(entry));
    if (old === undefined) {
      const index = unmatchedRemovals.findIndex((r) => foldedPurpose(r) === foldedPurpose(entry));
      const replaced = index >= 0 ? unmatchedRemovals.splice(index, 1)[0] : undefined;
      const [head, ...chain] = withChain(
        entry,
        parent,
        (node): AddedEntry => ({ ...node, classification: 'objection-window' }),
      );
      if (head === undefined) continue;
      out.added.push(
        { ...head, ...(replaced && { replaces: { key: nodeOf(replaced, parent).key, name: replaced.name } }) },
        ...chain,
      );
      continue;
    }
    const fields = diffEntry(old, entry);
    if (fields.length > 0) {
      out.changed.push({
        ...nodeOf(entry, parent),
        fields,
        classification: fields.some((f) => f.classification === 'objection-window')
          ? 'objection-window'
          : 'informational',
      });
    }
    diffSiblings(old.subprocessors ?? [], entry.subprocessors ?? [], below(entry, parent), out);
  }
}

/** What changed from one list version to the next, entry by entry and field by field, at every level. */
export function diffLists(before: readonly SubprocessorEntry[], after: readonly SubprocessorEntry[]): ListChanges {
  const changes: ListChanges = { added: [], removed: [], changed: [] };
  diffSiblings(before, after, undefined, changes);
  return changes;
}

export function hasChanges(changes: ListChanges): boolean {
  return changes.added.length + changes.removed.length + changes.changed.length > 0;
}

export function needsObjectionWindow(changes: ListChanges): boolean {
  return changes.added.length > 0 || changes.changed.some((c) => c.classification === 'objection-window');
}
