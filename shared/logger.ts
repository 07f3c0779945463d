import { Logger } from '@aws-lambda-powertools/logger';

/**
 * One structured logger per process. Request headers and bodies are never logged: they carry API
 * keys and, later, objection tokens.
 */
export const logger = new Logger({ serviceName: 'subprocessor-registry' });
