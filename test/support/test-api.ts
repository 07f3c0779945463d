import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { type LocalStack, startLocalStack } from '../../infra/local/local-stack.js';
import { OpenApiValidator } from './openapi-validator.js';

// biome-ignore lint/suspicious/noExplicitAny: JSON bodies are read by assertions, which check their shape
export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface TestApi {
  stack: LocalStack;
  adminKey: string;
  /** The served OpenAPI document: every response of `call` is checked against it. */
  contract: OpenApiValidator;
  // biome-ignore lint/suspicious/noExplicitAny: as above
  call<T = any>(
    method: string,
    path: string,
    options?: { key?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> },
  ): Promise<ApiResponse<T>>;
  stop(): Promise<void>;
}

/**
 * The local stack on a fresh table in the shared DynamoDB Local, with an HTTP helper through which
 * every API test goes: a response that does not match the served OpenAPI document fails the test.
 */
export async function startTestApi(options: { sesSendsPerSecond?: number } = {}): Promise<TestApi> {
  const adminKey = `admin_${randomBytes(24).toString('base64url')}`;
  const stack = await startLocalStack({
    port: 0,
    adminApiKey: adminKey,
    tableName: `test-${randomBytes(6).toString('hex')}`,
    dynamoDbEndpoint: inject('dynamoDbEndpoint'),
    ...(options.sesSendsPerSecond !== undefined && { sesSendsPerSecond: options.sesSendsPerSecond }),
  });
  const contract = await OpenApiValidator.fromServer(stack.apiUrl);
  return {
    stack,
    adminKey,
    contract,
    async call(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.key !== undefined) headers.authorization = `Bearer ${options.key}`;
      let body: string | undefined = options.rawBody;
      if (options.body !== undefined) body = JSON.stringify(options.body);
      if (body !== undefined && headers['content-type'] === undefined) headers['content-type'] = 'application/json';
      const response = await fetch(`${stack.apiUrl}${path}`, { method, headers, ...(body !== undefined && { body }) });
      const text = await response.text();
      // The local stack's own controls (/_local/…: clock, SES events) are not part of the API.
      if (!path.startsWith('/_local/')) {
        contract.assert({ method, path, status: response.status, headers: response.headers, text });
      }
      let parsed: unknown = text;
      try {
        parsed = text === '' ? undefined : JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: response.status, headers: response.headers, body: parsed as never };
    },
    stop: () => stack.stop(),
  };
}
