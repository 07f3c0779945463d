import type { SQSEvent } from 'aws-lambda';
import * as z from 'zod';
import { notificationServices } from '../shared/adapters/notification-services.js';
import { registryStores } from '../shared/adapters/registry-stores.js';
import { fanOutNoticePage } from '../shared/domain/fan-out-notice.js';
import { defineTriggerHandler } from '../shared/triggers/define-trigger-handler.js';
import { forEachSqsRecord } from '../shared/triggers/sqs-batch.js';

const stores = registryStores();
const { queues, scheduler, settings } = notificationServices();

const FanOutPageSchema = z.strictObject({ noticeId: z.string(), cursor: z.string().optional() });

/** One page of contracts per message: recipients, e-mail jobs, the next page. */
export const handler = defineTriggerHandler((event: SQSEvent) =>
  forEachSqsRecord(event, FanOutPageSchema, (page) =>
    fanOutNoticePage(page, {
      ...stores,
      enqueueEmails: (jobs) => queues.sendAll(settings.emailQueueUrl, jobs),
      enqueueNextPage: (next) => queues.sendAll(settings.fanOutQueueUrl, [next]),
      scheduleClose: (noticeId, at) => scheduler.scheduleClose(noticeId, at),
    }),
  ),
);
