import { BaseEnvironmentSchema, ENV, parseEnvironment } from './wiring/environment.js';

/**
 * Environment of every function, parsed once at cold start: a missing or malformed variable stops the
 * function at start-up with a message naming it, not halfway through a request.
 */
export type Config = { tableName: string; adminApiKeySha256: string; eventBusName: string };

export function parseConfig(environment: NodeJS.ProcessEnv): Config {
  const env = parseEnvironment(BaseEnvironmentSchema, environment);
  return {
    tableName: env[ENV.tableName],
    adminApiKeySha256: env[ENV.adminApiKeySha256],
    eventBusName: env[ENV.eventBusName],
  };
}

let loaded: Config | undefined;

/** The configuration of this process, parsed on first use and kept for the life of the container. */
export function config(): Config {
  loaded ??= parseConfig(process.env);
  return loaded;
}
