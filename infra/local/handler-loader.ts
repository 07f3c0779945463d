import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { InvokeStore, InvokeStoreBase } from '@aws/lambda-invoke-store';
import type { Context } from 'aws-lambda';

export const REPOSITORY_ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');

// biome-ignore lint/suspicious/noExplicitAny: each handler has its own event type; callers know which
export type AnyHandler = (event: any, context?: any) => Promise<any>;

const cache = new Map<string, Promise<AnyHandler>>();

/**
 * The local stack runs every function in one process, several at once: an HTTP request while a
 * stream batch and a queue job run. Powertools' logger keeps its Lambda context in the invocation
 * store Lambda itself provides when one execution environment serves concurrent invocations
 * (`AWS_LAMBDA_MAX_CONCURRENCY`, Lambda Managed Instances); with a single shared context, the last
 * invocation to start tagged every line, and a 500 from a PUT was logged as `projectTransfers`.
 * So the local stack declares itself concurrent, as that runtime does, before any handler loads, and
 * runs each invocation in its own store context.
 */
const LOCAL_MAX_CONCURRENCY = '64';

let store: Promise<InvokeStoreBase> | undefined;

function invocationStore(): Promise<InvokeStoreBase> {
  if (store === undefined) {
    process.env.AWS_LAMBDA_MAX_CONCURRENCY ??= LOCAL_MAX_CONCURRENCY;
    store = InvokeStore.getInstanceAsync(true);
  }
  return store;
}

/** Runs one invocation in a context of its own: what it logs names it, whatever runs beside it. */
export async function invokeInOwnContext<R>(context: Context, run: () => Promise<R>): Promise<R> {
  const invocations = await invocationStore();
  return invocations.run({ [InvokeStoreBase.PROTECTED_KEYS.REQUEST_ID]: context.awsRequestId }, run);
}

/**
 * Loads a handler module by its entry (relative to the repository root) once, as a warm Lambda
 * container keeps it, and returns it wrapped so that each call runs in its own invocation context.
 * `instance` stands for one of several execution environments of the same function: each gets a
 * module of its own, so per-instance state (the e-mail consumer's pacing) behaves as on Lambda, where
 * two concurrent batches never share module state. Environment must be set before the first load:
 * handlers read it at cold start.
 */
export function loadHandler(entry: string, instance = 0): Promise<AnyHandler> {
  const key = `${entry}#${instance}`;
  let loading = cache.get(key);
  if (loading === undefined) {
    const url = new URL(entry, `file://${REPOSITORY_ROOT}/`);
    if (instance > 0) url.search = `instance=${instance}`;
    loading = invocationStore()
      .then(() => import(url.href))
      .then((module) => {
        const handler = module.handler as AnyHandler;
        return (event: unknown, context: Context) => invokeInOwnContext(context, () => handler(event, context));
      });
    cache.set(key, loading);
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
