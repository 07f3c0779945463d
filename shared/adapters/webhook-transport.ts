import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { WebhookAttemptResult, WebhookTransport } from '../domain/ports.js';
import { blockedAddressReason, type WebhookUrlPolicy } from '../domain/webhook-url.js';

/** A receiver that does not answer within this is a failed attempt (Standard Webhooks: "short"). */
const TIMEOUT_MS = 15_000;

class BlockedAddressError extends Error {}

/**
 * A DNS lookup that refuses a name resolving to any address that is not public: the check runs on
 * the very addresses the socket then connects to, so a name re-pointed after registration (DNS
 * rebinding) is refused too.
 */
function checkedLookup(policy: WebhookUrlPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      for (const { address } of addresses) {
        const reason = blockedAddressReason(address, policy);
        if (reason !== undefined) return callback(new BlockedAddressError(reason), '', 0);
      }
      if (options.all === true) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const [first] = addresses;
      if (first === undefined) return callback(new Error(`${hostname} does not resolve`), '', 0);
      return callback(null, first.address, first.family);
    });
  };
}

/**
 * POSTs with Node's own HTTP client: no redirect is followed (a 3xx is a failure, as Standard
 * Webhooks advises), the response body is read and dropped, and an IP literal is checked like a
 * resolved name.
 */
export class HttpWebhookTransport implements WebhookTransport {
  constructor(private readonly policy: WebhookUrlPolicy) {}

  post(url: string, headers: Record<string, string>, body: string): Promise<WebhookAttemptResult> {
    const target = new URL(url);
    const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
    // Node connects to an IP literal without a lookup: it is checked here instead.
    const literal = isIP(host) === 0 ? undefined : blockedAddressReason(host, this.policy);
    if (literal !== undefined) return Promise.resolve({ outcome: 'blocked', error: literal });
    if (target.protocol !== 'https:' && !(this.policy.allowLoopbackHttp && target.protocol === 'http:')) {
      return Promise.resolve({ outcome: 'blocked', error: `${target.protocol} is not https` });
    }
    const client = target.protocol === 'https:' ? https : http;
    return new Promise((resolve) => {
      const request = client.request(
        target,
        {
          method: 'POST',
          headers: {
            ...headers,
            'content-length': String(Buffer.byteLength(body)),
            'user-agent': 'subprocessor-registry-webhooks',
          },
          lookup: checkedLookup(this.policy),
          timeout: TIMEOUT_MS,
        },
        (response) => {
          response.resume();
          response.on('end', () => {
            const statusCode = response.statusCode ?? 0;
            resolve(
              statusCode >= 200 && statusCode < 300
                ? { outcome: 'delivered', statusCode }
                : { outcome: 'failed', statusCode, error: `HTTP ${statusCode}` },
            );
          });
          response.on('error', (error) =>
            resolve({ outcome: 'failed', statusCode: response.statusCode ?? 0, error: error.message }),
          );
        },
      );
      request.on('timeout', () => request.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
      request.on('error', (error) =>
        resolve(
          error instanceof BlockedAddressError
            ? { outcome: 'blocked', error: error.message }
            : { outcome: 'failed', error: error.message },
        ),
      );
      request.end(body);
    });
  }
}
