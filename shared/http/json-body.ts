import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../domain/errors.js';
import { MAX_BODY_BYTES } from './api-schemas.js';

/**
 * Reads a JSON request body. The size cap is checked before parsing so a huge body costs nothing;
 * malformed JSON is a 400 naming the body (middy's parser would answer 415).
 */
export function readJsonBody(event: APIGatewayProxyEventV2): unknown {
  const contentType = event.headers?.['content-type'] ?? '';
  if (!/^application\/([a-z.+-]*\+)?json\b/i.test(contentType)) {
    throw new UnsupportedMediaTypeError('Content-Type: send the body as application/json');
  }
  const raw = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
  if (raw.byteLength > MAX_BODY_BYTES) {
    throw new PayloadTooLargeError(`body: ${raw.byteLength} bytes is over the limit of ${MAX_BODY_BYTES} bytes`);
  }
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (error) {
    const message = `body: malformed JSON (${(error as Error).message})`;
    throw new ValidationError(message, [{ path: 'body', rule: 'json', message }]);
  }
}
