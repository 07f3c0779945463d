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

/**
 * Reads the table's DynamoDB stream from DynamoDB Local and hands the records, filtered by each
 * consumer's pattern, to the same handlers Lambda's event-source mapping calls in AWS. Like the
 * mapping, a failed batch is retried before the poller moves on (here: kept as a dead letter).
 */
export class LocalStreamPoller {
  private stopped = false;
  private readonly iterators = new Map<string, string | undefined>();
  private loop: Promise<void> | undefined;
  private busy = false;
  /** Records read so far; the local stack compares it across polls to know the stream is drained. */
  delivered = 0;

  constructor(
    private readonly endpoint: string,
    private readonly tableName: string,
    private readonly runtime: LocalAsyncRuntime,
  ) {}

  private readonly streams = () =>
    new DynamoDBStreamsClient({
      endpoint: this.endpoint,
      region: 'eu-west-3',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });

  async start(): Promise<void> {
    const dynamo = localDynamoDbClient(this.endpoint);
    const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: this.tableName }));
    dynamo.destroy();
    const streamArn = Table?.LatestStreamArn;
    if (streamArn === undefined) throw new Error(`table ${this.tableName} has no stream`);
    const client = this.streams();
    // Only records written from now on: like a new event-source mapping starting at LATEST.
    await this.refreshShards(client, streamArn, 'LATEST');
    this.loop = this.run(client, streamArn);
  }

  private async refreshShards(client: DynamoDBStreamsClient, streamArn: string, position: 'LATEST' | 'TRIM_HORIZON') {
    const { StreamDescription } = await client.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of StreamDescription?.Shards ?? []) {
      if (shard.ShardId === undefined || this.iterators.has(shard.ShardId)) continue;
      const { ShardIterator } = await client.send(
        new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.ShardId, ShardIteratorType: position }),
      );
      this.iterators.set(shard.ShardId, ShardIterator);
    }
  }

  private async run(client: DynamoDBStreamsClient, streamArn: string): Promise<void> {
    while (!this.stopped) {
      this.busy = true;
      let sawRecords = false;
      try {
        for (const [shardId, iterator] of this.iterators) {
          if (iterator === undefined) continue;
          const { Records = [], NextShardIterator } = await client.send(
            new GetRecordsCommand({ ShardIterator: iterator }),
          );
          this.iterators.set(shardId, NextShardIterator);
          if (Records.length > 0) {
            sawRecords = true;
            this.delivered += Records.length;
            await this.deliver(Records);
          }
        }
        // Closed shards end (iterator undefined); new shards start from their beginning.
        await this.refreshShards(client, streamArn, 'TRIM_HORIZON');
      } catch (error) {
        if (!this.stopped) console.error('local: stream poller', error);
      } finally {
        this.busy = false;
      }
      if (!sawRecords) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    client.destroy();
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
    this.stopped = true;
    await this.loop;
  }
}
