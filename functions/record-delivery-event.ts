import type { EventBridgeEvent } from 'aws-lambda';
import { registryStores } from '../shared/adapters/registry-stores.js';
import { recordDeliveryEvent } from '../shared/domain/record-delivery-event.js';
import { SesEmailEventDetail } from '../shared/events/ses-email-event.js';
import { logger } from '../shared/logger.js';
import { defineTriggerHandler } from '../shared/triggers/define-trigger-handler.js';

const stores = registryStores();

/** SES delivery, bounce and complaint events → the recipient's delivery state and event log. */
export const handler = defineTriggerHandler(async (event: EventBridgeEvent<string, unknown>): Promise<void> => {
  const detail = SesEmailEventDetail.parse(event.detail);
  const result = await recordDeliveryEvent(detail, stores);
  if (result.kind !== 'not-ours') {
    logger.info(result.kind === 'recorded' ? 'delivery event recorded' : 'delivery event already recorded', {
      noticeId: result.noticeId,
      contractId: result.contractId,
      eventType: detail.eventType,
    });
  }
});
