import type { Clock, WebhookDeliveryStore, WebhookQueue, WebhookStore, WebhookTransport } from './ports.js';
import { type DeliveryAttempt, MAX_ATTEMPTS, retryDelaySeconds, type WebhookJob } from './webhook.js';
import { signDelivery } from './webhook-signing.js';

/** SQS delays a message by 15 minutes at most (SendMessage DelaySeconds ≤ 900). */
export const MAX_QUEUE_DELAY_SECONDS = 900;

/**
 * A claim older than this belongs to a job that died (a transport call lasts 15 s at most, the
 * consumer 90 s): SQS gives its message again after the 180-s visibility timeout, and it may claim.
 */
export const CLAIM_STALE_AFTER_MS = 120_000;

export type AttemptOutcome = 'delivered' | 'retry-queued' | 'dead-lettered' | 'waiting' | 'skipped';

/** What an attempt came to, with what the operator's log needs: a refused address, a disabled endpoint. */
export interface AttemptReport {
  outcome: AttemptOutcome;
  /** Why the address was refused, when the endpoint resolved to one that is not public. */
  blocked?: string;
  /** True when this attempt, the last, disabled the endpoint. */
  disabled?: boolean;
}

/**
 * Makes one attempt of a delivery (the queue consumer's job).
 * 1. Skip a job whose delivery is no longer pending, already past this attempt (a duplicate job),
 *    or whose endpoint is gone or disabled.
 * 2. Not due yet (a wait longer than SQS's 15-minute delay): queue it again for what remains.
 * 3. Claim the attempt (conditional: of two jobs of one attempt, one goes on; a crashed job's claim
 *    goes stale after CLAIM_STALE_AFTER_MS, so its redelivered message can make the attempt).
 * 4. Sign the payload (same `webhook-id`, this attempt's timestamp) and POST it; the transport
 *    refuses an address that is not public at connection time (`blocked`, logged as such).
 * 5. Record the attempt under a condition on the attempt count, so a duplicate job records nothing.
 *    A crash before that record retries the attempt: delivery is at least once, and the receiver
 *    drops a duplicate by its `webhook-id`.
 * 6. Failed with attempts left: queue the next one after RETRY_DELAYS_SECONDS. Failed on the last:
 *    dead-letter the job and disable the endpoint unless it succeeded since this delivery began.
 */
export async function attemptWebhookDelivery(
  job: WebhookJob,
  deps: {
    webhooks: Pick<WebhookStore, 'get' | 'recordSuccess' | 'disableUnlessSucceededSince'>;
    deliveries: Pick<WebhookDeliveryStore, 'get' | 'claimAttempt' | 'recordAttempt'>;
    queue: WebhookQueue;
    transport: WebhookTransport;
    clock: Clock;
  },
): Promise<AttemptReport> {
  const [endpoint, delivery] = await Promise.all([
    deps.webhooks.get(job.owner, job.webhookId),
    deps.deliveries.get(job.webhookId, job.messageId),
  ]);
  const skipped: AttemptReport = { outcome: 'skipped' };
  if (endpoint === undefined || endpoint.status !== 'enabled') return skipped;
  if (delivery === undefined || delivery.status !== 'pending' || delivery.attempts >= job.attempt) return skipped;

  const now = deps.clock.now();
  const waitMs = Date.parse(job.notBefore) - now.getTime();
  if (waitMs > 0) {
    await deps.queue.send(job, Math.min(MAX_QUEUE_DELAY_SECONDS, Math.ceil(waitMs / 1000)));
    return { outcome: 'waiting' };
  }

  // Two jobs of one attempt (a duplicate event re-queued the first) would post twice: one claims it.
  const staleBefore = new Date(now.getTime() - CLAIM_STALE_AFTER_MS).toISOString();
  const claimed = await deps.deliveries.claimAttempt(
    job.webhookId,
    job.messageId,
    job.attempt,
    now.toISOString(),
    staleBefore,
  );
  if (!claimed) return skipped;

  const body = JSON.stringify(delivery.payload);
  const headers = { 'content-type': 'application/json', ...signDelivery(endpoint.secret, job.messageId, now, body) };
  const result = await deps.transport.post(endpoint.url, headers, body);
  const at = now.toISOString();
  const base = { messageId: job.messageId, eventType: delivery.payload.type, attempt: job.attempt, at };

  if (result.outcome === 'delivered') {
    const attempt: DeliveryAttempt = { ...base, outcome: 'delivered', statusCode: result.statusCode };
    if (await deps.deliveries.recordAttempt(job.webhookId, attempt, 'delivered')) {
      await deps.webhooks.recordSuccess(job.owner, job.webhookId, at);
    }
    return { outcome: 'delivered' };
  }

  const blocked = result.outcome === 'blocked' ? { blocked: result.error } : {};
  const failure = {
    ...base,
    outcome: result.outcome,
    error: result.error,
    ...(result.outcome === 'failed' && result.statusCode !== undefined && { statusCode: result.statusCode }),
  };
  const delay = retryDelaySeconds(job.attempt);
  if (delay === undefined || job.attempt >= MAX_ATTEMPTS) {
    if (!(await deps.deliveries.recordAttempt(job.webhookId, failure, 'dead-lettered'))) return skipped;
    await deps.queue.deadLetter(job);
    const disabled = await deps.webhooks.disableUnlessSucceededSince(job.owner, job.webhookId, delivery.createdAt, at);
    return { outcome: 'dead-lettered', disabled, ...blocked };
  }
  const next = new Date(now.getTime() + delay * 1000);
  const recorded = await deps.deliveries.recordAttempt(
    job.webhookId,
    { ...failure, nextAttemptAt: next.toISOString() },
    'pending',
  );
  if (!recorded) return skipped;
  await deps.queue.send(
    { ...job, attempt: job.attempt + 1, notBefore: next.toISOString() },
    Math.min(MAX_QUEUE_DELAY_SECONDS, delay),
  );
  return { outcome: 'retry-queued', ...blocked };
}
