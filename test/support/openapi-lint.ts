import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalStack } from '../../infra/local/local-stack.js';

/**
 * `npm run lint:openapi`: Redocly lints the document the API serves (GET /openapi.json of the local
 * stack, on its own DynamoDB Local), not the in-process object, with the rules of redocly.yaml.
 */
const stack = await startLocalStack({ port: 0, adminApiKey: `admin_${randomBytes(24).toString('base64url')}` });
const folder = mkdtempSync(join(tmpdir(), 'openapi-lint-'));
let status = 1;
try {
  const response = await fetch(`${stack.apiUrl}/openapi.json`);
  if (response.status !== 200) throw new Error(`GET /openapi.json answered ${response.status}`);
  const file = join(folder, 'openapi.json');
  writeFileSync(file, await response.text());
  const lint = spawnSync('npx', ['--no-install', 'redocly', 'lint', file, '--config', 'redocly.yaml'], {
    stdio: 'inherit',
    // No telemetry or update check: CI has no network but the npm registry.
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  });
  status = lint.status ?? 1;
} finally {
  await stack.stop();
  rmSync(folder, { recursive: true, force: true });
}
process.exit(status);
