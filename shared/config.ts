import * as z from 'zod';

/**
 * Environment of every function, parsed once at cold start: a missing or malformed variable stops the
 * function at start-up with a message naming it, not halfway through a request.
 */
const EnvironmentSchema = z.object({
  TABLE_NAME: z.string().min(1),
  /** SHA-256 (hex) of the operator's admin key; the key itself is never deployed. */
  ADMIN_API_KEY_SHA256: z.string().regex(/^[0-9a-f]{64}$/, 'must be the SHA-256 of the admin key, 64 hex digits'),
  EVENT_BUS_NAME: z.string().min(1),
});

export type Config = { tableName: string; adminApiKeySha256: string; eventBusName: string };

export function parseConfig(environment: NodeJS.ProcessEnv): Config {
  const parsed = EnvironmentSchema.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`Invalid environment: ${problems}`);
  }
  return {
    tableName: parsed.data.TABLE_NAME,
    adminApiKeySha256: parsed.data.ADMIN_API_KEY_SHA256,
    eventBusName: parsed.data.EVENT_BUS_NAME,
  };
}

let loaded: Config | undefined;

/** The configuration of this process, parsed on first use and kept for the life of the container. */
export function config(): Config {
  loaded ??= parseConfig(process.env);
  return loaded;
}
