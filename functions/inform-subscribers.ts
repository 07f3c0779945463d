import type { EventBridgeEvent } from 'aws-lambda';
import { sendingPacer } from '../shared/adapters/sending-pacer.js';
import { subscriptionServices } from '../shared/adapters/subscription-services.js';
import { subscriptionStores } from '../shared/adapters/subscription-stores.js';
import { informSubscribers } from '../shared/domain/subscription-updates.js';
import { SubprocessorListChanged } from '../shared/events/subprocessor-list-changed.js';
import { logger } from '../shared/logger.js';
import { defineTriggerHandler } from '../shared/triggers/define-trigger-handler.js';
import { eventDetail } from '../shared/triggers/eventbridge.js';

const stores = subscriptionStores();
const services = subscriptionServices();
// Half the account's rate: the notice queue's consumers send at the same time as this function.
const waitForSendingSlot = sendingPacer(services.settings.sesSendsPerSecond / 2);

/** SubprocessorListChanged → one information e-mail per confirmed subscriber (claimed, so sent once). */
export const handler = defineTriggerHandler(async (event: EventBridgeEvent<string, unknown>): Promise<void> => {
  const { processorId, version } = eventDetail(SubprocessorListChanged, event);
  const result = await informSubscribers(
    { processorId, version },
    { ...stores, ...services, subscriptionEmails: stores.subscriptions, waitForSendingSlot },
  );
  logger.info('subscribers informed', { processorId, version, ...result });
});
