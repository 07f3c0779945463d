import { ValidationError } from '../domain/errors.js';

/**
 * The version an `If-Match` header names (PUT …/subprocessors, POST …/versions/{n}/withdraw).
 * Accepts `"3"`, `W/"3"` or a bare `3`, as clients send ETags back in different ways.
 */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,10})"?\s*$/.exec(header);
  if (match?.[1] === undefined) {
    const message = 'If-Match: must be the version from the ETag of GET …/subprocessors, e.g. "3"';
    throw new ValidationError(message, [{ path: 'If-Match', rule: 'version-etag', message }]);
  }
  return Number(match[1]);
}
