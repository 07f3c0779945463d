import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type * as z from 'zod';
import { logger } from '../logger.js';

/**
 * Runs one job per SQS record and reports failed records only (ReportBatchItemFailures), so one bad
 * message does not replay the whole batch. A body that does not parse is a bug upstream: it fails
 * its own record, which ends in the dead-letter queue after maxReceiveCount.
 */
export async function forEachSqsRecord<S extends z.ZodType>(
  event: SQSEvent,
  schema: S,
  job: (message: z.output<S>) => Promise<unknown>,
): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    try {
      await job(schema.parse(JSON.parse(record.body)));
    } catch (error) {
      logger.error('queue job failed', { messageId: record.messageId, error: error as Error });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}
