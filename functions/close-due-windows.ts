import { notificationServices } from '../shared/adapters/notification-services.js';
import { registryStores } from '../shared/adapters/registry-stores.js';
import { closeDueWindows } from '../shared/domain/close-due-windows.js';
import { logger } from '../shared/logger.js';
import { defineTriggerHandler } from '../shared/triggers/define-trigger-handler.js';

const stores = registryStores();
const { scheduler } = notificationServices();

/**
 * Two triggers, one function: the one-time schedule of a notice (`{ noticeId }`) and the hourly
 * sweep (a scheduled event: every notice with a window due). Both may fire twice; the conditional
 * writes inside make the second run a no-op.
 */
export const handler = defineTriggerHandler(async (event: { noticeId?: unknown }): Promise<void> => {
  const results = await closeDueWindows(typeof event.noticeId === 'string' ? { noticeId: event.noticeId } : {}, {
    ...stores,
    scheduler,
  });
  for (const { noticeId, result } of results) logger.info('close pass', { noticeId, result });
});
