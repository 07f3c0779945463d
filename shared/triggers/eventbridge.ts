import type { EventBridgeEvent } from 'aws-lambda';
import type * as z from 'zod';
import type { EventContract } from '../events/event-contract.js';

/**
 * The envelope of an EventBridge-triggered handler: checks source and detail-type against the
 * contract and hands the use case only the validated `detail`. An event that does not match throws,
 * so it is retried and then kept in the dead-letter queue rather than silently dropped.
 */
export function eventDetail<S extends z.ZodType>(
  contract: EventContract<S>,
  event: EventBridgeEvent<string, unknown>,
): z.output<S> {
  if (event.source !== contract.source || event['detail-type'] !== contract.detailType) {
    throw new Error(`expected ${contract.source}/${contract.detailType}, got ${event.source}/${event['detail-type']}`);
  }
  return contract.parse(event.detail);
}
