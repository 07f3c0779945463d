import type { EventBridgeEvent } from 'aws-lambda';
import { registryStores } from '../shared/adapters/registry-stores.js';
import { SesEmailEventDetail } from '../shared/events/ses-email-event.js';
import { logger } from '../shared/logger.js';
import { defineTriggerHandler } from '../shared/triggers/define-trigger-handler.js';

const { recipients, clock } = registryStores();

const STATE_BY_EVENT: Record<string, 'delivered' | 'bounced' | 'complained' | 'rejected' | undefined> = {
  Delivery: 'delivered',
  Complaint: 'complained',
  Reject: 'rejected',
};

/**
 * SES delivery, bounce and complaint events → the recipient's delivery state and event log. A
 * permanent bounce or a complaint means the notice did not reach the client: its window then closes
 * as not-notified. Events for e-mails we did not send (or confirmation e-mails) are ignored.
 */
export const handler = defineTriggerHandler(async (event: EventBridgeEvent<string, unknown>): Promise<void> => {
  const detail = SesEmailEventDetail.parse(event.detail);
  const ref = await recipients.findBySesMessageId(detail.mail.messageId);
  if (ref === undefined) return;
  const state =
    detail.eventType === 'Bounce'
      ? detail.bounce?.bounceType === 'Permanent'
        ? 'bounced'
        : undefined
      : STATE_BY_EVENT[detail.eventType];
  const addresses = [
    ...(detail.bounce?.bouncedRecipients.map((r) => r.emailAddress) ?? []),
    ...(detail.complaint?.complainedRecipients.map((r) => r.emailAddress) ?? []),
    ...(detail.delivery?.recipients ?? []),
  ];
  await recipients.recordDeliveryEvent(
    ref.noticeId,
    ref.contractId,
    {
      type: detail.eventType,
      at:
        detail.bounce?.timestamp ??
        detail.complaint?.timestamp ??
        detail.delivery?.timestamp ??
        clock.now().toISOString(),
      ...(addresses.length > 0 && { recipient: addresses.join(', ') }),
      ...(detail.bounce !== undefined && { detail: detail.bounce.bounceType }),
    },
    state,
  );
  logger.info('delivery event recorded', {
    noticeId: ref.noticeId,
    contractId: ref.contractId,
    eventType: detail.eventType,
  });
});
