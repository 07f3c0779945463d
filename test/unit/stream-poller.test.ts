import { describe, expect, it } from 'vitest';
import { LocalAsyncRuntime } from '../../infra/local/async-runtime.js';
import { BACKOFF, LocalStreamPoller, type StreamSource } from '../../infra/local/stream-poller.js';

/** A stream whose reads fail `failuresFirst` times (DynamoDB Local stopped), then return nothing. */
function aStreamDownFor(failuresFirst: number): StreamSource & { reads: number } {
  let failuresLeft = failuresFirst;
  const source = {
    reads: 0,
    shardIds: async () => ['shard-1'],
    shardIterator: async () => 'iterator-1',
    records: async () => {
      source.reads += 1;
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { name: 'Error' });
      }
      return { records: [], next: 'iterator-1' };
    },
    close: () => undefined,
  };
  return source;
}

describe('local stream poller', () => {
  it('backs off exponentially to a cap while the stream is down, and says so once going down and once back', async () => {
    const source = aStreamDownFor(9);
    const waits: number[] = [];
    const lines: string[] = [];
    let poller: LocalStreamPoller | undefined;
    const stopped = new Promise<void>((resolve) => {
      poller = new LocalStreamPoller('http://unused', 'table', new LocalAsyncRuntime(), {
        source,
        log: (line) => lines.push(line),
        sleep: async (ms) => {
          waits.push(ms);
          // Three quiet polls after the stream came back are enough to see the poller settle.
          if (waits.length === 12) void poller?.stop().then(resolve);
        },
      });
    });
    await poller?.follow('arn:aws:dynamodb:local:000000000000:table/t/stream/1');
    await stopped;

    expect(waits).toEqual([100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000, 50, 50, 50]);
    expect(Math.max(...waits)).toBe(BACKOFF.maxMs);
    expect(source.reads).toBe(12);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/cannot read the table's stream \(Error: connect ECONNREFUSED/);
    expect(lines[1]).toMatch(/reads the table's stream again \(after 9 failed attempts\)/);
  });

  it('stops while waiting out a backoff instead of finishing the wait', async () => {
    const poller = new LocalStreamPoller('http://unused', 'table', new LocalAsyncRuntime(), {
      source: aStreamDownFor(Number.POSITIVE_INFINITY),
      log: () => undefined,
    });
    await poller.follow('arn:aws:dynamodb:local:000000000000:table/t/stream/1');
    // 100 + 200 + 400 + 800 ms have passed: the poller is 100 ms into a 1.6 s wait.
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    const started = Date.now();
    await poller.stop();
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
