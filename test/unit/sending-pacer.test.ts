import { describe, expect, it } from 'vitest';
import { sendingPacer } from '../../shared/adapters/sending-pacer.js';

/** A clock that only moves when the pacer sleeps or the test says a send took time. */
function fakeClock() {
  let now = 1_000;
  const sleeps: number[] = [];
  return {
    clock: {
      now: () => now,
      sleep: async (ms: number) => {
        sleeps.push(ms);
        now += ms;
      },
    },
    sleeps,
    spend: (ms: number) => {
      now += ms;
    },
    at: () => now,
  };
}

describe('sendingPacer: one execution environment held to its share of the SES rate', () => {
  it('spaces instant sends one gap apart, the first at once', async () => {
    const time = fakeClock();
    const waitForSlot = sendingPacer(10, time.clock); // 100 ms apart
    const starts: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      await waitForSlot();
      starts.push(time.at());
    }
    expect(starts).toEqual([1_000, 1_100, 1_200, 1_300]);
    expect(time.sleeps).toEqual([100, 100, 100]);
  });

  it('counts the time a send takes as part of the gap, not in addition to it', async () => {
    const time = fakeClock();
    const waitForSlot = sendingPacer(10, time.clock);
    await waitForSlot();
    time.spend(60); // the send itself
    await waitForSlot();
    expect(time.at()).toBe(1_100); // waited 40 ms, not 100
    time.spend(150); // a slow send: the next may start at once
    await waitForSlot();
    expect(time.at()).toBe(1_250);
    expect(time.sleeps).toEqual([40]);
  });
});
