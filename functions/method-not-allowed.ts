import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { type HttpResult, methodNotAllowed } from '../shared/http/responses.js';
import { allowedMethods } from '../shared/wiring/routes.js';

/**
 * Behind `ANY <path>` for every known path: API Gateway HTTP API picks a route with the method
 * first, so only the methods the route table does not declare arrive here. The route key names the
 * path template (`ANY /processors/{id}/subprocessors`), which is what the route table knows.
 */
export const handler = async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
  const path = event.routeKey.replace(/^ANY /, '');
  return methodNotAllowed(event.requestContext.http.method, event.rawPath, allowedMethods(path));
};
