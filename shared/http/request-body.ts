import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../domain/errors.js';
import { MAX_BODY_BYTES } from './api-schemas.js';

/** The body's bytes, after checking its media type and its size (before any parsing). */
function rawBody(event: APIGatewayProxyEventV2, accepted: RegExp, expected: string): Buffer {
  const contentType = event.headers?.['content-type'] ?? '';
  if (!accepted.test(contentType)) throw new UnsupportedMediaTypeError(`Content-Type: send the body as ${expected}`);
  const raw = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
  if (raw.byteLength > MAX_BODY_BYTES) {
    throw new PayloadTooLargeError(`body: ${raw.byteLength} bytes is over the limit of ${MAX_BODY_BYTES} bytes`);
  }
  return raw;
}

/** A JSON body; malformed JSON is a 400 naming the body (middy's parser would answer 415). */
export function readJsonBody(event: APIGatewayProxyEventV2): unknown {
  const raw = rawBody(event, /^application\/([a-z.+-]*\+)?json\b/i, 'application/json');
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (error) {
    const message = `body: malformed JSON (${(error as Error).message})`;
    throw new ValidationError(message, [{ path: 'body', rule: 'json', message }]);
  }
}

/** An HTML form body (application/x-www-form-urlencoded) as its fields. */
export function readFormBody(event: APIGatewayProxyEventV2): Record<string, string> {
  const raw = rawBody(event, /^application\/x-www-form-urlencoded\b/i, 'application/x-www-form-urlencoded');
  return Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
}
