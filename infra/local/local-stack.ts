import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { hashApiKey } from '../../shared/domain/api-key.js';
import { ROUTE_LIST } from '../../shared/wiring/routes.js';
import { createRegistryTable, startDynamoDbLocal } from './dynamodb-local.js';
import { createLocalHttpApi, handlerLoader } from './http-adapter.js';

const REPOSITORY_ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');

export interface LocalStackOptions {
  /** API port; 0 picks a free one. */
  port: number;
  adminApiKey: string;
  tableName?: string;
  /** Reuse a running DynamoDB (tests share one); otherwise DynamoDB Local is started. */
  dynamoDbEndpoint?: string;
}

export interface LocalStack {
  apiUrl: string;
  dynamoDbEndpoint: string;
  tableName: string;
  stop(): Promise<void>;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

/**
 * The registry on one machine: DynamoDB Local, the table from the shared definition, and the HTTP
 * API from the shared route table running the very handler modules Lambda runs. The environment is
 * set before any handler is loaded, since handlers read it once at cold start, as on Lambda.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const dynamo = options.dynamoDbEndpoint === undefined ? await startDynamoDbLocal() : undefined;
  const dynamoDbEndpoint = options.dynamoDbEndpoint ?? (dynamo?.endpoint as string);
  const tableName = options.tableName ?? 'subprocessor-registry';

  Object.assign(process.env, {
    AWS_REGION: 'eu-west-3',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: dynamoDbEndpoint,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    TABLE_NAME: tableName,
    ADMIN_API_KEY_SHA256: hashApiKey(options.adminApiKey),
  });
  await createRegistryTable(dynamoDbEndpoint, tableName);

  const server = createLocalHttpApi(ROUTE_LIST, handlerLoader(REPOSITORY_ROOT));
  const port = await listen(server, options.port);
  return {
    apiUrl: `http://127.0.0.1:${port}`,
    dynamoDbEndpoint,
    tableName,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      dynamo?.stop();
    },
  };
}
