import type { SQSEvent } from 'aws-lambda';
import * as z from 'zod';
import { webhookServices } from '../shared/adapters/webhook-services.js';
import { webhookStores } from '../shared/adapters/webhook-stores.js';
import { attemptWebhookDelivery } from '../shared/domain/webhook-attempt.js';
import { logger } from '../shared/logger.js';
import { defineTriggerHandler } from '../shared/triggers/define-trigger-handler.js';
import { forEachSqsRecord } from '../shared/triggers/sqs-batch.js';

const { webhooks, webhookDeliveries, clock } = webhookStores();
const { queue, transport } = webhookServices();

/** The delivery queue's message (WebhookJob). */
const WebhookJobSchema = z.strictObject({
  owner: z.strictObject({ type: z.enum(['processor', 'client']), id: z.string() }),
  webhookId: z.string(),
  messageId: z.string(),
  attempt: z.int().min(1),
  notBefore: z.iso.datetime(),
});

/** One attempt per job; a failed HTTP attempt is not a failed job (its retry is queued by the use case). */
export const handler = defineTriggerHandler((event: SQSEvent) =>
  forEachSqsRecord(event, WebhookJobSchema, async (job) => {
    const report = await attemptWebhookDelivery(job, {
      webhooks,
      deliveries: webhookDeliveries,
      queue,
      transport,
      clock,
    });
    const ids = { webhookId: job.webhookId, messageId: job.messageId, attempt: job.attempt };
    // Ids and the refused address only: never the body, nor the URL (its path may carry the receiver's token).
    if (report.blocked !== undefined)
      logger.warn('webhook attempt blocked: address not public', { ...ids, reason: report.blocked });
    if (report.outcome === 'dead-lettered')
      logger.warn('webhook delivery dead-lettered', { ...ids, disabled: report.disabled });
  }),
);
