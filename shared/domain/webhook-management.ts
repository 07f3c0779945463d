import type { Tenant } from './api-key.js';
import { ConflictError, NotFoundError } from './errors.js';
import type { Clock, Page, WebhookDeliveryStore, WebhookStore } from './ports.js';
import {
  type DeliveryAttempt,
  MAX_WEBHOOKS_PER_TENANT,
  newWebhookId,
  newWebhookSecret,
  summarise,
  type WebhookEventType,
  type WebhookSummary,
} from './webhook.js';
import { checkWebhookUrl, type ResolveHost, type WebhookUrlPolicy } from './webhook-url.js';

/** What `POST …/webhooks` answers: the endpoint and its signing secret, this once. */
export interface CreatedWebhook {
  id: string;
  url: string;
  events: WebhookEventType[];
  createdAt: string;
  secret: string;
}

const named = (tenant: Tenant) => `${tenant.type} ${tenant.id}`;

/**
 * Registers an endpoint.
 * 1. Check the URL: https, no credentials, every address of its host public (400 naming `url`).
 * 2. Draw its id and a 256-bit signing secret (Standard Webhooks `whsec_` format).
 * 3. Store it while the tenant exists (404) and holds fewer than MAX_WEBHOOKS_PER_TENANT (409).
 * 4. Answer it with the secret, once: the listing never shows it.
 */
export async function createWebhook(
  owner: Tenant,
  request: { url: string; events: WebhookEventType[] },
  deps: { webhooks: WebhookStore; clock: Clock; policy: WebhookUrlPolicy; resolve: ResolveHost },
): Promise<CreatedWebhook> {
  const url = (await checkWebhookUrl(request.url, deps.policy, deps.resolve)).toString();
  const endpoint = {
    id: newWebhookId(),
    owner,
    url,
    events: [...new Set(request.events)],
    createdAt: deps.clock.now().toISOString(),
    secret: newWebhookSecret(),
    status: 'enabled' as const,
  };
  const outcome = await deps.webhooks.create(endpoint, MAX_WEBHOOKS_PER_TENANT);
  if (outcome === 'no-tenant') throw new NotFoundError(`no ${named(owner)}`);
  if (outcome === 'full') {
    throw new ConflictError(
      `${named(owner)} has ${MAX_WEBHOOKS_PER_TENANT} webhooks, the most it may: delete one it no longer uses first`,
    );
  }
  return { id: endpoint.id, url, events: endpoint.events, createdAt: endpoint.createdAt, secret: endpoint.secret };
}

export async function listWebhooks(owner: Tenant, deps: { webhooks: WebhookStore }): Promise<WebhookSummary[]> {
  const listed = await deps.webhooks.list(owner);
  if (listed === undefined) throw new NotFoundError(`no ${named(owner)}`);
  return listed.map(summarise);
}

/** One endpoint of the tenant; a deleted one, or another tenant's, is 404 alike. */
export async function getWebhook(
  owner: Tenant,
  webhookId: string,
  deps: { webhooks: WebhookStore },
): Promise<WebhookSummary> {
  const endpoint = await deps.webhooks.get(owner, webhookId);
  if (endpoint === undefined || endpoint.status === 'deleted') {
    throw new NotFoundError(`no webhook ${webhookId} of ${named(owner)}`);
  }
  return summarise(endpoint);
}

/** Stops deliveries to the endpoint from the next event on; its log stays readable to no one but the store. */
export async function deleteWebhook(
  owner: Tenant,
  webhookId: string,
  deps: { webhooks: WebhookStore; clock: Clock },
): Promise<void> {
  const deleted = await deps.webhooks.delete(owner, webhookId, deps.clock.now().toISOString());
  if (!deleted) throw new NotFoundError(`no webhook ${webhookId} of ${named(owner)}`);
}

/** The endpoint's delivery log, newest attempt first (the endpoint must be the tenant's). */
export async function listDeliveryAttempts(
  owner: Tenant,
  webhookId: string,
  page: { limit: number; cursor?: string },
  deps: { webhooks: WebhookStore; deliveries: WebhookDeliveryStore },
): Promise<Page<DeliveryAttempt>> {
  await getWebhook(owner, webhookId, deps);
  return deps.deliveries.attempts(webhookId, page);
}
