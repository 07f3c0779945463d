import { DEFAULT_NOTICE_PERIOD_DAYS, RULES_VERSION } from '../legal/reference.js';
import {
  type Issue,
  NotFoundError,
  PayloadTooLargeError,
  PreconditionFailedError,
  PreconditionRequiredError,
  ValidationError,
} from './errors.js';
import { diffLists, hasChanges, needsObjectionWindow } from './list-diff.js';
import { MAX_NOTICE_CHANGES_BYTES, noticeChangeRows, noticeChangesBytes } from './notice.js';
import type { Clock, ContractStore, ListVersionStore, ProcessorStore } from './ports.js';
import type { ListVersion } from './registry-entities.js';
import { sha256Hex } from './secrets.js';
import { chainKey, chainNodes, type SubprocessorEntry } from './subprocessor.js';
import { windowClosesAt } from './time.js';
import { checkTransfer } from './transfer-rules.js';
import { effectiveTimeOf, waitsForWindows } from './version-effect.js';

export interface PublishRequest {
  processorId: string;
  subprocessors: SubprocessorEntry[];
  /** The version the vendor last read (If-Match); required once a list exists. */
  ifMatch?: number;
  /** Optional later date from which the new list applies. */
  effectiveAt?: Date;
}

export interface PublishResult {
  version: ListVersion;
  created: boolean;
}

export interface PublishDependencies {
  processors: ProcessorStore;
  contracts: ContractStore;
  listVersions: ListVersionStore;
  clock: Clock;
}

/**
 * Rejects entries that break Chapter V or share an identity with a sibling, at every level of the
 * chain (each onward recipient is checked under the safeguard by which the data reaches it from its
 * parent); returns the warnings to keep. Every issue names the entry's path in the body.
 */
export function validateList(subprocessors: readonly SubprocessorEntry[], at: Date): Issue[] {
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  /** Where each identity was first listed: ids are unique among siblings, so the key is the chain key. */
  const firstListed = new Map<string, string>();
  for (const node of chainNodes(subprocessors)) {
    const path = node.location;
    const key = chainKey(node.keyPath);
    const first = firstListed.get(key);
    if (first !== undefined) {
      errors.push({
        path: node.entry.id !== undefined ? `${path}.id` : `${path}.name`,
        rule: 'unique-entry',
        message: `${path}: same identity as ${first}; give each entry a distinct id`,
      });
    } else {
      firstListed.set(key, path);
    }
    const check = checkTransfer(node.entry, at, path);
    errors.push(...check.errors);
    warnings.push(...check.warnings);
  }
  if (errors.length > 0) {
    throw new ValidationError(errors.map((e) => e.message).join('; '), errors);
  }
  return warnings;
}

/**
 * Refuses, before anything is written, a change whose notice could not be stored: its changes table
 * repeats every added, changed and removed entry (the removed ones from the previous list), so
 * replacing a whole large list can outgrow the notice's item although each list fits its own.
 */
function assertNoticeFits(version: ListVersion, previous: ListVersion | undefined): void {
  const bytes = noticeChangesBytes(noticeChangeRows(version, previous));
  if (bytes <= MAX_NOTICE_CHANGES_BYTES) return;
  const message = `subprocessors: the notice of this change would list ${Math.ceil(bytes / 1024)} KB of changes (every entry added, changed or removed, in full); a notice is stored in one item and its changes may take at most ${MAX_NOTICE_CHANGES_BYTES / 1024} KB — publish the change in smaller steps`;
  throw new PayloadTooLargeError(message, [{ path: 'subprocessors', rule: 'stored-notice-size', message }]);
}

function contentSha256(subprocessors: readonly SubprocessorEntry[]): string {
  return sha256Hex(JSON.stringify(subprocessors));
}

/**
 * Publishes a processor's sub-processor list as a new immutable version.
 *
 * 1. Check every entry, at every level of its chain, against GDPR Chapter V on today's date (errors
 *    reject the whole list).
 * 2. Check the If-Match precondition against the current version (428 missing, 412 stale).
 * 3. Diff against the current version; an identical list returns the current version unchanged.
 * 4. Compute effectiveAt: a change needing an objection window applies no earlier than publication
 *    plus the longest notice period among the processor's contracts (Art. 28(2), SCC Clause 9(a)).
 * 5. Refuse (413) a change whose notice would not fit its item, before anything is written.
 * 6. Store the version and move the current pointer in one conditional transaction, so concurrent
 *    writers with the same If-Match cannot both win.
 */
export async function publishSubprocessorList(
  request: PublishRequest,
  deps: PublishDependencies,
): Promise<PublishResult> {
  const now = deps.clock.now();
  const warnings = validateList(request.subprocessors, now);

  // The version If-Match names is read with the processor: it is the current one unless the request is stale.
  const read = await deps.processors.getWithVersion(request.processorId, request.ifMatch);
  const processor = read.processor;
  if (processor === undefined) throw new NotFoundError(`processor ${request.processorId} not found`);

  const currentNumber = processor.currentVersion;
  if (currentNumber !== undefined) {
    if (request.ifMatch === undefined) {
      throw new PreconditionRequiredError(
        `If-Match: required once a list exists; send the version you last read (current is "${currentNumber}")`,
      );
    }
    if (request.ifMatch !== currentNumber) {
      throw new PreconditionFailedError(
        `If-Match: version "${request.ifMatch}" is stale; the current version is "${currentNumber}"`,
      );
    }
  }
  const current = currentNumber === undefined ? undefined : read.version;

  const changes = diffLists(current?.subprocessors ?? [], request.subprocessors);
  if (current !== undefined && !hasChanges(changes)) {
    return { version: current, created: false };
  }

  const baseline = current === undefined;
  const windowNeeded = !baseline && needsObjectionWindow(changes);
  let earliest = now;
  if (windowNeeded) {
    // No contract yet: keep the default period, so a contract signed meanwhile still gets its window.
    const longest = (await deps.contracts.longestNoticePeriodDays(request.processorId)) ?? DEFAULT_NOTICE_PERIOD_DAYS;
    earliest = windowClosesAt(now, longest);
  }
  if (request.effectiveAt !== undefined && request.effectiveAt < earliest) {
    throw new ValidationError(
      `effectiveAt: must not be earlier than ${earliest.toISOString()} (publication plus the longest notice period)`,
      [
        {
          path: 'effectiveAt',
          rule: 'after-notice-period',
          message: `effectiveAt: must not be earlier than ${earliest.toISOString()}`,
        },
      ],
    );
  }

  const version: ListVersion = {
    processorId: processor.id,
    processorName: processor.name,
    version: (currentNumber ?? 0) + 1,
    subprocessors: request.subprocessors,
    changes,
    baseline,
    needsObjectionWindow: windowNeeded,
    warnings,
    publishedAt: now.toISOString(),
    effectiveAt: (request.effectiveAt ?? earliest).toISOString(),
    rulesVersion: RULES_VERSION,
    contentSha256: contentSha256(request.subprocessors),
  };
  if (!baseline) assertNoticeFits(version, current);
  await deps.listVersions.publish(version, currentNumber);
  return { version, created: true };
}

/**
 * How the PUT response states the effective time: a change with objection windows takes effect not
 * before `effectiveAt` — later if a window closes later (a send paced or retried, a resend); see
 * version-effect.ts. Another change is effective at once or at the time asked for.
 */
export function effectiveOnPublish(version: ListVersion, now: Date) {
  const { effectiveState } = effectiveTimeOf(version, undefined, now);
  return waitsForWindows(version) ? { effectiveState, effectiveNotBefore: version.effectiveAt } : { effectiveState };
}
