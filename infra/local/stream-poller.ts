import { setTimeout as sleepFor } from 'node:timers/promises';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import {
  type _Record,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { matchesPattern } from '../../shared/wiring/event-pattern.js';
import { STREAM_CONSUMERS } from '../../shared/wiring/events.js';
import type { LocalAsyncRuntime } from './async-runtime.js';
import { localDynamoDbClient } from './dynamodb-local.js';
import { lambdaContext, loadHandler } from './handler-loader.js';

const POLL_MS = 50;
const ATTEMPTS = 3;
/** While the stream cannot be read: 100 ms, doubling, at most 5 s between attempts. */
export const BACKOFF = { firstMs: 100, maxMs: 5_000 } as const;

/** What the poller reads a DynamoDB stream with; DynamoDB Local's in the stack, a fake in tests. */
export interface StreamSource {
  shardIds(streamArn: string): Promise<string[]>;
  shardIterator(streamArn: string, shardId: string, position: 'LATEST' | 'TRIM_HORIZON'): Promise<string | undefined>;
  records(iterator: string): Promise<{ records: _Record[]; next: string | undefined }>;
  close(): void;
}

export function dynamoDbStreamSource(endpoint: string): StreamSource {
  const client = new DynamoDBStreamsClient({
    endpoint,
    region: 'eu-west-3',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return {
    async shardIds(streamArn) {
      const { StreamDescription } = await client.send(new DescribeStreamCommand({ StreamArn: streamArn }));
      return (StreamDescription?.Shards ?? []).flatMap((shard) => (shard.ShardId === undefined ? [] : [shard.ShardId]));
    },
    async shardIterator(streamArn, shardId, position) {
      const { ShardIterator } = await client.send(
        new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ShardIteratorType: position }),
      );
      return ShardIterator;
    },
    async records(iterator) {
      const { Records = [], NextShardIterator } = await client.send(new GetRecordsCommand({ ShardIterator: iterator }));
      return { records: Records, next: NextShardIterator };
    },
    close: () => client.destroy(),
  };
}

export interface StreamPollerOptions {
  /** Defaults to DynamoDB Local's stream API at the endpoint. */
  source?: StreamSource;
  /** Waits between polls; tests pass one that records the delays. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Where the poller says the stream went down and came back. */
  log?: (line: string) => void;
}

/**
 * Reads the table's DynamoDB stream from DynamoDB Local and hands the records, filtered by each
 * consumer's pattern, to the same handlers Lambda's event-source mapping calls in AWS. Like the
 * mapping, a failed batch is retried before the poller moves on (here: kept as a dead letter).
 * When the stream cannot be read (DynamoDB Local stopped), it backs off exponentially up to BACKOFF.maxMs
 * and says so once when reading fails and once when it works again, not once per attempt.
 */
export class LocalStreamPoller {
  private readonly stopping = new AbortController();
  private readonly iterators = new Map<string, string | undefined>();
  private loop: Promise<void> | undefined;
  private busy = false;
  private readonly source: StreamSource;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly log: (line: string) => void;
  /** Records read so far; the local stack compares it across polls to know the stream is drained. */
  delivered = 0;
  /** Attempts failed in a row; 0 while the stream reads. */
  private failures = 0;

  constructor(
    private readonly endpoint: string,
    private readonly tableName: string,
    private readonly runtime: LocalAsyncRuntime,
    options: StreamPollerOptions = {},
  ) {
    this.source = options.source ?? dynamoDbStreamSource(endpoint);
    this.sleep = options.sleep ?? ((ms, signal) => sleepFor(ms, undefined, { signal }).catch(() => undefined));
    this.log = options.log ?? ((line) => console.error(line));
  }

  async start(): Promise<void> {
    const dynamo = localDynamoDbClient(this.endpoint);
    const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: this.tableName }));
    dynamo.destroy();
    const streamArn = Table?.LatestStreamArn;
    if (streamArn === undefined) throw new Error(`table ${this.tableName} has no stream`);
    await this.follow(streamArn);
  }

  /** Starts reading the stream from now on: like a new event-source mapping starting at LATEST. */
  async follow(streamArn: string): Promise<void> {
    await this.refreshShards(streamArn, 'LATEST');
    this.loop = this.run(streamArn);
  }

  private async refreshShards(streamArn: string, position: 'LATEST' | 'TRIM_HORIZON') {
    for (const shardId of await this.source.shardIds(streamArn)) {
      if (this.iterators.has(shardId)) continue;
      this.iterators.set(shardId, await this.source.shardIterator(streamArn, shardId, position));
    }
  }

  private async run(streamArn: string): Promise<void> {
    while (!this.stopping.signal.aborted) {
      this.busy = true;
      let sawRecords = false;
      try {
        for (const [shardId, iterator] of this.iterators) {
          if (iterator === undefined) continue;
          const { records, next } = await this.source.records(iterator);
          this.iterators.set(shardId, next);
          if (records.length > 0) {
            sawRecords = true;
            this.delivered += records.length;
            await this.deliver(records);
          }
        }
        // Closed shards end (iterator undefined); new shards start from their beginning.
        await this.refreshShards(streamArn, 'TRIM_HORIZON');
        if (this.failures > 0) {
          this.log(`local: stream poller reads the table's stream again (after ${this.failures} failed attempts)`);
          this.failures = 0;
        }
      } catch (error) {
        if (!this.stopping.signal.aborted) {
          this.failures += 1;
          if (this.failures === 1) {
            this.log(
              `local: stream poller cannot read the table's stream (${(error as Error).name}: ${(error as Error).message}); retrying every ${BACKOFF.firstMs} ms to ${BACKOFF.maxMs / 1000} s, quietly`,
            );
          }
        }
      } finally {
        this.busy = false;
      }
      if (this.failures > 0) await this.sleep(backoffMs(this.failures), this.stopping.signal);
      else if (!sawRecords) await this.sleep(POLL_MS, this.stopping.signal);
    }
    this.source.close();
  }

  private async deliver(records: _Record[]): Promise<void> {
    for (const consumer of Object.values(STREAM_CONSUMERS)) {
      const matching = records.filter((record) =>
        consumer.filterPatterns.some((pattern) => matchesPattern(pattern, record)),
      );
      for (let start = 0; start < matching.length; start += consumer.batchSize) {
        const batch = {
          Records: matching
            .slice(start, start + consumer.batchSize)
            .map((r) => ({ ...r, eventSource: 'aws:dynamodb' })),
        };
        const work = (async () => {
          for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
              await (await loadHandler(consumer.entry))(batch, lambdaContext(consumer.name));
              return;
            } catch (error) {
              if (attempt === ATTEMPTS) {
                this.runtime.deadLetters.push({ target: consumer.name, event: batch, error: String(error) });
                console.error(`local: ${consumer.name} failed ${ATTEMPTS} times on a stream batch`, error);
              }
            }
          }
        })();
        this.runtime.track(work);
        await work;
      }
    }
  }

  /** True when a poll is under way: the local clock waits for the stream to drain too. */
  get polling(): boolean {
    return this.busy;
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.loop;
  }
}

/** The wait after the n-th failed attempt in a row. */
export function backoffMs(failures: number): number {
  return Math.min(BACKOFF.maxMs, BACKOFF.firstMs * 2 ** Math.max(0, failures - 1));
}
