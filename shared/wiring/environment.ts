import * as z from 'zod';

/**
 * The environment of the functions, declared once: the names (each spelled here and nowhere else) and
 * the rule each value must meet. `shared/config.ts` and `shared/notification-config.ts` parse it at
 * cold start; the CDK stack and the local stack build it through the typed records below, so a name
 * one side sets and the other does not read fails the type check, not a deployed function.
 */
export const ENV = {
  tableName: 'TABLE_NAME',
  eventBusName: 'EVENT_BUS_NAME',
  adminApiKeySha256: 'ADMIN_API_KEY_SHA256',
  publicBaseUrl: 'PUBLIC_BASE_URL',
  senderEmail: 'SENDER_EMAIL',
  sesConfigurationSet: 'SES_CONFIGURATION_SET',
  sesSendsPerSecond: 'SES_SENDS_PER_SECOND',
  noticeFanOutQueueUrl: 'NOTICE_FANOUT_QUEUE_URL',
  noticeEmailQueueUrl: 'NOTICE_EMAIL_QUEUE_URL',
  schedulerGroup: 'SCHEDULER_GROUP',
  closeWindowsFunctionArn: 'CLOSE_WINDOWS_FUNCTION_ARN',
  schedulerRoleArn: 'SCHEDULER_ROLE_ARN',
  schedulerDeadLetterArn: 'SCHEDULER_DLQ_ARN',
  webhookQueueUrl: 'WEBHOOK_QUEUE_URL',
  webhookDeadLetterQueueUrl: 'WEBHOOK_DLQ_URL',
  webhookAllowLoopbackHttp: 'WEBHOOK_ALLOW_LOOPBACK_HTTP',
} as const;

/** SHA-256 (hex) of the operator's admin key; the key itself is never deployed. */
export const AdminKeyDigestSchema = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'must be the SHA-256 of the admin key, 64 hex digits');

/** What every function reads. */
export const BaseEnvironmentSchema = z.object({
  [ENV.tableName]: z.string().min(1),
  [ENV.eventBusName]: z.string().min(1),
  [ENV.adminApiKeySha256]: AdminKeyDigestSchema,
});

/**
 * What the functions that send notices and close windows read besides (functions of the plain API do
 * not get it, so they do not fail without it).
 */
export const NotificationEnvironmentSchema = z.object({
  [ENV.publicBaseUrl]: z.url().describe('Base URL of the API, for the links in e-mails'),
  [ENV.senderEmail]: z.email(),
  [ENV.sesConfigurationSet]: z.string().min(1).optional(),
  [ENV.sesSendsPerSecond]: z.coerce.number().positive().default(1),
  [ENV.noticeFanOutQueueUrl]: z.url(),
  [ENV.noticeEmailQueueUrl]: z.url(),
  [ENV.schedulerGroup]: z.string().min(1),
  [ENV.closeWindowsFunctionArn]: z.string().min(1),
  [ENV.schedulerRoleArn]: z.string().min(1),
  [ENV.schedulerDeadLetterArn]: z.string().min(1),
});

/**
 * What the webhook functions read. `WEBHOOK_ALLOW_LOOPBACK_HTTP` is set by the local stack alone
 * (never by CDK): it lets an endpoint be `http` on a loopback address, so a test can receive.
 */
export const WebhookUrlEnvironmentSchema = z.object({
  [ENV.webhookAllowLoopbackHttp]: z.enum(['true', 'false']).default('false'),
});

export const WebhookEnvironmentSchema = WebhookUrlEnvironmentSchema.extend({
  [ENV.webhookQueueUrl]: z.url(),
  [ENV.webhookDeadLetterQueueUrl]: z.url(),
});

/** Every variable the schema requires, as the string a deployment sets; optional ones may be left out. */
type AsVariables<S extends z.ZodObject> = {
  [K in keyof z.input<S>]: undefined extends z.input<S>[K] ? string | undefined : string;
};

/** The variables a deployment sets for every function (CDK tokens and local values are both strings). */
export type BaseEnvironment = AsVariables<typeof BaseEnvironmentSchema>;
export type NotificationEnvironment = AsVariables<typeof NotificationEnvironmentSchema>;
export type WebhookEnvironment = AsVariables<typeof WebhookEnvironmentSchema>;

/** Parses one part of the environment; the error names every variable that is missing or malformed. */
export function parseEnvironment<S extends z.ZodObject>(schema: S, environment: NodeJS.ProcessEnv): z.output<S> {
  const parsed = schema.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`Invalid environment: ${problems}`);
  }
  return parsed.data;
}
