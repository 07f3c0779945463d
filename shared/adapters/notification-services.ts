import { notificationConfig } from '../notification-config.js';
import { schedulerClient, sesClient, sqsClient } from './aws-clients.js';
import { SqsQueueSender } from './queue-sender.js';
import { SesMailer } from './ses-mailer.js';
import { EventBridgeWindowScheduler } from './window-scheduler.js';

/** Outbound adapters of the notice functions, built once per cold start. */
function buildNotificationServices() {
  const settings = notificationConfig();
  return {
    settings,
    mailer: new SesMailer(sesClient, settings.senderEmail, settings.sesConfigurationSet),
    queues: new SqsQueueSender(sqsClient),
    scheduler: new EventBridgeWindowScheduler(schedulerClient, settings.scheduler),
  };
}

export type NotificationServices = ReturnType<typeof buildNotificationServices>;

let services: NotificationServices | undefined;

export function notificationServices(): NotificationServices {
  services ??= buildNotificationServices();
  return services;
}
