import { isDeepStrictEqual } from 'node:util';
import { countryName, isInEea } from '../legal/countries.js';
import { type AdequacyDecision, SAFEGUARD_TYPES, type SafeguardType } from '../legal/reference.js';
import type { TransferRuleName } from '../legal/transfer-rule-names.js';
import type { TransferStore } from './ports.js';
import type { ListVersion } from './registry-entities.js';
import { chainKey, chainNodes, entryKey, ownTerms, type Safeguard, type SubprocessorEntry } from './subprocessor.js';
import { adequacyDecisionFor, anyAdequacyDecisionFor } from './transfer-rules.js';
import { effectRef, type VersionEffect, waitsForWindows } from './version-effect.js';

/**
 * One sub-processor of one processor, at any level of the chain, as the latest published version
 * lists it: the projection the legal queries read (one item per entry, so a query costs the rows it
 * returns). An onward sub-processor has a row of its own: data that reaches it outside the EEA leaves
 * the EEA even when its parent is inside (EDPB Opinion 22/2024).
 */
export interface TransferRow {
  processorId: string;
  processorName: string;
  /** The entry's identity in the whole list (`chainKey`): its key includes the path. */
  entryKey: string;
  /** The entry's own terms, without its sub-processors (each has a row of its own). */
  entry: SubprocessorEntry;
  /** 1 for a direct sub-processor; 2 to 4 for an onward one. Absent from rows projected before chains (level 1). */
  level?: number;
  /**
   * The contracts the entry concerns (scopes.ts): its direct entry's scopes, which its whole chain
   * shares; empty: every contract. Absent from rows projected before scopes (read the entry's own).
   */
  scopes?: string[];
  /** Names from the direct sub-processor down to this one. Absent from rows projected before chains. */
  path?: string[];
  /** Version, and its effective date, since which data goes to this country (or organisation). */
  sinceVersion: number;
  sinceEffectiveAt: string;
  /** The latest version that changed this row, its effective date, and what was in force before. */
  changedInVersion: number;
  changedEffectiveAt: string;
  previous?: { entry: SubprocessorEntry; version: number };
  /** Set once a version drops the entry; the transfer ends when that version takes effect. */
  removedInVersion?: number;
  removedAt?: string;
  /** The projection applied versions in order: a row never goes back to an older version. */
  projectedVersion: number;
  /**
   * Versions of this row (since, change, removal) that wait for objection windows: their dates above
   * are the requested ones until the version takes effect, and the views read the current projection
   * from the version's effect (version-effect.ts). The close pass settles them (settleRow).
   */
  scheduledVersions?: number[];
  /**
   * The row as it stood before the version that last changed or removed it: what a withdrawal of that
   * version (`withdraws`) restores, `since` included, so the withdrawn change leaves no trace in the view.
   */
  prior?: PriorTransferRow;
}

export type PriorTransferRow = Omit<TransferRow, 'prior' | 'projectedVersion'>;

function priorOf(row: TransferRow): PriorTransferRow {
  const { prior: _prior, projectedVersion: _projected, ...kept } = row;
  return kept;
}

/** The row's scheduled versions with `version` added when it waits for windows. */
function withScheduled(
  row: Pick<TransferRow, 'scheduledVersions'>,
  version: ListVersion,
): Pick<TransferRow, 'scheduledVersions'> {
  const kept = row.scheduledVersions ?? [];
  const versions = waitsForWindows(version) ? [...new Set([...kept, version.version])] : kept;
  return versions.length === 0 ? {} : { scheduledVersions: versions };
}

/**
 * The row once `version` took effect at `effectiveAt`: the dates it set are final and the row stops
 * waiting for it. The same row (identity) when it did not wait for that version.
 */
export function settleRow(row: TransferRow, version: number, effectiveAt: string): TransferRow {
  if (!(row.scheduledVersions ?? []).includes(version)) return row;
  const { scheduledVersions, ...rest } = row;
  const remaining = (scheduledVersions ?? []).filter((v) => v !== version);
  return {
    ...rest,
    ...(remaining.length > 0 && { scheduledVersions: remaining }),
    ...(row.sinceVersion === version && { sinceEffectiveAt: effectiveAt }),
    ...(row.changedInVersion === version && { changedEffectiveAt: effectiveAt }),
    ...(row.removedInVersion === version && { removedAt: effectiveAt }),
  };
}

/** The versions a page of rows waits for: what the views look up (VersionEffectStore.getMany). */
export function scheduledVersionsOf(rows: readonly TransferRow[]): Array<{ processorId: string; version: number }> {
  return rows.flatMap((row) =>
    (row.scheduledVersions ?? []).map((version) => ({ processorId: row.processorId, version })),
  );
}

