import { NotFoundError } from './errors.js';
import type { ListChanges } from './list-diff.js';
import type { Clock, ListVersionStore, ProcessorProfileStore, VersionEffectStore } from './ports.js';
import type { ListVersionSummary } from './registry-entities.js';
import type { SubprocessorEntry } from './subprocessor.js';
import { type EffectiveTime, effectiveTimeOf, effectRef } from './version-effect.js';

/** How far back the public side looks: the feed's entries and the versions searched for the list in force. */
export const PUBLIC_HISTORY_LIMIT = 50;

/** A version as the public sees it: what changed and when it applies. No warnings: they are the vendor's. */
export interface PublicVersion extends EffectiveTime {
  version: number;
  publishedAt: string;
  baseline: boolean;
  needsObjectionWindow: boolean;
  changes: ListChanges;
  /** Set on a version that withdrew a pending one. */
  withdraws?: number;
}

/** What anyone may read of a processor's sub-processors: the list in force, what is coming, the history. */
export interface PublicList {
  processor: { id: string; name: string; address?: string };
  /** The version in force and its list; undefined before the first list took effect. */
  inForce?: PublicVersion & { subprocessors: SubprocessorEntry[] };
  /** Versions not in effect yet, oldest first, each with the list it will put in force. */
  pending: Array<PublicVersion & { subprocessors: SubprocessorEntry[] }>;
  /** The latest versions, newest first (at most PUBLIC_HISTORY_LIMIT). */
  history: PublicVersion[];
}

export interface PublicListDependencies {
  processors: Pick<ProcessorProfileStore, 'get'>;
  listVersions: Pick<ListVersionStore, 'get' | 'history'>;
  effects: Pick<VersionEffectStore, 'getMany'>;
  clock: Clock;
}

function publicVersion(summary: ListVersionSummary, effect: EffectiveTime): PublicVersion {
  return {
    version: summary.version,
    publishedAt: summary.publishedAt,
    baseline: summary.baseline,
    needsObjectionWindow: summary.needsObjectionWindow,
    changes: summary.changes,
    ...effect,
    ...(summary.withdraws !== undefined && { withdraws: summary.withdraws }),
  };
}

/**
 * The public side of a processor's list (trust page, feeds): the latest versions with their effective
 * state (version-effect.ts), the newest one in force with its list, and the versions still to come
 * with theirs. A withdrawn version is history only. Reads one history page, its effects in one batch,
 * and the lists of the versions shown in full.
 */
export async function publicListOf(processorId: string, deps: PublicListDependencies): Promise<PublicList> {
  const [processor, page] = await Promise.all([
    deps.processors.get(processorId),
    deps.listVersions.history(processorId, { limit: PUBLIC_HISTORY_LIMIT }),
  ]);
  if (processor === undefined) throw new NotFoundError(`no processor ${processorId}`);
  const now = deps.clock.now();
  const stored = await deps.effects.getMany(
    page.items.filter((v) => !v.baseline).map((v) => ({ processorId, version: v.version })),
  );
  const history = page.items.map((summary) =>
    publicVersion(summary, effectiveTimeOf(summary, stored.get(effectRef(processorId, summary.version)), now)),
  );
  const inForce = history.find((v) => v.effectiveState === 'effective');
  const coming = history
    .filter((v) => v.effectiveState === 'scheduled' && (inForce === undefined || v.version > inForce.version))
    .reverse();
  const withList = async (v: PublicVersion) => {
    const full = await deps.listVersions.get(processorId, v.version);
    if (full === undefined) throw new Error(`version ${v.version} of ${processorId} is missing`);
    return { ...v, subprocessors: full.subprocessors };
  };
  return {
    processor: {
      id: processor.id,
      name: processor.name,
      ...(processor.address !== undefined && { address: processor.address }),
    },
    ...(inForce !== undefined && { inForce: await withList(inForce) }),
    pending: await Promise.all(coming.map(withList)),
    history,
  };
}
