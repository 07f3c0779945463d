import { isDeepStrictEqual } from 'node:util';
import { entryKey, type SubprocessorEntry } from './subprocessor.js';

/**
 * Art. 28(2) GDPR: the controller must be able to object to the *addition or replacement* of a
 * sub-processor. A change of country, transfer safeguard or purpose changes what the controller agreed
 * to, so it is treated the same way; a removal or an edit of wording or address is only information.
 */
export type ChangeClassification = 'objection-window' | 'informational';

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
  classification: ChangeClassification;
}

export interface AddedEntry {
  key: string;
  name: string;
  /** Set when a removed entry served the same purpose: the addition replaces it. */
  replaces?: { key: string; name: string };
  classification: 'objection-window';
}

export interface RemovedEntry {
  key: string;
  name: string;
  classification: 'informational';
}

export interface ChangedEntry {
  key: string;
  name: string;
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

/** Flattens an entry into comparable fields; the safeguard is compared field by field. */
function fieldsOf(entry: SubprocessorEntry): Map<string, unknown> {
  const fields = new Map<string, unknown>();
  for (const [name, value] of Object.entries(entry)) {
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

/** What changed from one list version to the next, entry by entry and field by field. */
export function diffLists(before: readonly SubprocessorEntry[], after: readonly SubprocessorEntry[]): ListChanges {
  const previous = new Map(before.map((e) => [entryKey(e), e]));
  const next = new Map(after.map((e) => [entryKey(e), e]));

  const removedEntries = before.filter((e) => !next.has(entryKey(e)));
  const removed: RemovedEntry[] = removedEntries.map((e) => ({
    key: entryKey(e),
    name: e.name,
    classification: 'informational',
  }));

  const unmatchedRemovals = [...removedEntries];
  const added: AddedEntry[] = after
    .filter((e) => !previous.has(entryKey(e)))
    .map((e) => {
      const index = unmatchedRemovals.findIndex((r) => foldedPurpose(r) === foldedPurpose(e));
      const replaced = index >= 0 ? unmatchedRemovals.splice(index, 1)[0] : undefined;
      return {
        key: entryKey(e),
        name: e.name,
        ...(replaced ? { replaces: { key: entryKey(replaced), name: replaced.name } } : {}),
        classification: 'objection-window',
      };
    });

  const changed: ChangedEntry[] = [];
  for (const entry of after) {
    const old = previous.get(entryKey(entry));
    if (old === undefined) continue;
    const fields = diffEntry(old, entry);
    if (fields.length === 0) continue;
    changed.push({
      key: entryKey(entry),
      name: entry.name,
      fields,
      classification: fields.some((f) => f.classification === 'objection-window')
        ? 'objection-window'
        : 'informational',
    });
  }
  return { added, removed, changed };
}

export function hasChanges(changes: ListChanges): boolean {
  return changes.added.length + changes.removed.length + changes.changed.length > 0;
}

export function needsObjectionWindow(changes: ListChanges): boolean {
  return changes.added.length > 0 || changes.changed.some((c) => c.classification === 'objection-window');
}
