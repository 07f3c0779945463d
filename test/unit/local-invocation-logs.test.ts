import { describe, expect, it, vi } from 'vitest';

// POWERTOOLS_DEV makes the logger write through the global console, which a test can watch; it is
// read when the logger is built, so the modules load after it is set.
vi.stubEnv('POWERTOOLS_DEV', 'true');
vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'INFO');
const { invokeInOwnContext, lambdaContext } = await import('../../infra/local/handler-loader.js');
const { logger } = await import('../../shared/logger.js');
const { defineTriggerHandler } = await import('../../shared/triggers/define-trigger-handler.js');

/** What the logger printed (one JSON document per call) while `run` ran. */
async function captureLogs(run: () => Promise<unknown>): Promise<Array<Record<string, unknown>>> {
  const printed: string[] = [];
  const spies = (['info', 'error'] as const).map((method) =>
    vi.spyOn(console, method).mockImplementation((line: unknown) => {
      printed.push(String(line));
    }),
  );
  try {
    await run();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return printed.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('local invocations', () => {
  it('tag each log line with the function that ran, even when invocations interleave', async () => {
    let releaseSlow: () => void = () => undefined;
    const slowMayLog = new Promise<void>((resolve) => {
      releaseSlow = resolve;
    });
    // The PUT starts first and logs last, after a stream batch began and logged in between: the
    // interleaving that tagged a PUT's 500 with `projectTransfers`.
    const putSubprocessors = defineTriggerHandler(async () => {
      await slowMayLog;
      logger.error('put failed');
    });
    const projectTransfers = defineTriggerHandler(async () => {
      logger.info('projected');
      releaseSlow();
    });
    const invoke = (name: string, handler: (event: unknown, context: never) => Promise<unknown>) => {
      const context = lambdaContext(name);
      return invokeInOwnContext(context, () => handler({}, context as never));
    };

    const logs = await captureLogs(() =>
      Promise.all([invoke('putSubprocessors', putSubprocessors), invoke('projectTransfers', projectTransfers)]),
    );

    expect(logs.map((line) => [line.message, line.function_name])).toEqual([
      ['projected', 'projectTransfers'],
      ['put failed', 'putSubprocessors'],
    ]);
    const requestIds = new Set(logs.map((line) => line.function_request_id));
    expect(requestIds.size).toBe(2);
  });
});
