import type { SQSEvent } from 'aws-lambda';
import { registryStores } from '../shared/adapters/registry-stores.js';
import { recordFailedEmail } from '../shared/domain/record-failed-email.js';
import { defineTriggerHandler } from '../shared/triggers/define-trigger-handler.js';
import { forEachSqsRecord } from '../shared/triggers/sqs-batch.js';
import { EmailJobSchema } from '../shared/wiring/email-job.js';
import { QUEUES } from '../shared/wiring/events.js';

const stores = registryStores();

/** The e-mail queue's dead letters: each job's recipient is marked `failed` (record-failed-email.ts). */
export const handler = defineTriggerHandler(async (event: SQSEvent) =>
  forEachSqsRecord(event, EmailJobSchema, (job) => recordFailedEmail(job, QUEUES.noticeEmails.maxReceiveCount, stores)),
);
