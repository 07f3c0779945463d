import { ENV, NotificationEnvironmentSchema, parseEnvironment } from './wiring/environment.js';

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

/**
 * Environment of the functions that send notices and close windows, parsed at their cold start
 * (functions of the plain API do not need it, so they do not fail without it).
 */
export function notificationConfig(): NotificationConfig {
  if (loaded !== undefined) return loaded;
  const env = parseEnvironment(NotificationEnvironmentSchema, process.env);
  const configurationSet = env[ENV.sesConfigurationSet];
  loaded = {
    publicBaseUrl: env[ENV.publicBaseUrl].replace(/\/$/, ''),
    senderEmail: env[ENV.senderEmail],
    ...(configurationSet !== undefined && { sesConfigurationSet: configurationSet }),
    sesSendsPerSecond: env[ENV.sesSendsPerSecond],
    fanOutQueueUrl: env[ENV.noticeFanOutQueueUrl],
    emailQueueUrl: env[ENV.noticeEmailQueueUrl],
    scheduler: {
      group: env[ENV.schedulerGroup],
      targetArn: env[ENV.closeWindowsFunctionArn],
      roleArn: env[ENV.schedulerRoleArn],
      deadLetterArn: env[ENV.schedulerDeadLetterArn],
    },
  };
  return loaded;
}
