import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/dynamodb-local.js';
import { REPOSITORY_ROOT } from '../../infra/local/handler-loader.js';
import { anEntry, aUsEntry } from '../support/builders.js';

const dataDir = mkdtempSync(join(tmpdir(), 'registry-data-'));
const adminKey = `admin_${randomBytes(24).toString('base64url')}`;
const running = new Set<ChildProcess>();

afterAll(async () => {
  for (const child of running) await stopStart(child);
  rmSync(dataDir, { recursive: true, force: true });
});

/** `DATA_DIR=… npm start` as a person runs it, in its own process; resolves with what it printed once ready. */
async function npmStart(ports: { api: number; ses: number }): Promise<{ child: ChildProcess; output: string }> {
  const child = spawn(join(REPOSITORY_ROOT, 'node_modules/.bin/tsx'), ['infra/local/start.ts'], {
    cwd: REPOSITORY_ROOT,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(ports.api),
      SES_PORT: String(ports.ses),
      ADMIN_API_KEY: adminKey,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (/Ready in/.test(output)) resolve();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
  });
  return { child, output };
}

async function stopStart(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  running.delete(child);
}

// biome-ignore lint/suspicious/noExplicitAny: JSON bodies are read by assertions, which check their shape
type JsonBody = Record<string, any>;

async function call(
  api: string,
  method: string,
  path: string,
  key: string | undefined,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: JsonBody }> {
  const response = await fetch(`${api}${path}`, {
    method,
    headers: {
      ...headers,
      ...(key !== undefined && { authorization: `Bearer ${key}` }),
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as JsonBody };
}

describe('DATA_DIR=path npm start', () => {
  it('keeps processors, their keys and the local clock across a restart, and seeds the demo once', async () => {
    const ports = { api: await freePort(), ses: await freePort() };
    const api = `http://127.0.0.1:${ports.api}`;

    const first = await npmStart(ports);
    expect(first.output).toContain(`Data           kept in ${dataDir} (table and local clock; new table)`);
    expect(first.output).toContain('Demo data (SEED=0 to skip)');
    const created = await call(api, 'POST', '/processors', adminKey, { name: 'Kept Vendor' });
    expect(created.status).toBe(201);
    const { id, apiKey } = created.body as { id: string; apiKey: string };
    expect(
      (await call(api, 'PUT', `/processors/${id}/subprocessors`, apiKey, { subprocessors: [anEntry()] })).status,
    ).toBe(200);
    const movedTo = (await call(api, 'POST', '/_local/clock', adminKey, { advanceDays: 2 })).body.now as string;
    await stopStart(first.child);

    const second = await npmStart(ports);
    expect(second.output).toContain(
      `Data           kept in ${dataDir} (table and local clock; table found, kept data)`,
    );
    expect(second.output).toContain('Demo data: not seeded, the table already holds data');
    // The processor and its list are still there, and its key (stored hashed) still authorises it.
    const list = await call(api, 'GET', `/processors/${id}/subprocessors`, undefined);
    expect(list.status).toBe(200);
    expect(list.body.subprocessors).toEqual([anEntry()]);
    const next = await call(
      api,
      'PUT',
      `/processors/${id}/subprocessors`,
      apiKey,
      { subprocessors: [anEntry(), aUsEntry()] },
      { 'if-match': '"1"' },
    );
    expect(next.status).toBe(200);
    expect(next.body.version).toBe(2);
    // The clock resumes where it was moved to, not at the wall clock.
    const resumedAt = Date.parse((await call(api, 'POST', '/_local/clock', adminKey, { advanceHours: 1 })).body.now);
    const sinceMove = resumedAt - Date.parse(movedTo) - 3_600_000;
    expect(sinceMove).toBeGreaterThanOrEqual(0);
    expect(sinceMove).toBeLessThan(120_000);
    await stopStart(second.child);
  }, 180_000);
});
