import type { ListVersionSummary } from './registry-entities.js';

/**
 * When a list version takes effect. A change that needs an objection window takes effect no earlier
 * than the time the vendor asked for (`requestedEffectiveAt`: publication plus the longest notice
 * period, or later) and no earlier than the last `closesAt` of every contract its notice reached,
 * resends included (Art. 28(2) GDPR, SCC Clause 9(a): "at least ... in advance ... prior to the
 * engagement"). Each recorded send pushes the projection later; the close pass fixes it for good.
 *
 * Stored as one small item per version (not on the version item, which holds the whole list and
 * would make every send's write cost up to 400 KB of capacity). Absent until a send extends it, the
 * version takes effect, or it is withdrawn: absence means "scheduled, at the requested time".
 */
export interface VersionEffect {
  processorId: string;
  version: number;
  /**
   * scheduled: windows may still open or be open; effective: the version is the list in force since
   * `effectiveAt` (final); withdrawn: it never took effect (POST …/versions/{n}/withdraw).
   */
  state: 'scheduled' | 'effective' | 'withdrawn';
  requestedEffectiveAt: string;
  /** Scheduled: the projection (only ever moves later). Effective: when it took effect. */
  effectiveAt: string;
  /** When the close pass recorded the effect (at or after `effectiveAt`). */
  recordedAt?: string;
  /** False from the effect until SubprocessorChangeEffective is on the bus. */
  effectiveEventPublished?: boolean;
  effectiveEventClaimedAt?: string;
}

/** How a version's effective time reads in the API: its state, the time, and what was asked. */
export interface EffectiveTime {
  effectiveState: 'scheduled' | 'effective' | 'withdrawn';
  /** Scheduled: the current projection, "not before" (later sends or resends may move it). Else final. */
  effectiveAt: string;
  requestedEffectiveAt: string;
}

/** Whether the version waits for objection windows (and so has an effect item, once one is written). */
export function waitsForWindows(version: Pick<ListVersionSummary, 'needsObjectionWindow' | 'baseline' | 'withdraws'>) {
  return version.needsObjectionWindow && !version.baseline && version.withdraws === undefined;
}

/**
 * The effective time of a version as of `now`. A version without a window is in force from its
 * `effectiveAt` (publication, or the later time asked for) unless it was withdrawn first.
 */
export function effectiveTimeOf(
  version: Pick<ListVersionSummary, 'needsObjectionWindow' | 'baseline' | 'withdraws' | 'effectiveAt'>,
  effect: VersionEffect | undefined,
  now: Date,
): EffectiveTime {
  const requestedEffectiveAt = version.effectiveAt;
  // Stored, the state is the registry's word: `effective` is only ever written at or after its time.
  if (effect !== undefined)
    return { effectiveState: effect.state, effectiveAt: effect.effectiveAt, requestedEffectiveAt };
  if (waitsForWindows(version))
    return { effectiveState: 'scheduled', effectiveAt: requestedEffectiveAt, requestedEffectiveAt };
  return {
    effectiveState: Date.parse(requestedEffectiveAt) > now.getTime() ? 'scheduled' : 'effective',
    effectiveAt: requestedEffectiveAt,
    requestedEffectiveAt,
  };
}

/** The key of a version's effect in maps built from a batch read. */
export const effectRef = (processorId: string, version: number) => `${processorId}#${version}`;

/** A notice's version as the effective time needs it (a notice is never the baseline nor a withdrawal). */
export function versionOfNotice(notice: { kind: 'objection-window' | 'informational'; effectiveAt: string }) {
  return { needsObjectionWindow: notice.kind === 'objection-window', baseline: false, effectiveAt: notice.effectiveAt };
}
