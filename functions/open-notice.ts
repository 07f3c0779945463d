import type { EventBridgeEvent } from 'aws-lambda';
import { notificationServices } from '../shared/adapters/notification-services.js';
import { registryStores } from '../shared/adapters/registry-stores.js';
import { openNotice } from '../shared/domain/open-notice.js';
import { SubprocessorListChanged } from '../shared/events/subprocessor-list-changed.js';
import { logger } from '../shared/logger.js';
import { defineTriggerHandler } from '../shared/triggers/define-trigger-handler.js';
import { eventDetail } from '../shared/triggers/eventbridge.js';

const stores = registryStores();
const { fanOutPages } = notificationServices();

/** SubprocessorListChanged → the notice is opened once and its fan-out starts. */
export const handler = defineTriggerHandler(async (event: EventBridgeEvent<string, unknown>): Promise<void> => {
  const detail = eventDetail(SubprocessorListChanged, event);
  const notice = await openNotice(detail, { ...stores, fanOutPages });
  if (notice !== undefined) logger.info('notice open', { noticeId: notice.id, kind: notice.kind });
});
