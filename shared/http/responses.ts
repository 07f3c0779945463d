import { createHash } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export type HttpResult = APIGatewayProxyStructuredResultV2 & { statusCode: number };

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

/** Versions travel as strong entity tags: `"3"`. */
export function versionEtag(version: number): string {
  return `"${version}"`;
}

/**
 * An HTML page. The token is in the URL, so no Referer may carry it away; the page must not be
 * cached or indexed; nothing but the page itself may load or submit anywhere.
 */
export function htmlPage(statusCode: number, page: string, method = 'GET'): HttpResult {
  return {
    statusCode,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-robots-tag': 'noindex',
      'x-content-type-options': 'nosniff',
      'content-security-policy':
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
    },
    body: method === 'HEAD' ? '' : page,
  };
}

/**
 * 405 for a method no route of a known path answers, with the methods it does answer (RFC 9110
 * §15.5.6). The same answer locally (infra/local/http-adapter.ts) and in AWS (functions/method-not-allowed.ts).
 */
export function methodNotAllowed(method: string, path: string, allowed: readonly string[]): HttpResult {
  return json(
    405,
    {
      error: {
        code: 'method_not_allowed',
        message: `${method} is not allowed on ${path}; use ${allowed.join(', ')}`,
      },
    },
    { allow: allowed.join(', ') },
  );
}

/** 204: done, nothing to say (a revoked key). */
export function noContent(): HttpResult {
  return { statusCode: 204 };
}

/**
 * A public document anyone may cache (the trust page's feeds): a strong ETag that is the SHA-256 of
 * exactly these bytes, 304 without a body when If-None-Match names it, and a short shared cache life
 * so a CDN serves it and revalidates often (a change must reach subscribers the same day).
 */
export function cacheableDocument(
  body: string,
  contentType: string,
  ifNoneMatch: string | undefined,
  headers: Record<string, string> = {},
): HttpResult {
  const etag = `"sha256-${createHash('sha256').update(body, 'utf8').digest('base64url')}"`;
  const caching = { etag, 'cache-control': 'public, max-age=300, must-revalidate', ...headers };
  const named = (ifNoneMatch ?? '').split(',').map((tag) => tag.trim().replace(/^W\//, ''));
  if (named.includes(etag) || named.includes('*')) return { statusCode: 304, headers: caching };
  return { statusCode: 200, headers: { 'content-type': contentType, ...caching }, body };
}
