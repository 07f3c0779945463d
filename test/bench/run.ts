/**
 * `npm run bench`: figures on the local stack (DynamoDB Local, in-process API and pipeline).
 * - Paced sending (test/bench/pacing.ts): achieved SES rate and the largest closesAt − effectiveAt.
 * - Function bundles: size of each function's bundle and its module init time (cold import).
 * - Registry core: for PUT of a 20-entry list and for GET, median HTTP latency, the median of the
 *   same operation's bare DynamoDB calls, their ratio, and the DynamoDB calls per operation.
 * - Change notices: for 1,000 and 10,000 contracts (BENCH_CONTRACTS), the time and DynamoDB calls
 *   from PUT to the last e-mail sent, and the cost of closing the windows per contract.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { BatchGetCommand, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { startLocalStack } from '../../infra/local/local-stack.js';
import { documentClient, dynamoDbClient } from '../../shared/adapters/aws-clients.js';
import { keys } from '../../shared/adapters/dynamodb/keys.js';
import type { SubprocessorEntry } from '../../shared/domain/subprocessor.js';
import { printBundleFigures } from './bundles.js';
import { benchNotice } from './notices.js';
import { benchTransfers } from './transfers.js';

/** Which parts to run, e.g. BENCH_PARTS=bundles for the bundle figures alone. */
const PARTS = new Set((process.env.BENCH_PARTS ?? 'bundles,stack,pacing').split(','));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);
const CONTRACT_COUNTS = (process.env.BENCH_CONTRACTS ?? '1000,10000').split(',').map(Number);
const TRANSFER_PROCESSORS = Number(process.env.BENCH_TRANSFER_PROCESSORS ?? 1000);
/** The e-mail consumers pace themselves to SES's rate; the emulator has none, so measure our own cost. */
const SES_SENDS_PER_SECOND = 100_000;

let dynamoCalls = 0;
dynamoDbClient.middlewareStack.add(
  (next) => async (args) => {
    dynamoCalls += 1;
    return next(args);
  },
  { step: 'initialize', name: 'countCalls' },
);

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

function list(round: number): SubprocessorEntry[] {
  return Array.from({ length: 20 }, (_, i) => ({
    id: `sp-${i}`,
    name: `Sub-processor ${i} Ltd`,
    address: `${i} Example Street, 75001 Paris, France`,
    country: i % 2 === 0 ? 'FR' : 'US',
    // One entry's purpose alternates so each PUT publishes a new version.
    purpose: i === 0 ? `Hosting (round ${round % 2})` : `Purpose ${i}`,
    safeguard: i % 2 === 0 ? { type: 'eea' } : { type: 'adequacy', dpfCertified: true },
  }));
}

/** The paced-sending part runs in a process of its own: the e-mail consumer reads its SES rate at start. */
function printPacedSending(): void {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'test/bench/pacing.ts'], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: process.env,
  });
  if (run.status !== 0) throw new Error(`the paced-sending bench failed (exit ${run.status})`);
  console.log('');
}

async function timed(operation: () => Promise<unknown>): Promise<{ ms: number; calls: number }> {
  const before = dynamoCalls;
  const start = process.hrtime.bigint();
  await operation();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, calls: dynamoCalls - before };
}

