import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { dynamoDbClient } from '../shared/adapters/aws-clients.js';
import { registryStores } from '../shared/adapters/registry-stores.js';
import { config } from '../shared/config.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { json } from '../shared/http/responses.js';
import { logger } from '../shared/logger.js';
import { ROUTES } from '../shared/wiring/routes.js';

const { apiKeys } = registryStores();
const { tableName } = config();

/** Past this the dependency counts as down: a health check that hangs tells a load balancer nothing. */
const DEPENDENCY_TIMEOUT_MS = 2_000;

interface DependencyStatus {
  name: 'dynamodb';
  ok: boolean;
  /** Why it is down: the status or error name only, never an endpoint or a stack trace (the route is public). */
  message?: string;
}

/** DescribeTable: metadata only, reads no item and costs no capacity. */
async function dynamoDb(): Promise<DependencyStatus> {
  try {
    const { Table } = await dynamoDbClient.send(new DescribeTableCommand({ TableName: tableName }), {
      abortSignal: AbortSignal.timeout(DEPENDENCY_TIMEOUT_MS),
    });
    // UPDATING (an index being added) still serves reads and writes.
    if (Table?.TableStatus === 'ACTIVE' || Table?.TableStatus === 'UPDATING') return { name: 'dynamodb', ok: true };
    return { name: 'dynamodb', ok: false, message: `the table is ${Table?.TableStatus ?? 'in no known state'}` };
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).name;
    logger.warn('health: DynamoDB did not answer', { error: error as Error });
    return { name: 'dynamodb', ok: false, message: `DynamoDB did not answer DescribeTable (${reason})` };
  }
}

/**
 * Health: 200 when every dependency answers, 503 naming the one that does not, so a monitor (or the
 * local stack's user) sees that the database is down instead of a cheerful "ok".
 */
export const handler = defineHttpHandler(ROUTES.health, apiKeys, async () => {
  const dependencies = [await dynamoDb()];
  const ok = dependencies.every((dependency) => dependency.ok);
  return json(ok ? 200 : 503, { status: ok ? 'ok' : 'unavailable', dependencies }, { 'cache-control': 'no-store' });
});
