import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { type HttpResult, json, methodNotAllowed } from '../shared/http/responses.js';
import { allowedMethods, knownPathOf } from '../shared/wiring/routes.js';

/**
 * Behind `ANY /{proxy+}`: API Gateway HTTP API picks a route with a method and a path first, so only
 * the requests the route table does not declare arrive here. A known path (matched against the
 * table's templates) answers 405 with its methods; any other path, API Gateway's own 404.
 */
export const handler = async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
  const template = knownPathOf(event.rawPath);
  if (template === undefined) return json(404, { message: 'Not Found' });
  return methodNotAllowed(event.requestContext.http.method, event.rawPath, allowedMethods(template));
};