/** The rows as they stood before the version a withdrawal withdraws; rows it added are left to end. */
function withoutWithdrawnVersion(rows: readonly TransferRow[], withdrawn: number): TransferRow[] {
  return rows.map((row) =>
    (row.changedInVersion === withdrawn || row.removedInVersion === withdrawn) && row.prior !== undefined
      ? { ...row.prior, projectedVersion: row.projectedVersion }
      : row,
  );
}

const destination = (entry: SubprocessorEntry) => entry.country ?? `IO:${entry.internationalOrganisation}`;
/** Key order differs once an entry has been through DynamoDB; compare values (own terms: each child has its row). */
const sameTerms = (a: SubprocessorEntry, b: SubprocessorEntry) => isDeepStrictEqual(ownTerms(a), ownTerms(b));

/**
 * The rows a newly published version leaves behind, from the rows the previous ones left: entries
 * kept with the same destination keep their `since`; new or changed ones record what changed and
 * what was in force before (a pending change stays visible until its version takes effect); entries
 * no longer listed end at the version's effective date. Every level of a chain is projected alike:
 * one row per entry, keyed by its path.
 */
export function projectTransfers(previous: readonly TransferRow[], version: ListVersion): TransferRow[] {
  const from = version.withdraws === undefined ? previous : withoutWithdrawnVersion(previous, version.withdraws);
  const before = new Map(from.filter((row) => row.removedAt === undefined).map((row) => [row.entryKey, row]));
  const rows: TransferRow[] = [];
  const scopesOfChain = new Map(version.subprocessors.map((entry) => [entryKey(entry), entry.scopes ?? []]));
  for (const node of chainNodes(version.subprocessors)) {
    const key = chainKey(node.keyPath);
    const entry = ownTerms(node.entry);
    const old = before.get(key);
    before.delete(key);
    // The path follows renames above the entry even when its own terms stay the same.
    const base = {
      processorId: version.processorId,
      processorName: version.processorName,
      entryKey: key,
      entry,
      level: node.level,
      path: node.names,
      scopes: scopesOfChain.get(node.keyPath[0] as string) ?? [],
      projectedVersion: version.version,
    };
    if (old === undefined) {
      rows.push({
        ...base,
        ...withScheduled({}, version),
        sinceVersion: version.version,
        sinceEffectiveAt: version.effectiveAt,
        changedInVersion: version.version,
        changedEffectiveAt: version.effectiveAt,
      });
    } else if (sameTerms(old.entry, entry)) {
      rows.push({ ...old, ...base });
    } else {
      const sameDestination = destination(old.entry) === destination(entry);
      rows.push({
        ...base,
        ...withScheduled(old, version),
        sinceVersion: sameDestination ? old.sinceVersion : version.version,
        sinceEffectiveAt: sameDestination ? old.sinceEffectiveAt : version.effectiveAt,
        changedInVersion: version.version,
        changedEffectiveAt: version.effectiveAt,
        previous: { entry: old.entry, version: old.changedInVersion },
        prior: priorOf(old),
      });
    }
  }
  for (const old of before.values()) {
    rows.push({
      ...old,
      ...withScheduled(old, version),
      removedInVersion: version.version,
      removedAt: version.effectiveAt,
      projectedVersion: version.version,
      prior: priorOf(old),
    });
  }
  return rows;
}

/** A flag names its rule in the same vocabulary as the checks of a published list. */
export type TransferFlagRule = TransferRuleName;

export interface TransferFlag {
  rule: TransferFlagRule;
  message: string;
}

export interface LegalBasis {
  /** e.g. "Art. 45 — (EU) 2023/1795", "Art. 46(2)(c)", "Art. 49(1)(a)". */
  legalBasis: string;
  adequacyDecision?: Pick<AdequacyDecision, 'decision' | 'since' | 'until' | 'name'>;
}

export function legalBasisOf(entry: SubprocessorEntry, at: Date): LegalBasis {
  const safeguard = entry.safeguard;
  switch (safeguard.type) {
    case 'adequacy': {
      const decision = adequacyDecisionFor(entry, at) ?? anyAdequacyDecisionFor(entry);
      if (decision === undefined) return { legalBasis: `${SAFEGUARD_TYPES.adequacy.article} — no decision` };
      return {
        legalBasis: `${SAFEGUARD_TYPES.adequacy.article} — ${decision.decision}`,
        adequacyDecision: {
          decision: decision.decision,
          name: decision.name,
          since: decision.since,
          ...(decision.until !== undefined && { until: decision.until }),
        },
      };
    }
    case 'derogation':
      return {
        legalBasis:
          safeguard.article49Point === 'compelling-legitimate-interests'
            ? `${SAFEGUARD_TYPES.derogation.article}, second subparagraph`
            : `${SAFEGUARD_TYPES.derogation.article}(${safeguard.article49Point})`,
      };
    default:
      return { legalBasis: SAFEGUARD_TYPES[safeguard.type].article };
  }
}

