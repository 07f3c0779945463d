import { SQSClient } from '@aws-sdk/client-sqs';
import { webhookDeliveryConfig } from '../webhook-config.js';
import { SqsWebhookQueue } from './webhook-queue.js';
import { HttpWebhookTransport } from './webhook-transport.js';

/** Outbound adapters of the webhook functions (fan-out, delivery), built once per cold start. */
function buildWebhookServices() {
  const settings = webhookDeliveryConfig();
  return {
    queue: new SqsWebhookQueue(new SQSClient({}), settings.queueUrl, settings.deadLetterQueueUrl),
    transport: new HttpWebhookTransport(settings.policy),
  };
}

let services: ReturnType<typeof buildWebhookServices> | undefined;

export function webhookServices(): ReturnType<typeof buildWebhookServices> {
  services ??= buildWebhookServices();
  return services;
}
