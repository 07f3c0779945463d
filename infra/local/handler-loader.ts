import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Context } from 'aws-lambda';

export const REPOSITORY_ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');

// biome-ignore lint/suspicious/noExplicitAny: each handler has its own event type; callers know which
export type AnyHandler = (event: any, context?: any) => Promise<any>;

const cache = new Map<string, Promise<AnyHandler>>();

/**
 * Loads a handler module by its entry (relative to the repository root) once, as a warm Lambda
 * container keeps it. Environment must be set before the first load: handlers read it at cold start.
 */
export function loadHandler(entry: string): Promise<AnyHandler> {
  let loading = cache.get(entry);
  if (loading === undefined) {
    loading = import(new URL(entry, `file://${REPOSITORY_ROOT}/`).href).then((module) => module.handler as AnyHandler);
    cache.set(entry, loading);
  }
  return loading;
}

/** The fields of a Lambda context a handler may read; the rest are not meaningful locally. */
export function lambdaContext(functionName: string, remainingMs = 60_000): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => remainingMs,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
