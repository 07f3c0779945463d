import { notificationServices } from '../shared/adapters/notification-services.js';
import { registryStores } from '../shared/adapters/registry-stores.js';
import { sendDueReminders } from '../shared/domain/send-due-reminders.js';
import { logger } from '../shared/logger.js';
import { defineTriggerHandler } from '../shared/triggers/define-trigger-handler.js';
import { emailRenderer } from '../shared/views/email-renderer.js';
import { RemindersTriggerSchema } from '../shared/wiring/reminders-trigger.js';

const stores = registryStores();
const { mailer, settings } = notificationServices();

/**
 * The hourly reminder pass (shared/wiring/events.ts, SCHEDULES.sendDueReminders): every reminder due
 * now, once each. A failed send fails the invocation, so the scheduler's retry sends it; what was
 * sent is claimed and is not sent again.
 */
export const handler = defineTriggerHandler(async (event: unknown): Promise<void> => {
  RemindersTriggerSchema.parse(event);
  const result = await sendDueReminders({
    ...stores,
    mailer,
    renderer: emailRenderer,
    publicBaseUrl: settings.publicBaseUrl,
  });
  logger.info('reminder pass', result);
});
