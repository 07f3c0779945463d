import type { SQSEvent } from 'aws-lambda';
import { registryStores } from '../shared/adapters/registry-stores.js';
import { recordFailedEmail } from '../shared/domain/record-failed-email.js';
import { logger } from '../shared/logger.js';
import { defineTriggerHandler } from '../shared/triggers/define-trigger-handler.js';
import { forEachSqsRecord } from '../shared/triggers/sqs-batch.js';
import { EmailJobSchema } from '../shared/wiring/email-job.js';
import { QUEUES } from '../shared/wiring/events.js';

const stores = registryStores();

/** The e-mail queue's dead letters: each job's recipient is marked `failed` (record-failed-email.ts). */
export const handler = defineTriggerHandler(async (event: SQSEvent) =>
  forEachSqsRecord(event, EmailJobSchema, async (job) => {
    // A "change withdrawn" e-mail is not the notice: the contract's delivery of the notice did not fail.
    if (job.kind === 'change-withdrawn') {
      logger.error('change-withdrawn e-mail not sent after its retries', {
        noticeId: job.noticeId,
        contractId: job.contractId,
      });
      return 'skipped';
    }
    return recordFailedEmail(job, QUEUES.noticeEmails.maxReceiveCount, stores);
  }),
);
