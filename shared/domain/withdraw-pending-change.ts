import { ConflictError, NotFoundError, PreconditionFailedError, PreconditionRequiredError } from './errors.js';
import { diffLists } from './list-diff.js';
import type { Clock, ListVersionStore, ProcessorStore, VersionEffectStore } from './ports.js';
import type { ListVersion } from './registry-entities.js';
import { effectiveTimeOf } from './version-effect.js';

export interface WithdrawRequest {
  processorId: string;
  /** The pending version to withdraw. */
  version: number;
  /** The version the vendor last read (If-Match): required, as for any change of the list. */
  ifMatch?: number;
}

export interface WithdrawDependencies {
  processors: Pick<ProcessorStore, 'getWithVersion'>;
  listVersions: Pick<ListVersionStore, 'get' | 'publish'>;
  effects: Pick<VersionEffectStore, 'get'>;
  clock: Clock;
}

/**
 * Withdraws a change that has not taken effect: the vendor changed its mind (often because of
 * objections) before engaging the sub-processor, so nobody's silence may ripen into consent to it.
 *
 * 1. Read the processor with version `n`; check If-Match (428 missing, 412 stale) as PUT does.
 * 2. Refuse (409, naming why) unless `n` is the latest version, a change (not the baseline, not itself
 *    a withdrawal), and has not taken effect (version-effect.ts: a change with windows until the close
 *    pass records its effect, whatever the date; another one until its `effectiveAt`).
 * 3. Store version n+1 with the list of version n-1, marked `withdraws: n`, effective at once and with
 *    no window of its own (nothing changes for the clients: that list is the one in force), by the
 *    same conditional transaction as a publish, which also marks `n` withdrawn on the condition that it
 *    is still scheduled: a concurrent PUT, withdrawal or effect cannot both win.
 * The notice of `n` is withdrawn from the stored version's event (withdrawNotice), like every notice step.
 */
export async function withdrawPendingChange(
  request: WithdrawRequest,
  deps: WithdrawDependencies,
): Promise<ListVersion> {
  const now = deps.clock.now();
  const read = await deps.processors.getWithVersion(request.processorId, request.version);
  const processor = read.processor;
  if (processor === undefined) throw new NotFoundError(`processor ${request.processorId} not found`);
  const current = processor.currentVersion;
  if (request.ifMatch === undefined) {
    throw new PreconditionRequiredError(
      `If-Match: required; send the version you last read (current is "${current ?? 'none'}")`,
    );
  }
  if (request.ifMatch !== current) {
    throw new PreconditionFailedError(
      `If-Match: version "${request.ifMatch}" is stale; the current version is "${current ?? 'none'}"`,
    );
  }
  const pending = read.version;
  if (pending === undefined) throw new NotFoundError(`version ${request.version} of ${request.processorId} not found`);
  if (pending.version !== current) {
    throw new ConflictError(
      `version ${pending.version} is not the latest (version ${current} is): only the latest change can be withdrawn`,
    );
  }
  if (pending.baseline)
    throw new ConflictError(`version ${pending.version} is the baseline: there is no change to withdraw`);
  if (pending.withdraws !== undefined) {
    throw new ConflictError(
      `version ${pending.version} is itself the withdrawal of version ${pending.withdraws}: publish the list again instead`,
    );
  }
  const effect = effectiveTimeOf(pending, await deps.effects.get(pending.processorId, pending.version), now);
  if (effect.effectiveState !== 'scheduled') {
    throw new ConflictError(
      `version ${pending.version} took effect at ${effect.effectiveAt}: a change in force cannot be withdrawn; publish a new list instead`,
    );
  }
  const before = await deps.listVersions.get(request.processorId, pending.version - 1);
  if (before === undefined) throw new Error(`version ${pending.version - 1} of ${request.processorId} is missing`);

  const withdrawal: ListVersion = {
    processorId: processor.id,
    processorName: processor.name,
    version: pending.version + 1,
    subprocessors: before.subprocessors,
    changes: diffLists(pending.subprocessors, before.subprocessors),
    baseline: false,
    needsObjectionWindow: false,
    // The content and its checks are those of the version in force before: the same list, the same findings.
    warnings: before.warnings,
    publishedAt: now.toISOString(),
    effectiveAt: now.toISOString(),
    rulesVersion: before.rulesVersion,
    contentSha256: before.contentSha256,
    withdraws: pending.version,
  };
  await deps.listVersions.publish(withdrawal, pending.version, pending);
  return withdrawal;
}
