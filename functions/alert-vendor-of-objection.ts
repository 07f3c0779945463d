import type { EventBridgeEvent } from 'aws-lambda';
import { notificationServices } from '../shared/adapters/notification-services.js';
import { registryStores } from '../shared/adapters/registry-stores.js';
import { alertVendorOfObjection } from '../shared/domain/alert-vendor-of-objection.js';
import { ObjectionRecorded } from '../shared/events/objection-recorded.js';
import { logger } from '../shared/logger.js';
import { defineTriggerHandler } from '../shared/triggers/define-trigger-handler.js';
import { eventDetail } from '../shared/triggers/eventbridge.js';
import { emailRenderer } from '../shared/views/email-renderer.js';

const stores = registryStores();
const { mailer } = notificationServices();

/** ObjectionRecorded → one e-mail to the vendor's contact address per objection (claimed, so sent once). */
export const handler = defineTriggerHandler(async (event: EventBridgeEvent<string, unknown>): Promise<void> => {
  const { noticeId, contractId } = eventDetail(ObjectionRecorded, event);
  const result = await alertVendorOfObjection({ noticeId, contractId }, { ...stores, mailer, renderer: emailRenderer });
  logger.info('vendor objection alert', { noticeId, contractId, result });
});
