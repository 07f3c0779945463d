import { createHash, randomBytes } from 'node:crypto';
import type { Tenant } from './api-key.js';

/** The registry events an endpoint may subscribe to (contracts in shared/events/). */
export const WEBHOOK_EVENT_TYPES = [
  'SubprocessorListChanged',
  'SubprocessorChangeEffective',
  'ObjectionRecorded',
  'ObjectionWindowClosed',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** The most endpoints a tenant may register: each event costs one delivery per endpoint. */
export const MAX_WEBHOOKS_PER_TENANT = 10;

/**
 * Retry schedule of a failed delivery, in seconds after the failed attempt (Standard Webhooks'
 * own example schedule, stretched at the end): 8 attempts over 27 h 35 min, so an endpoint down for
 * a whole day still gets the event. After the last one the delivery is dead-lettered.
 */
export const RETRY_DELAYS_SECONDS = [5, 300, 1_800, 7_200, 18_000, 36_000, 36_000] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;

/** The delay before attempt `attempt + 1`, or undefined when `attempt` was the last one. */
export function retryDelaySeconds(attempt: number): number | undefined {
  return RETRY_DELAYS_SECONDS[attempt - 1];
}

/** A registered endpoint. `secret` signs its deliveries: shown once at creation, never listed. */
export interface WebhookEndpoint {
  id: string;
  owner: Tenant;
  url: string;
  events: WebhookEventType[];
  createdAt: string;
  secret: string;
  /**
   * `disabled`: a delivery exhausted its retries with no success of the endpoint since that
   * delivery began (it receives nothing more; delete it and register it again once it is fixed).
   * `deleted`: removed by its tenant (kept, with its log, as the record of what was sent).
   */
  status: 'enabled' | 'disabled' | 'deleted';
  disabledAt?: string;
  deletedAt?: string;
  lastSuccessAt?: string;
}

/** What the API shows of an endpoint: never the secret. */
export type WebhookSummary = Pick<WebhookEndpoint, 'id' | 'url' | 'events' | 'createdAt' | 'status'> & {
  disabledAt?: string;
};

export function summarise(endpoint: WebhookEndpoint): WebhookSummary {
  return {
    id: endpoint.id,
    url: endpoint.url,
    events: endpoint.events,
    createdAt: endpoint.createdAt,
    status: endpoint.status,
    ...(endpoint.disabledAt !== undefined && { disabledAt: endpoint.disabledAt }),
  };
}

/** The body of every delivery (Standard Webhooks' recommended payload structure). */
export interface WebhookPayload {
  type: WebhookEventType;
  timestamp: string;
  data: Record<string, unknown>;
}

/** One event × one endpoint: the permanent record whose conditional creation makes fan-out idempotent. */
export interface WebhookDelivery {
  webhookId: string;
  /** `webhook-id`: the same on every attempt, so the receiver can drop a duplicate. */
  messageId: string;
  payload: WebhookPayload;
  status: 'pending' | 'delivered' | 'dead-lettered';
  /** Attempts made so far. */
  attempts: number;
  createdAt: string;
}

/** One attempt, as the delivery log shows it. */
export interface DeliveryAttempt {
  messageId: string;
  eventType: WebhookEventType;
  attempt: number;
  at: string;
  outcome: 'delivered' | 'failed' | 'blocked';
  statusCode?: number;
  error?: string;
  /** When the next attempt is due; absent after a success or the last attempt. */
  nextAttemptAt?: string;
}

/** The queue message that asks for one attempt. */
export interface WebhookJob {
  owner: Tenant;
  webhookId: string;
  messageId: string;
  attempt: number;
  /** Not before this time: SQS delays a message 15 minutes at most, so a longer wait is re-queued. */
  notBefore: string;
}

export function newWebhookId(): string {
  return `wh_${randomBytes(12).toString('base64url')}`;
}

/** Standard Webhooks secret format: `whsec_` and the base64 of 32 random bytes. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/**
 * `webhook-id` of an event for one endpoint: derived from the event's business key (never from the
 * EventBridge id, which changes on re-publication), so a duplicate event gets the same id.
 */
export function webhookMessageId(eventKey: string, webhookId: string): string {
  return `msg_${createHash('sha256').update(`${eventKey}|${webhookId}`, 'utf8').digest('base64url').slice(0, 32)}`;
}
