import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpWebhookTransport } from '../../shared/adapters/webhook-transport.js';

let server: Server;
let port: number;
const statuses: number[] = [];
let received = 0;

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      received += 1;
      response.writeHead(statuses.shift() ?? 204, { location: 'http://127.0.0.1/elsewhere' }).end('ignored');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const headers = { 'content-type': 'application/json', 'webhook-id': 'msg_1' };

describe('HTTP transport of webhook attempts', () => {
  it('resolves a host name through the checked lookup and reports the status', async () => {
    const local = new HttpWebhookTransport({ allowLoopbackHttp: true });
    const before = received;
    expect(await local.post(`http://localhost:${port}/in`, headers, '{}')).toEqual({
      outcome: 'delivered',
      statusCode: 204,
    });
    statuses.push(500, 302);
    expect(await local.post(`http://localhost:${port}/in`, headers, '{}')).toEqual({
      outcome: 'failed',
      statusCode: 500,
      error: 'HTTP 500',
    });
    // A redirect is not followed: it is a failure (Standard Webhooks).
    expect(await local.post(`http://localhost:${port}/in`, headers, '{}')).toEqual({
      outcome: 'failed',
      statusCode: 302,
      error: 'HTTP 302',
    });
    expect(received - before).toBe(3);
  });

  it('refuses, without sending anything, a name that resolves to loopback when loopback is not allowed', async () => {
    const strict = new HttpWebhookTransport({ allowLoopbackHttp: false });
    const before = received;
    const result = await strict.post(`https://localhost:${port}/in`, headers, '{}');
    expect(result).toEqual({
      outcome: 'blocked',
      error: expect.stringMatching(/^(127\.0\.0\.1|::1) is in the loopback range$/),
    });
    expect(received).toBe(before);
  });

  it('refuses private and mapped IP literals and plain http before connecting', async () => {
    const strict = new HttpWebhookTransport({ allowLoopbackHttp: false });
    expect(await strict.post('https://10.0.0.1/in', headers, '{}')).toEqual({
      outcome: 'blocked',
      error: '10.0.0.1 is in the private range',
    });
    expect(await strict.post('https://[::ffff:169.254.169.254]/in', headers, '{}')).toEqual({
      outcome: 'blocked',
      error: '::ffff:a9fe:a9fe is in the linkLocal range',
    });
    expect(await strict.post(`http://8.8.8.8:${port}/in`, headers, '{}')).toEqual({
      outcome: 'blocked',
      error: 'http: is not https',
    });
  });

  it('reports a refused connection as a failure to retry', async () => {
    const local = new HttpWebhookTransport({ allowLoopbackHttp: true });
    const result = await local.post('http://127.0.0.1:1/in', headers, '{}');
    expect(result).toEqual({ outcome: 'failed', error: expect.stringContaining('ECONNREFUSED') });
  });
});
