import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { dynamoDbClient } from '../shared/adapters/aws-clients.js';
import { registryStores } from '../shared/adapters/registry-stores.js';
import { config } from '../shared/config.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { json } from '../shared/http/responses.js';
import { logger } from '../shared/logger.js';
import { ROUTES } from '../shared/wiring/routes.js';
import { REGISTRY_TABLE } from '../shared/wiring/table.js';

const { apiKeys } = registryStores();
const { tableName } = config();

/**
 * Reads one key that never exists: the cheapest call that proves the table answers to this
 * function's own permissions (GetItem is in its policy; DescribeTable is not, and need not be).
 */
async function dynamoDb(): Promise<{ name: 'dynamodb'; ok: boolean; message?: string }> {
  try {
    await dynamoDbClient.send(
      new GetItemCommand({
        TableName: tableName,
        Key: { [REGISTRY_TABLE.partitionKey]: { S: 'HEALTH' }, [REGISTRY_TABLE.sortKey]: { S: 'HEALTH' } },
      }),
    );
    return { name: 'dynamodb', ok: true };
  } catch (error) {
    logger.warn('health: DynamoDB does not answer', { error: error as Error });
    return { name: 'dynamodb', ok: false, message: `the table ${tableName} does not answer` };
  }
}

export const handler = defineHttpHandler(ROUTES.health, apiKeys, async () => {
  const dependencies = [await dynamoDb()];
  const ok = dependencies.every((dependency) => dependency.ok);
  return json(ok ? 200 : 503, { status: ok ? 'ok' : 'unavailable', dependencies }, { 'cache-control': 'no-store' });
});
