import type { EventBridgeEvent } from 'aws-lambda';
import { webhookServices } from '../shared/adapters/webhook-services.js';
import { webhookStores } from '../shared/adapters/webhook-stores.js';
import { webhookEventOf } from '../shared/domain/webhook-events.js';
import { fanOutWebhookEvent } from '../shared/domain/webhook-fan-out.js';
import { REGISTRY_EVENT_SOURCE } from '../shared/events/event-contract.js';
import { logger } from '../shared/logger.js';
import { defineTriggerHandler } from '../shared/triggers/define-trigger-handler.js';

const { webhooks, webhookDeliveries, contracts, listVersions, clock } = webhookStores();
const { queue } = webhookServices();

/** A registry event → one delivery per endpoint that may receive it, each queued once. */
export const handler = defineTriggerHandler(async (event: EventBridgeEvent<string, unknown>): Promise<void> => {
  if (event.source !== REGISTRY_EVENT_SOURCE) throw new Error(`expected ${REGISTRY_EVENT_SOURCE}, got ${event.source}`);
  const webhookEvent = webhookEventOf(event['detail-type'], event.detail);
  const created = await fanOutWebhookEvent(webhookEvent, {
    webhooks,
    deliveries: webhookDeliveries,
    contracts,
    listVersions,
    queue,
    clock,
  });
  logger.info('webhook deliveries created', { type: webhookEvent.type, created });
});
