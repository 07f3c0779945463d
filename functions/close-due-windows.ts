import type { z } from 'zod';
import { notificationServices } from '../shared/adapters/notification-services.js';
import { registryStores } from '../shared/adapters/registry-stores.js';
import { closeNoticeWindows } from '../shared/domain/close-notice-windows.js';
import { ObjectionWindowClosed } from '../shared/events/objection-window-closed.js';
import { logger } from '../shared/logger.js';
import { defineTriggerHandler } from '../shared/triggers/define-trigger-handler.js';
import { parseCloseWindowsTrigger } from '../shared/wiring/close-windows-trigger.js';

const stores = registryStores();
const { scheduler } = notificationServices();

const dependencies = {
  ...stores,
  scheduleClose: (noticeId: string, at: Date) => scheduler.scheduleClose(noticeId, at),
  publishClosed: (detail: z.input<typeof ObjectionWindowClosed.schema>) =>
    stores.events.publish(ObjectionWindowClosed, detail),
};

/**
 * Two triggers, one function: the one-time schedule of a notice and the hourly sweep (every notice
 * with a window due), payloads in shared/wiring/close-windows-trigger.ts. Both may fire twice; the
 * conditional writes inside make the second run a no-op.
 */
export const handler = defineTriggerHandler(async (event: unknown): Promise<void> => {
  const { noticeId } = parseCloseWindowsTrigger(event);
  const noticeIds =
    noticeId !== undefined ? [noticeId] : await stores.notices.dueForClosing(stores.clock.now().toISOString());
  for (const noticeId of noticeIds) {
    const result = await closeNoticeWindows(noticeId, dependencies);
    logger.info('close pass', { noticeId, result });
  }
});
