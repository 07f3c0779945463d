import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SESClient } from '@aws-sdk/client-ses';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { EmailJob } from '../domain/fan-out-notice.js';
import type { FanOutPage } from '../domain/open-notice.js';
import { notificationConfig } from '../notification-config.js';
import { SqsQueueSender } from './queue-sender.js';
import { SesMailer } from './ses-mailer.js';
import { EventBridgeWindowScheduler } from './window-scheduler.js';

/** Outbound adapters of the notice functions, built once per cold start. */
function buildNotificationServices() {
  const settings = notificationConfig();
  const sqs = new SQSClient({});
  return {
    settings,
    mailer: new SesMailer(new SESClient({}), settings.senderEmail, settings.sesConfigurationSet),
    emailJobs: new SqsQueueSender<EmailJob>(sqs, settings.emailQueueUrl),
    fanOutPages: new SqsQueueSender<FanOutPage>(sqs, settings.fanOutQueueUrl),
    scheduler: new EventBridgeWindowScheduler(new SchedulerClient({}), settings.scheduler),
  };
}

export type NotificationServices = ReturnType<typeof buildNotificationServices>;

let services: NotificationServices | undefined;

export function notificationServices(): NotificationServices {
  services ??= buildNotificationServices();
  return services;
}
