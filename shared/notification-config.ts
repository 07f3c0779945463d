import * as z from 'zod';
import { QUEUES } from './wiring/events.js';

/**
 * Environment of the functions that send notices and close windows, parsed at their cold start
 * (functions of the plain API do not need it, so they do not fail without it).
 */
const NotificationEnvironmentSchema = z.object({
  PUBLIC_BASE_URL: z.url().describe('Base URL of the API, for the links in e-mails'),
  SENDER_EMAIL: z.email(),
  SES_CONFIGURATION_SET: z.string().min(1).optional(),
  SES_SENDS_PER_SECOND: z.coerce.number().positive().default(1),
  [QUEUES.noticeFanOut.urlVariable]: z.url(),
  [QUEUES.noticeEmails.urlVariable]: z.url(),
  SCHEDULER_GROUP: z.string().min(1),
  CLOSE_WINDOWS_FUNCTION_ARN: z.string().min(1),
  SCHEDULER_ROLE_ARN: z.string().min(1),
  SCHEDULER_DLQ_ARN: z.string().min(1),
});

export interface NotificationConfig {
  publicBaseUrl: string;
  senderEmail: string;
  sesConfigurationSet?: string;
  sesSendsPerSecond: number;
  fanOutQueueUrl: string;
  emailQueueUrl: string;
  scheduler: { group: string; targetArn: string; roleArn: string; deadLetterArn: string };
}

let loaded: NotificationConfig | undefined;

export function notificationConfig(): NotificationConfig {
  if (loaded !== undefined) return loaded;
  const parsed = NotificationEnvironmentSchema.safeParse(process.env);
  if (!parsed.success) {
    throw new Error(
      `Invalid environment: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  const env = parsed.data;
  loaded = {
    publicBaseUrl: env.PUBLIC_BASE_URL.replace(/\/$/, ''),
    senderEmail: env.SENDER_EMAIL,
    ...(env.SES_CONFIGURATION_SET !== undefined && { sesConfigurationSet: env.SES_CONFIGURATION_SET }),
    sesSendsPerSecond: env.SES_SENDS_PER_SECOND,
    fanOutQueueUrl: env[QUEUES.noticeFanOut.urlVariable],
    emailQueueUrl: env[QUEUES.noticeEmails.urlVariable],
    scheduler: {
      group: env.SCHEDULER_GROUP,
      targetArn: env.CLOSE_WINDOWS_FUNCTION_ARN,
      roleArn: env.SCHEDULER_ROLE_ARN,
      deadLetterArn: env.SCHEDULER_DLQ_ARN,
    },
  };
  return loaded;
}
