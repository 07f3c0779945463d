import type { Clock } from '../domain/ports.js';

let localClockOffsetMs = 0;

/** Wall-clock time, plus the local stack's offset (always 0 in AWS: nothing deployed moves it). */
export const systemClock: Clock = { now: () => new Date(Date.now() + localClockOffsetMs) };

/**
 * Local stack only (POST /_local/clock): moves the clock forward so a person or a test can walk
 * through a whole objection window in a minute.
 */
export function advanceLocalClock(ms: number): void {
  localClockOffsetMs += ms;
}

/** Local stack only: the offset, so that it can be kept across restarts. */
export function localClockOffset(): number {
  return localClockOffsetMs;
}

/** Local stack only: restores an offset kept by an earlier run. */
export function setLocalClockOffset(ms: number): void {
  localClockOffsetMs = ms;
}
