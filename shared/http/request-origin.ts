import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/**
 * The API's own origin as this request reached it (scheme from X-Forwarded-Proto, which API Gateway
 * and the local stack set; host from the request context, the domain the API answered on), for the
 * absolute links of public documents.
 */
export function requestOrigin(event: Pick<APIGatewayProxyEventV2, 'headers' | 'requestContext'>): string {
  const scheme = event.headers['x-forwarded-proto'] === 'http' ? 'http' : 'https';
  return `${scheme}://${event.requestContext.domainName}`;
}
