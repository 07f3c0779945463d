import type { EventBridgeEvent } from 'aws-lambda';
import { subscriptionStores } from '../shared/adapters/subscription-stores.js';
import { recordDeliveryEvent } from '../shared/domain/record-delivery-event.js';
import { suppressSubscriberOnDeliveryEvent } from '../shared/domain/subscription-updates.js';
import { SesEmailEventDetail } from '../shared/events/ses-email-event.js';
import { logger } from '../shared/logger.js';
import { defineTriggerHandler } from '../shared/triggers/define-trigger-handler.js';

const stores = subscriptionStores();

/** SES delivery, bounce and complaint events → the recipient's delivery state and event log. */
export const handler = defineTriggerHandler(async (event: EventBridgeEvent<string, unknown>): Promise<void> => {
  const detail = SesEmailEventDetail.parse(event.detail);
  const result = await recordDeliveryEvent(detail, stores);
  if (result.kind === 'not-ours') {
    // Not a notice: perhaps an e-mail to a list subscriber, whose bounce or complaint suppresses it.
    const subscription = await suppressSubscriberOnDeliveryEvent(detail, {
      ...stores,
      subscriptionEmails: stores.subscriptions,
    });
    if (subscription !== 'not-ours')
      logger.info('subscriber delivery event', { eventType: detail.eventType, subscription });
  } else {
    logger.info(result.kind === 'recorded' ? 'delivery event recorded' : 'delivery event already recorded', {
      noticeId: result.noticeId,
      contractId: result.contractId,
      eventType: detail.eventType,
    });
  }
});
