import { Annotations, type App } from 'aws-cdk-lib';
import * as z from 'zod';
import { AdminKeyDigestSchema } from '../shared/wiring/environment.js';

/**
 * What differs between deployments, read from CDK context (`cdk deploy -c key=value` or cdk.json).
 * Nothing secret: the admin key is deployed as its SHA-256 only.
 */
const SettingsSchema = z.object({
  /** SHA-256 (hex) of the operator's admin key: `printf %s "$KEY" | sha256sum`. */
  adminApiKeySha256: AdminKeyDigestSchema,
  /** Sender of notices; must be a verified SES identity in the deployment region. */
  senderEmail: z.email(),
  /** Base URL of the API for links in e-mails (a custom domain); defaults to the HTTP API's own URL. */
  publicBaseUrl: z.url().optional(),
  /** Where alarms are e-mailed; without it the alarm topic has no subscriber. */
  alarmEmail: z.email().optional(),
  /** SES account sending quota (messages per second); the sandbox allows 1. */
  sesSendsPerSecond: z.coerce.number().positive().default(1),
  /** Steady-state requests per second across the HTTP API, and the burst above it. */
  apiRateLimit: z.coerce.number().int().positive().default(50),
  apiBurstLimit: z.coerce.number().int().positive().default(100),
});

export type DeploymentSettings = z.output<typeof SettingsSchema>;

/** Without a configured admin key nothing matches this digest: admin routes stay locked. */
const LOCKED_ADMIN_DIGEST = '0'.repeat(64);

export function deploymentSettings(app: App): DeploymentSettings {
  const context = (key: string): unknown => app.node.tryGetContext(key);
  const raw = {
    adminApiKeySha256: context('adminApiKeySha256') ?? LOCKED_ADMIN_DIGEST,
    senderEmail: context('senderEmail') ?? 'notices@example.com',
    publicBaseUrl: context('publicBaseUrl'),
    alarmEmail: context('alarmEmail'),
    sesSendsPerSecond: context('sesSendsPerSecond'),
    apiRateLimit: context('apiRateLimit'),
    apiBurstLimit: context('apiBurstLimit'),
  };
  const parsed = SettingsSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `-c ${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`Invalid deployment settings: ${problems}`);
  }
  if (raw.adminApiKeySha256 === LOCKED_ADMIN_DIGEST) {
    Annotations.of(app).addWarningV2(
      'registry:no-admin-key',
      'No -c adminApiKeySha256: admin routes (POST /processors, POST /clients) will reject every key',
    );
  }
  if (context('senderEmail') === undefined) {
    Annotations.of(app).addWarningV2(
      'registry:no-sender',
      'No -c senderEmail: notices would be sent from notices@example.com, which SES will refuse',
    );
  }
  return parsed.data;
}
