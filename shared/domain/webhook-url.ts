import ipaddr from 'ipaddr.js';
import { ValidationError } from './errors.js';

/**
 * Where a webhook may point. A URL the registry will POST to is a server-side request made on a
 * tenant's behalf (OWASP SSRF): it must not reach the registry's own network, the cloud metadata
 * service (169.254.169.254, fd00:ec2::254) or anything else that is not the public Internet.
 */
export interface WebhookUrlPolicy {
  /** Local stack only (WEBHOOK_ALLOW_LOOPBACK_HTTP): `http` and loopback, so a test can receive. */
  allowLoopbackHttp: boolean;
}

/**
 * Why an address may not be reached, or undefined if it may. Only ipaddr.js's `unicast` range (the
 * public Internet) passes: private, loopback, link-local (metadata), unique-local, CGNAT, multicast,
 * unspecified, broadcast, reserved, documentation and the translation ranges that embed an IPv4
 * address (6to4, Teredo, NAT64) are all refused. An IPv4-mapped IPv6 address is judged as its IPv4.
 */
export function blockedAddressReason(address: string, policy: WebhookUrlPolicy): string | undefined {
  if (!ipaddr.isValid(address)) return `${address} is not an IP address`;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  const range = parsed.range();
  if (range === 'unicast') return undefined;
  if (range === 'loopback' && policy.allowLoopbackHttp) return undefined;
  return `${address} is in the ${range} range`;
}

const RULE_TEXT =
  'must not resolve to a private, loopback, link-local, unique-local, CGNAT, multicast or reserved address';

function refused(rule: string, message: string): ValidationError {
  const text = `url: ${message}`;
  return new ValidationError(text, [{ path: 'url', rule, message: text }]);
}

/** Looks a host name up: every address it resolves to (IPv4 and IPv6). */
export type ResolveHost = (host: string) => Promise<string[]>;

/**
 * Checks a URL at registration: scheme, no credentials, and every address its host resolves to
 * (a name with one private address among public ones is refused: the connection could pick it).
 * The same address check runs again at each delivery, on the address actually connected to.
 */
export async function checkWebhookUrl(url: string, policy: WebhookUrlPolicy, resolve: ResolveHost): Promise<URL> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw refused('url', 'must be an absolute URL');
  }
  const httpAllowed = policy.allowLoopbackHttp && parsed.protocol === 'http:';
  if (parsed.protocol !== 'https:' && !httpAllowed) throw refused('https', 'must use https');
  if (parsed.username !== '' || parsed.password !== '') {
    throw refused('no-credentials', 'must not carry a user name or password (the signature authenticates us)');
  }
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: string[];
  if (ipaddr.isValid(host)) {
    addresses = [host];
  } else {
    try {
      addresses = await resolve(host);
    } catch {
      addresses = [];
    }
    if (addresses.length === 0) throw refused('resolvable', `host ${host} does not resolve`);
  }
  for (const address of addresses) {
    const reason = blockedAddressReason(address, policy);
    if (reason !== undefined) throw refused('public-address', `${RULE_TEXT} (${reason})`);
  }
  return parsed;
}
