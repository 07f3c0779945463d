import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDynamoDbClient } from '../../infra/local/dynamodb-local.js';
import { keys } from '../../shared/adapters/dynamodb/keys.js';
import { aVendorWithClients, publishAddition, type Vendor } from '../support/notice-fixtures.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

let api: TestApi;
let db: DynamoDBDocumentClient;

beforeAll(async () => {
  api = await startTestApi();
  db = DynamoDBDocumentClient.from(localDynamoDbClient(api.stack.dynamoDbEndpoint));
});
afterAll(async () => {
  db?.destroy();
  await api?.stop();
});

interface Row {
  id: string;
  name: string;
  createdAt: string;
  counts: { contracts: number; openNotices: number };
}

async function all(kind: 'processors' | 'clients', limit = 100): Promise<Row[]> {
  const rows: Row[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.call('GET', `/${kind}?limit=${limit}${cursor === undefined ? '' : `&cursor=${cursor}`}`, {
      key: api.adminKey,
    });
    expect(page.status).toBe(200);
    rows.push(...page.body[kind]);
    cursor = page.body.nextCursor;
  } while (cursor !== undefined);
  return rows;
}

const countsOf = async (kind: 'processors' | 'clients', id: string) =>
  (await all(kind)).find((row) => row.id === id)?.counts;

describe("the operator's view of its tenants", () => {
  let vendor: Vendor;
  let idle: { id: string };
  let loneClient: { id: string };

  beforeAll(async () => {
    vendor = await aVendorWithClients(api, 2);
    idle = (await api.call('POST', '/processors', { key: api.adminKey, body: { name: 'Idle Vendor' } })).body;
    loneClient = (await api.call('POST', '/clients', { key: api.adminKey, body: { name: 'Lone Client' } })).body;
  });

  it('lists every processor and client, newest first, in pages that follow the cursor', async () => {
    const processors = await all('processors', 1);
    expect(processors.map((p) => p.id)).toEqual([idle.id, vendor.processor.id]);
    const clients = await all('clients', 2);
    expect(clients).toHaveLength(3);
    expect(clients[0]?.id).toBe(loneClient.id);
    const order = clients.map((c) => `${c.createdAt}#${c.id}`);
    expect(order).toEqual([...order].sort().reverse());
    expect(new Set(clients.map((c) => c.id))).toEqual(
      new Set([loneClient.id, ...vendor.clients.map((client) => client.id)]),
    );
    expect(processors[0]).toEqual({
      id: idle.id,
      name: 'Idle Vendor',
      createdAt: expect.any(String),
      counts: { contracts: 0, openNotices: 0 },
    });
  });

  it('refuses a cursor of another list, naming query.cursor, and a limit over 100, naming limit', async () => {
    const page = await api.call('GET', '/processors?limit=1', { key: api.adminKey });
    const foreign = await api.call('GET', `/clients?cursor=${page.body.nextCursor}`, { key: api.adminKey });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.issues[0].path).toBe('query.cursor');
    const tooMany = await api.call('GET', '/processors?limit=101', { key: api.adminKey });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.issues[0].path).toBe('query.limit');
  });

  it('counts contracts not ended and open notices, and follows the windows as they open and close', async () => {
    const [first, second] = vendor.clients;
    if (first === undefined || second === undefined) throw new Error('fixture');
    expect(await countsOf('processors', vendor.processor.id)).toEqual({ contracts: 2, openNotices: 0 });
    expect(await countsOf('clients', first.id)).toEqual({ contracts: 1, openNotices: 0 });

    await publishAddition(api, vendor);
    expect(await countsOf('processors', vendor.processor.id)).toEqual({ contracts: 2, openNotices: 1 });
    expect(await countsOf('clients', first.id)).toEqual({ contracts: 1, openNotices: 1 });
    expect(await countsOf('clients', loneClient.id)).toEqual({ contracts: 0, openNotices: 0 });

    // A contract ended (its item gains endedAt): no longer counted; its window still open counts.
    await db.send(
      new UpdateCommand({
        TableName: api.stack.tableName,
        Key: keys.contract(vendor.processor.id, second.contractId),
        UpdateExpression: 'SET endedAt = :at',
        ExpressionAttributeValues: { ':at': new Date().toISOString() },
      }),
    );
    expect(await countsOf('processors', vendor.processor.id)).toEqual({ contracts: 1, openNotices: 1 });
    expect(await countsOf('clients', second.id)).toEqual({ contracts: 0, openNotices: 1 });

    const moved = await api.call('POST', '/_local/clock', { key: api.adminKey, body: { advanceDays: 16 } });
    expect(moved.status).toBe(200);
    expect(await countsOf('processors', vendor.processor.id)).toEqual({ contracts: 1, openNotices: 0 });
    expect(await countsOf('clients', first.id)).toEqual({ contracts: 1, openNotices: 0 });
  });
});
