/**
 * Paces one execution environment to `perSecond` sends: each send takes the next free slot, one gap
 * after the previous slot. Slots count from the start of a send, not its end, so the time a send itself
 * takes is part of the gap instead of being added to it (ending-based waits reached about a third of
 * the rate in the pacing bench).
 */
export function sendingPacer(
  perSecond: number,
  clock: { now(): number; sleep(ms: number): Promise<void> } = {
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  },
): () => Promise<void> {
  const gapMs = 1000 / perSecond;
  let nextSlotAt = Number.NEGATIVE_INFINITY;
  return async () => {
    const now = clock.now();
    const slot = Math.max(now, nextSlotAt);
    nextSlotAt = slot + gapMs;
    if (slot > now) await clock.sleep(slot - now);
  };
}
