import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { logger } from '../logger.js';

/**
 * Wraps a handler triggered by a stream, a queue, a rule or a schedule: its log lines carry the
 * Lambda context (function, request id, cold start), as the HTTP handlers' do; the event itself is
 * never logged (it can carry e-mail addresses and decisions).
 */
export function defineTriggerHandler<E, R>(run: (event: E) => Promise<R>) {
  return middy<E, R, Error, Context>()
    .use(injectLambdaContext(logger, { logEvent: false, resetKeys: true }))
    .handler((event) => run(event));
}
