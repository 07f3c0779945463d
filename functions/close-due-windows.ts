import { notificationServices } from '../shared/adapters/notification-services.js';
import { registryStores } from '../shared/adapters/registry-stores.js';
import { closeDueWindows } from '../shared/domain/close-due-windows.js';
import { logger } from '../shared/logger.js';
import { defineTriggerHandler } from '../shared/triggers/define-trigger-handler.js';
import { parseCloseWindowsTrigger } from '../shared/wiring/close-windows-trigger.js';
import { QUEUES } from '../shared/wiring/events.js';

const stores = registryStores();
const { scheduler } = notificationServices();

/**
 * Two triggers, one function: the one-time schedule of a notice and the hourly sweep (every notice
 * with a window due), payloads in shared/wiring/close-windows-trigger.ts. Both may fire twice; the
 * conditional writes inside make the second run a no-op.
 */
export const handler = defineTriggerHandler(async (event: unknown): Promise<void> => {
  const { noticeId } = parseCloseWindowsTrigger(event);
  const results = await closeDueWindows(noticeId !== undefined ? { noticeId } : {}, {
    ...stores,
    scheduler,
    // A send claimed longer ago than the e-mail queue's visibility timeout is dead: the effect need not wait for it.
    claimTimeoutMs: QUEUES.noticeEmails.visibilityTimeoutSeconds * 1000,
  });
  for (const { noticeId, result } of results) logger.info('close pass', { noticeId, result });
});