async function main() {
  if (PARTS.has('bundles')) await printBundleFigures();
  if (PARTS.has('pacing')) printPacedSending();
  if (!PARTS.has('stack')) process.exit(0);
  const adminApiKey = `bench_${randomBytes(16).toString('hex')}`;
  const stack = await startLocalStack({
    port: 0,
    adminApiKey,
    tableName: 'bench',
    sesSendsPerSecond: SES_SENDS_PER_SECOND,
  });
  const call = async (
    method: string,
    path: string,
    key: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const response = await fetch(`${stack.apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return JSON.parse(text);
  };
  const processor = await call('POST', '/processors', adminApiKey, { name: 'Bench vendor' });
  const client = await call('POST', '/clients', adminApiKey, { name: 'Bench client' });
  await call('POST', `/processors/${processor.id}/contracts`, processor.apiKey, {
    clientId: client.id,
    notifyEmails: ['dpo@bench.example'],
  });
  let version = (
    await call('PUT', `/processors/${processor.id}/subprocessors`, processor.apiKey, { subprocessors: list(1) })
  ).version as number;

  // Warm-up: the first calls load handler modules, as a Lambda cold start would.
  for (let i = 0; i < 10; i++) await call('GET', `/processors/${processor.id}/subprocessors`, processor.apiKey);

  const put: Array<{ ms: number; calls: number }> = [];
  const get: Array<{ ms: number; calls: number }> = [];
  for (let round = 0; round < ROUNDS; round++) {
    put.push(
      await timed(async () => {
        const result = await call(
          'PUT',
          `/processors/${processor.id}/subprocessors`,
          processor.apiKey,
          { subprocessors: list(round) },
          { 'if-match': `"${version}"` },
        );
        version = result.version;
      }),
    );
    // The notice pipeline the PUT set off runs before the next measurement, not during it.
    await stack.settled();
    get.push(await timed(() => call('GET', `/processors/${processor.id}/subprocessors`, processor.apiKey)));
  }

  // The same operations as bare DynamoDB calls (no HTTP, no validation, no middleware).
  const table = stack.tableName;
  const bareGet: number[] = [];
  const barePut: number[] = [];
  let bareVersion = 100_000;
  for (let round = 0; round < ROUNDS; round++) {
    bareGet.push(
      (
        await timed(() =>
          documentClient.send(
            new QueryCommand({
              TableName: table,
              KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
              ExpressionAttributeValues: { ':pk': keys.processor(processor.id).pk, ':p': keys.listVersionPrefix },
              ScanIndexForward: false,
              Limit: 1,
            }),
          ),
        )
      ).ms,
    );
    barePut.push(
      (
        await timed(async () => {
          await documentClient.send(new GetCommand({ TableName: table, Key: keys.apiKey('bare') }));
          // The processor and the version its If-Match names, in one read (as the repository does).
          await documentClient.send(
            new BatchGetCommand({
              RequestItems: { [table]: { Keys: [keys.processor('bare'), keys.listVersion(processor.id, version)] } },
            }),
          );
          await documentClient.send(
            new QueryCommand({
              TableName: table,
              KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
              ExpressionAttributeValues: { ':pk': keys.processor(processor.id).pk, ':p': keys.noticePeriodPrefix },
              ScanIndexForward: false,
              Limit: 1,
            }),
          );
          bareVersion += 1;
          await documentClient.send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  Put: {
                    TableName: table,
                    Item: { ...keys.listVersion('bare', bareVersion), subprocessors: list(round) },
                    ConditionExpression: 'attribute_not_exists(pk)',
                  },
                },
                {
                  Update: {
                    TableName: table,
                    Key: keys.processor('bare'),
                    UpdateExpression: 'SET currentVersion = :v',
                    ExpressionAttributeValues: { ':v': bareVersion },
                  },
                },
              ],
            }),
          );
        })
      ).ms,
    );
  }
  const notices: Array<{ contracts: number } & Awaited<ReturnType<typeof benchNotice>>> = [];
  for (const contracts of CONTRACT_COUNTS) {
    notices.push({ contracts, ...(await benchNotice(contracts, { stack, adminApiKey, timed, call })) });
  }
  const transfers = await benchTransfers(TRANSFER_PROCESSORS, { stack, adminApiKey, timed });
  await stack.stop();

  const row = (name: string, http: Array<{ ms: number; calls: number }>, bare: number[]) => {
    const httpMedian = median(http.map((s) => s.ms));
    const bareMedian = median(bare);
    return `${name.padEnd(28)} ${httpMedian.toFixed(2).padStart(8)} ms ${bareMedian.toFixed(2).padStart(8)} ms ${(httpMedian / bareMedian).toFixed(2).padStart(6)}x ${median(
      http.map((s) => s.calls),
    )
      .toString()
      .padStart(6)}`;
  };
  console.log(`Registry core on the local stack (DynamoDB Local 3.3.0), ${ROUNDS} rounds, medians`);
  console.log(
    `${'operation'.padEnd(28)} ${'HTTP'.padStart(11)} ${'bare DynamoDB'.padStart(11)} ${'ratio'.padStart(7)} ${'calls'.padStart(6)}`,
  );
  console.log(row('PUT 20-entry list (new ver.)', put, barePut));
  console.log(row('GET current list', get, bareGet));
  console.log('');
  console.log('Change notices: PUT of an addition → one e-mail per contract (SES pacing off) → window close');
  console.log(
    `${'contracts'.padStart(9)} ${'notify'.padStart(10)} ${'calls'.padStart(8)} ${'calls/contract'.padStart(15)} ${'e-mails/s'.padStart(10)} ${'close'.padStart(10)} ${'close calls/contract'.padStart(21)} ${'close ms/contract'.padStart(18)}`,
  );
  for (const { contracts, notify, close } of notices) {
    console.log(
      `${String(contracts).padStart(9)} ${(notify.ms / 1000).toFixed(1).padStart(8)} s ${String(notify.calls).padStart(8)} ${(notify.calls / contracts).toFixed(2).padStart(15)} ${((contracts * 1000) / notify.ms).toFixed(0).padStart(10)} ${(close.ms / 1000).toFixed(1).padStart(8)} s ${(close.calls / contracts).toFixed(2).padStart(21)} ${(close.ms / contracts).toFixed(2).padStart(18)}`,
    );
  }
  console.log('');
  console.log(
    `Transfer queries: ${transfers.processors} processors × 20 sub-processors outside the EEA (${transfers.outsideRows} rows)`,
  );
  console.log(
    `${'EEA-only rows in the table'.padEnd(28)} ${'GET /transfers, every page'.padStart(34)} ${'?country=GB'.padStart(22)}`,
  );
  for (const [eeaRows, run] of [
    [0, transfers.before],
    [transfers.eeaRows, transfers.after],
  ] as const) {
    console.log(
      `${String(eeaRows).padEnd(28)} ${`${run.rows} rows, ${run.pages} pages, ${run.all.ms.toFixed(0)} ms, ${run.all.calls} calls`.padStart(34)} ${`${run.country.ms.toFixed(0)} ms, ${run.country.calls} calls`.padStart(22)}`,
    );
  }
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
