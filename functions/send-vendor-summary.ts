import type { EventBridgeEvent } from 'aws-lambda';
import { notificationServices } from '../shared/adapters/notification-services.js';
import { registryStores } from '../shared/adapters/registry-stores.js';
import { sendNoticeSummaryToVendor } from '../shared/domain/send-notice-summary-to-vendor.js';
import { ObjectionWindowClosed } from '../shared/events/objection-window-closed.js';
import { logger } from '../shared/logger.js';
import { defineTriggerHandler } from '../shared/triggers/define-trigger-handler.js';
import { eventDetail } from '../shared/triggers/eventbridge.js';
import { emailRenderer } from '../shared/views/email-renderer.js';

const stores = registryStores();
const { mailer } = notificationServices();

/** ObjectionWindowClosed → one summary e-mail to the vendor's contact address per notice (claimed, so sent once). */
export const handler = defineTriggerHandler(async (event: EventBridgeEvent<string, unknown>): Promise<void> => {
  const { noticeId, closedAt, counts } = eventDetail(ObjectionWindowClosed, event);
  const result = await sendNoticeSummaryToVendor(
    { noticeId, closedAt, counts },
    { ...stores, mailer, renderer: emailRenderer },
  );
  logger.info('vendor notice summary', { noticeId, result });
});
