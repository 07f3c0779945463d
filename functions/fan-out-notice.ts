import type { SQSEvent } from 'aws-lambda';
import * as z from 'zod';
import { notificationServices } from '../shared/adapters/notification-services.js';
import { registryStores } from '../shared/adapters/registry-stores.js';
import { fanOutNoticePage } from '../shared/domain/fan-out-notice.js';
import { defineTriggerHandler } from '../shared/triggers/define-trigger-handler.js';
import { forEachSqsRecord } from '../shared/triggers/sqs-batch.js';

const stores = registryStores();
const { emailJobs, fanOutPages, scheduler } = notificationServices();

const FanOutPageSchema = z.strictObject({ noticeId: z.string(), cursor: z.string().optional() });

/** One page of contracts per message: recipients, e-mail jobs, the next page. */
export const handler = defineTriggerHandler((event: SQSEvent) =>
  forEachSqsRecord(event, FanOutPageSchema, (page) =>
    fanOutNoticePage(page, { ...stores, emailJobs, fanOutPages, scheduler }),
  ),
);
