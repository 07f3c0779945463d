import type { WebhookUrlPolicy } from './domain/webhook-url.js';
import { ENV, parseEnvironment, WebhookEnvironmentSchema, WebhookUrlEnvironmentSchema } from './wiring/environment.js';

/** The URL policy of the registration routes, parsed once at cold start. */
export function webhookUrlPolicy(environment: NodeJS.ProcessEnv = process.env): WebhookUrlPolicy {
  const env = parseEnvironment(WebhookUrlEnvironmentSchema, environment);
  return { allowLoopbackHttp: env[ENV.webhookAllowLoopbackHttp] === 'true' };
}

/** The delivery functions' queues and URL policy, parsed once at cold start. */
export function webhookDeliveryConfig(environment: NodeJS.ProcessEnv = process.env) {
  const env = parseEnvironment(WebhookEnvironmentSchema, environment);
  return {
    queueUrl: env[ENV.webhookQueueUrl],
    deadLetterQueueUrl: env[ENV.webhookDeadLetterQueueUrl],
    policy: { allowLoopbackHttp: env[ENV.webhookAllowLoopbackHttp] === 'true' } satisfies WebhookUrlPolicy,
  };
}
