import type { EventBridgeEvent } from 'aws-lambda';
import { notificationServices } from '../shared/adapters/notification-services.js';
import { registryStores } from '../shared/adapters/registry-stores.js';
import { sendDecisionConfirmation } from '../shared/domain/send-decision-confirmation.js';
import { ObjectionRecorded } from '../shared/events/objection-recorded.js';
import { logger } from '../shared/logger.js';
import { defineTriggerHandler } from '../shared/triggers/define-trigger-handler.js';
import { eventDetail } from '../shared/triggers/eventbridge.js';
import { emailRenderer } from '../shared/views/email-renderer.js';

const stores = registryStores();
const { mailer } = notificationServices();

/** ObjectionRecorded → one confirmation e-mail to the contract's addresses (claimed, so sent once). */
export const handler = defineTriggerHandler(async (event: EventBridgeEvent<string, unknown>): Promise<void> => {
  const { noticeId, contractId } = eventDetail(ObjectionRecorded, event);
  const result = await sendDecisionConfirmation(
    { noticeId, contractId },
    { ...stores, mailer, renderer: emailRenderer },
  );
  logger.info('decision confirmation', { noticeId, contractId, result });
});
