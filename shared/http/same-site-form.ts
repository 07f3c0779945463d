import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/**
 * Whether a form POST comes from a page of this site. A decision is legal evidence: a page elsewhere
 * must not be able to submit it with the person's browser (or a scanner's) — cross-site request forgery.
 *
 * - `Sec-Fetch-Site`, sent by every current browser, decides when present: only `same-origin` (or
 *   `none`, a request the person made directly) is ours; `same-site` (a sibling host) and `cross-site`
 *   are not. Our pages send `Referrer-Policy: no-referrer` to keep the token out of Referer, and with it
 *   browsers send `Origin: null` even for our own form, so Origin cannot decide for them.
 * - Otherwise `Origin` (older browsers send it with cross-origin POSTs) must be the host the request was
 *   sent to; `null` is refused.
 * A request with neither header is not from a browser form (curl, a script holding the token) and is
 * judged by the token alone.
 */
export function isSameSiteForm(headers: Record<string, string | undefined>, event: APIGatewayProxyEventV2): boolean {
  const fetchSite = headers['sec-fetch-site'];
  if (fetchSite !== undefined) return fetchSite === 'same-origin' || fetchSite === 'none';
  const origin = headers.origin;
  if (origin === undefined) return true;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return false; // "null" or garbage
  }
  const ownHost = headers.host ?? event.requestContext.domainName;
  return originHost.toLowerCase() === ownHost.toLowerCase();
}
