import { isDeepStrictEqual } from 'node:util';
import { entryKey, locationIn, ownTerms, type SubprocessorEntry } from './subprocessor.js';

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
 * One entry a change concerns: `key` is its own identity among its siblings (`entryKey`); `at` is where
 * it sits, in this version's list (in the previous version's for a removal), in the notation of the
 * validation errors: `subprocessors[2].subprocessors[0]` is an onward sub-processor of the third entry.
 * The names of its path ("Sentry → Google LLC") are read from that list (notice.ts): stored here, they
 * would repeat every parent's name in each record and a list the API accepts could outgrow its item.
 */
export interface ChangedNode {
  key: string;
  name: string;
  /** Absent from versions stored before chains, whose records all concern direct entries. */
  at?: string;
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
  if (field === 'scopes') {
    // A wider reach (a new scope, or no scope: every contract) may add the entry for some contract;
    // whom it concerns is computed per contract (scopes.ts). A narrower reach only removes.
    if (after === null || after === undefined)
      return before === null || before === undefined ? 'informational' : 'objection-window';
    const previous = new Set(Array.isArray(before) ? before : []);
    return before !== null && before !== undefined && (after as string[]).every((s) => previous.has(s))
      ? 'informational'
      : 'objection-window';
  }
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

/** An entry and everything it engages, as records of one kind: an added entry brings its chain in. */
function withChain<T>(entry: SubprocessorEntry, at: string, record: (node: ChangedNode) => T): T[] {
  return [
    record({ key: entryKey(entry), name: entry.name, at }),
    ...(entry.subprocessors ?? []).flatMap((child, index) => withChain(child, locationIn(at, index), record)),
  ];
}

/**
 * Compares the sub-processors of one parent (or the direct ones), then recurses into the entries
 * kept. `beforeAt` and `afterAt` locate the parent in each list.
 */
function diffSiblings(
  before: readonly SubprocessorEntry[],
  after: readonly SubprocessorEntry[],
  where: { beforeAt: string; afterAt: string },
  out: ListChanges,
): void {
  const previous = new Map(before.map((e, index) => [entryKey(e), { entry: e, index }]));
  const next = new Set(after.map(entryKey));

  const removedEntries: SubprocessorEntry[] = [];
  before.forEach((entry, index) => {
    if (next.has(entryKey(entry))) return;
    removedEntries.push(entry);
    out.removed.push(
      ...withChain(
        entry,
        locationIn(where.beforeAt, index),
        (node): RemovedEntry => ({ ...node, classification: 'informational' }),
      ),
    );
  });

  // A replacement is an addition serving the purpose of a removed sibling.
  const unmatchedRemovals = removedEntries;
  after.forEach((entry, index) => {
    const at = locationIn(where.afterAt, index);
    const old = previous.get(entryKey(entry));
    if (old === undefined) {
      const match = unmatchedRemovals.findIndex((r) => foldedPurpose(r) === foldedPurpose(entry));
      const replaced = match >= 0 ? unmatchedRemovals.splice(match, 1)[0] : undefined;
      const [head, ...chain] = withChain(
        entry,
        at,
        (node): AddedEntry => ({ ...node, classification: 'objection-window' }),
      );
      if (head === undefined) return;
      out.added.push(
        { ...head, ...(replaced && { replaces: { key: entryKey(replaced), name: replaced.name } }) },
        ...chain,
      );
      return;
    }
    const fields = diffEntry(old.entry, entry);
    if (fields.length > 0) {
      out.changed.push({
        key: entryKey(entry),
        name: entry.name,
        at,
        fields,
        classification: fields.some((f) => f.classification === 'objection-window')
          ? 'objection-window'
          : 'informational',
      });
    }
    diffSiblings(
      old.entry.subprocessors ?? [],
      entry.subprocessors ?? [],
      { beforeAt: locationIn(where.beforeAt, old.index), afterAt: at },
      out,
    );
  });
}

/** What changed from one list version to the next, entry by entry and field by field, at every level. */
export function diffLists(before: readonly SubprocessorEntry[], after: readonly SubprocessorEntry[]): ListChanges {
  const changes: ListChanges = { added: [], removed: [], changed: [] };
  diffSiblings(before, after, { beforeAt: '', afterAt: '' }, changes);
  return changes;
}

export function hasChanges(changes: ListChanges): boolean {
  return changes.added.length + changes.removed.length + changes.changed.length > 0;
}

export function needsObjectionWindow(changes: ListChanges): boolean {
  return changes.added.length > 0 || changes.changed.some((c) => c.classification === 'objection-window');
}