const tiaOf = (safeguard: Safeguard) => ('tiaReference' in safeguard ? safeguard.tiaReference : undefined);

/**
 * What a lawyer wants to see on a transfer. `at` is the date the transfer's terms took effect:
 * an adequacy decision must have been in force then, and still be now.
 */
export function transferFlags(entry: SubprocessorEntry, effectiveAt: Date, now: Date): TransferFlag[] {
  const flags: TransferFlag[] = [];
  const safeguard = entry.safeguard;
  const type: SafeguardType = safeguard.type;
  if (safeguard.type === 'derogation') {
    flags.push({
      rule: 'derogation-not-for-routine-transfers',
      message: 'Art. 49 derogations are for occasional transfers, not a sub-processor’s routine ones (EDPB 2/2018)',
    });
  }
  if (SAFEGUARD_TYPES[type].requiresTia && tiaOf(safeguard) === undefined) {
    flags.push({
      rule: 'tia-recommended',
      message: `${SAFEGUARD_TYPES[type].article} without a transfer impact assessment reference (Schrems II)`,
    });
  }
  if (safeguard.type === 'adequacy') {
    const decision = anyAdequacyDecisionFor(entry);
    if (decision?.scope.kind === 'dpf-certified' && safeguard.dpfCertified !== true) {
      flags.push({
        rule: 'adequacy-scope',
        message: `${decision.name} adequacy claimed without DPF certification: it covers ${decision.scope.description}`,
      });
    }
    if (decision?.scope.kind === 'sectoral' && safeguard.withinScope !== true) {
      flags.push({
        rule: 'adequacy-scope',
        message: `${decision.name} adequacy covers ${decision.scope.description}; not confirmed for this recipient`,
      });
    }
    for (const [when, label] of [
      [effectiveAt, 'when this transfer took effect'],
      [now, 'today'],
    ] as const) {
      if (adequacyDecisionFor(entry, when) === undefined) {
        flags.push({
          rule: 'adequacy-decision-in-force',
          message:
            decision === undefined
              ? 'no adequacy decision covers this recipient'
              : `${decision.decision} (${decision.name}) was not in force ${label} (${when.toISOString().slice(0, 10)}; in force from ${decision.since}${decision.until ? ` to ${decision.until}` : ''})`,
        });
        break;
      }
    }
  }
  return flags;
}

export interface PendingChange {
  kind: 'addition' | 'change' | 'removal';
  version: number;
  /** For a version waiting for objection windows: its current projection, "not before" (sends and resends move it later). */
  effectiveAt: string;
  /** For a change: what is in force until then. */
  inForce?: { country: string | null; safeguardType: SafeguardType; purpose: string };
}

/** A transfer as the legal queries answer it. */
export interface TransferView extends LegalBasis {
  processorId: string;
  processorName: string;
  subprocessorName: string;
  /** 1 for a direct sub-processor; 2 to 4 for an onward one (its legal basis is the safeguard from its parent). */
  level: number;
  /** Names from the direct sub-processor down to this one: `["Mailjet", "Google LLC"]`. */
  path: string[];
  address: string;
  country: { code: string; name: string } | null;
  internationalOrganisation?: string;
  inEea: boolean;
  safeguardType: SafeguardType;
  safeguard: Safeguard;
  purpose: string;
  dataCategories: string[];
  /** The contracts it concerns (scopes.ts): those with one of these scopes; empty: every contract. */
  scopes: string[];
  sinceVersion: number;
  since: string;
  pendingChanges: PendingChange[];
  flags: TransferFlag[];
}

/** The row's dates as of now: a version still waiting for windows shows its current projection. */
function resolvedDates(row: TransferRow, effects: ReadonlyMap<string, VersionEffect>) {
  const dates = { since: row.sinceEffectiveAt, changed: row.changedEffectiveAt, removed: row.removedAt };
  const waiting = new Set<number>();
  for (const version of row.scheduledVersions ?? []) {
    const effect = effects.get(effectRef(row.processorId, version));
    if (effect?.state !== 'effective') waiting.add(version);
    // Absent: scheduled at the requested time, which the row holds. Withdrawn: the withdrawal's projection restores the row.
    if (effect === undefined || effect.state === 'withdrawn') continue;
    if (row.sinceVersion === version) dates.since = effect.effectiveAt;
    if (row.changedInVersion === version) dates.changed = effect.effectiveAt;
    if (row.removedInVersion === version) dates.removed = effect.effectiveAt;
  }
  return { ...dates, waiting };
}

