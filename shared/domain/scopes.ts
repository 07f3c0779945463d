import { diffLists, type ListChanges, needsObjectionWindow } from './list-diff.js';
import type { SubprocessorEntry } from './subprocessor.js';

/**
 * Scopes: which contracts a sub-processor concerns. A processor's list is not one list for every
 * client ("we do not transfer your data outside the EU ... provided that you do not select a
 * datacenter outside the EU"): an entry may carry scope labels (`eu-datacenter`, `us-datacenter`,
 * `sms`) and a contract the labels it uses. An entry without scopes concerns every contract; a
 * contract without scopes hears of everything. The labels' rule: scope-labels.ts.
 */
type Scoped = { scopes?: readonly string[] | undefined };

/** Whether an entry concerns a contract: either has no scopes, or they share one. */
export function concerns(entry: Scoped, contract: Scoped): boolean {
  if (entry.scopes === undefined || entry.scopes.length === 0) return true;
  if (contract.scopes === undefined || contract.scopes.length === 0) return true;
  return entry.scopes.some((scope) => contract.scopes?.includes(scope) === true);
}

/** The entries of a list that concern a contract. */
export function entriesConcerning<E extends SubprocessorEntry>(list: readonly E[], contract: Scoped): E[] {
  return list.filter((entry) => concerns(entry, contract));
}

/** A contract's scopes as one key: contracts with the same key are told the same changes. */
export function scopeKey(contract: Scoped): string {
  return contract.scopes === undefined || contract.scopes.length === 0 ? '*' : [...contract.scopes].sort().join(',');
}

/**
 * The changes of a version that concern one contract: the diff of the two lists as that contract
 * sees them, so an entry entering its scope is an addition for it (and leaving, a removal), and a
 * change outside its scope — or of whom else an entry concerns — is no change at all.
 */
export function changesForContract(
  before: readonly SubprocessorEntry[],
  after: readonly SubprocessorEntry[],
  contract: Scoped,
): { changes: ListChanges; needsObjectionWindow: boolean; before: SubprocessorEntry[]; after: SubprocessorEntry[] } {
  // Whom else an entry concerns is no change for this contract: only whether it concerns it.
  const seen = (list: readonly SubprocessorEntry[]) =>
    entriesConcerning(list, contract).map(({ scopes: _scopes, ...entry }) => entry);
  const [seenBefore, seenAfter] = [seen(before), seen(after)];
  const changes = diffLists(seenBefore, seenAfter);
  // The lists as the contract sees them: the change records locate their entries in these.
  return { changes, needsObjectionWindow: needsObjectionWindow(changes), before: seenBefore, after: seenAfter };
}

/** Whether a list uses scopes at all: then each contract's changes are computed on their own. */
export function usesScopes(...lists: ReadonlyArray<readonly SubprocessorEntry[]>): boolean {
  return lists.some((list) => list.some((entry) => entry.scopes !== undefined && entry.scopes.length > 0));
}
