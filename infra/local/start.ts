/**
 * `npm start`: the whole registry on this machine, no AWS account.
 * DynamoDB Local (Java), the SES emulator with its inbox page, and the HTTP API from the shared route
 * table. Ctrl-C stops everything it started. `DATA_DIR=path npm start` keeps the table and the local
 * clock in that directory across restarts (README, "What a restart keeps"); without it, both are in memory.
 */
import { randomBytes } from 'node:crypto';
import { MissingPrerequisiteError } from './dynamodb-local.js';
import { startLocalStack } from './local-stack.js';
import { seedDemo } from './seed.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

function portFrom(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    console.error(`${name} must be a port number (1-65535), got "${raw}"`);
    process.exit(1);
  }
  return port;
}

async function main() {
  const started = Date.now();
  const port = portFrom('PORT', 3000);
  const sesPort = portFrom('SES_PORT', 8005);
  const adminApiKey = process.env.ADMIN_API_KEY || `spr_admin_${randomBytes(32).toString('base64url')}`;

  const dataDir = process.env.DATA_DIR || undefined;
  const stack = await startLocalStack({ port, sesPort, adminApiKey, ...(dataDir !== undefined && { dataDir }) });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping…');
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  const lines = [
    '',
    'Subprocessor Registry — local stack',
    `  API            ${stack.apiUrl}   (OpenAPI: ${stack.apiUrl}/openapi.json)`,
    `  E-mail inbox   ${stack.sesUrl}/`,
    `  DynamoDB Local ${stack.dynamoDbEndpoint}   table ${stack.tableName}`,
    stack.dataDir === undefined
      ? '  Data           in memory: lost when this stops (DATA_DIR=path npm start keeps it)'
      : `  Data           kept in ${stack.dataDir} (table and local clock; ${stack.createdTable ? 'new table' : 'table found, kept data'})`,
    `  Admin key      ${process.env.ADMIN_API_KEY ? '(from ADMIN_API_KEY)' : adminApiKey}`,
    `  Transfers      ${stack.apiUrl}/transfers   (in a browser: any user name, the admin key as password)`,
  ];
  if (process.env.SEED === '0') {
    lines.push('', 'Demo data: not seeded (SEED=0)');
  } else if (!(await stack.tableIsEmpty())) {
    // Kept data: seeding again would add a second demo vendor; its keys were printed at the first start.
    lines.push('', 'Demo data: not seeded, the table already holds data (keys were printed when it was seeded)');
  } else {
    const demo = await seedDemo(stack.apiUrl, adminApiKey);
    lines.push(
      '',
      'Demo data (SEED=0 to skip)',
      `  Processor ${demo.processor.id}   key ${demo.processor.apiKey}`,
      `    list   ${stack.apiUrl}/processors/${demo.processor.id}/subprocessors`,
      `    trust page ${stack.apiUrl}/trust/${demo.processor.id}   (anyone; ?lang=fr)   feed ${stack.apiUrl}/trust/${demo.processor.id}/feed.atom`,
      ...demo.clients.map((client) => `  Client ${client.id}   key ${client.apiKey}   (${client.name})`),
    );
  }
  lines.push('', `Ready in ${((Date.now() - started) / 1000).toFixed(1)} s. Ctrl-C to stop.`);
  console.log(lines.join('\n'));
}

main().catch((error: unknown) => {
  if (error instanceof MissingPrerequisiteError) {
    console.error(error.message);
  } else if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error(`A port is already in use (${(error as Error).message}); set PORT or SES_PORT to a free one.`);
  } else {
    console.error('npm start failed:', error);
  }
  process.exit(1);
});