/**
 * The row as of `now`, or undefined when its removal has taken effect. A change is pending until its
 * version took effect: for a version with windows, until the close pass recorded the effect (its
 * `effects` entry), whatever the date.
 */
export function viewTransfer(
  row: TransferRow,
  now: Date,
  effects: ReadonlyMap<string, VersionEffect> = new Map(),
): TransferView | undefined {
  const iso = now.toISOString();
  const dates = resolvedDates(row, effects);
  const removalPending =
    row.removedInVersion !== undefined && (dates.waiting.has(row.removedInVersion) || (dates.removed ?? '') > iso);
  if (dates.removed !== undefined && !removalPending) return undefined;
  const entry = row.entry;
  const pendingChanges: PendingChange[] = [];
  if (dates.waiting.has(row.changedInVersion) || dates.changed > iso) {
    const old = row.previous?.entry;
    pendingChanges.push({
      kind: old === undefined ? 'addition' : 'change',
      version: row.changedInVersion,
      effectiveAt: dates.changed,
      ...(old !== undefined && {
        inForce: { country: old.country ?? null, safeguardType: old.safeguard.type, purpose: old.purpose },
      }),
    });
  }
  if (dates.removed !== undefined && row.removedInVersion !== undefined) {
    pendingChanges.push({ kind: 'removal', version: row.removedInVersion, effectiveAt: dates.removed });
  }
  return {
    processorId: row.processorId,
    processorName: row.processorName,
    subprocessorName: entry.name,
    level: row.level ?? 1,
    path: row.path ?? [entry.name],
    address: entry.address,
    country: entry.country === undefined ? null : { code: entry.country, name: countryName(entry.country) },
    ...(entry.internationalOrganisation !== undefined && {
      internationalOrganisation: entry.internationalOrganisation,
    }),
    inEea: isTransferInsideEea(entry),
    safeguardType: entry.safeguard.type,
    safeguard: entry.safeguard,
    ...legalBasisOf(entry, now),
    purpose: entry.purpose,
    dataCategories: entry.dataCategories ?? [],
    scopes: scopesOf(row),
    sinceVersion: row.sinceVersion,
    since: dates.since,
    pendingChanges,
    flags: transferFlags(entry, new Date(dates.changed), now),
  };
}

/** Inside the EEA no Chapter V transfer takes place; an international organisation is always outside. */
export function isTransferInsideEea(entry: Pick<SubprocessorEntry, 'country'>): boolean {
  return entry.country !== undefined && isInEea(entry.country);
}

export interface TransferFilter {
  country?: string;
  safeguard?: SafeguardType;
  processorId?: string;
  /** Only the entries that concern a contract with this scope (those with it, and those with none). */
  scope?: string;
  includeEea: boolean;
  /** What-if: the transfers relying on this country's adequacy decision. */
  withoutAdequacy?: string;
}

export function matchesFilter(view: TransferView, filter: TransferFilter): boolean {
  if (!filter.includeEea && view.inEea) return false;
  if (filter.country !== undefined && view.country?.code !== filter.country) return false;
  if (filter.safeguard !== undefined && view.safeguardType !== filter.safeguard) return false;
  if (filter.processorId !== undefined && view.processorId !== filter.processorId) return false;
  if (filter.scope !== undefined && view.scopes.length > 0 && !view.scopes.includes(filter.scope)) return false;
  if (
    filter.withoutAdequacy !== undefined &&
    !(view.safeguardType === 'adequacy' && view.country?.code === filter.withoutAdequacy)
  ) {
    return false;
  }
  return true;
}

/**
 * Brings a processor's transfer rows up to a newly stored version. Stream deliveries repeat and a
 * late one may arrive after a newer version: a version older than what the rows show is ignored,
 * and re-applying the same version writes the same rows.
 */
export async function projectVersion(
  version: ListVersion,
  deps: { transfers: Pick<TransferStore, 'forProcessor' | 'apply'> },
): Promise<'projected' | 'stale'> {
  const previous = await deps.transfers.forProcessor(version.processorId);
  if (previous.some((row) => row.projectedVersion > version.version)) return 'stale';
  await deps.transfers.apply(projectTransfers(previous, version), version.publishedAt);
  return 'projected';
}

/** The contracts a row concerns (scopes.ts): its chain's scopes; a row projected before scopes, its entry's. */
export function scopesOf(row: Pick<TransferRow, 'scopes' | 'entry'>): string[] {
  return row.scopes ?? row.entry.scopes ?? [];
}
