import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { AppError } from '../domain/errors.js';
import { logger } from '../logger.js';
import { AUTH_REALM } from './authenticate.js';
import { type HttpResult, json } from './responses.js';

/**
 * The one place where errors become HTTP responses. Typed errors below 500 show their message and
 * field issues; anything else is logged and answered with a generic 500 that leaks nothing.
 */
export function errorResponse(): MiddlewareObj<APIGatewayProxyEventV2, HttpResult> {
  return {
    onError: async (request) => {
      const error = request.error;
      if (error instanceof AppError && error.statusCode < 500) {
        request.response = json(
          error.statusCode,
          {
            error: {
              code: error.code,
              message: error.message,
              ...(error.issues.length > 0 && { issues: error.issues }),
            },
          },
          // Basic lets a person open the HTML pages in a browser: it asks for the key once.
          error.statusCode === 401 ? { 'www-authenticate': `Basic realm="${AUTH_REALM}", charset="UTF-8"` } : {},
        );
        return;
      }
      logger.error('unhandled error', { error: error as Error, route: request.event.routeKey });
      request.response = json(500, { error: { code: 'internal_error', message: 'internal error' } });
    },
  };
}
