import type { Tenant } from './api-key.js';
import { hasChanges } from './list-diff.js';
import type {
  Clock,
  ContractStore,
  ListVersionStore,
  WebhookDeliveryStore,
  WebhookQueue,
  WebhookStore,
} from './ports.js';
import type { Contract } from './registry-entities.js';
import { changesForContract, usesScopes } from './scopes.js';
import { type WebhookDelivery, type WebhookEventType, type WebhookJob, webhookMessageId } from './webhook.js';

/** A registry event as webhooks see it: its business key, its own time, whose it is. */
export interface WebhookEvent {
  type: WebhookEventType;
  /** The event's business key: a duplicate event has the same one (never the EventBridge id). */
  key: string;
  /** The event's own time (published, effective, recorded, closed): the payload's `timestamp`. */
  timestamp: string;
  processorId: string;
  data: Record<string, unknown>;
  /** ObjectionRecorded concerns one contract: only its client hears of it. */
  contract?: { id: string; clientId: string };
  /** The list version a change event is about: a contract with scopes hears of it only if it concerns it. */
  version?: number;
}

/**
 * Whether a contract's client hears of its processor's events. A contract confirmed by its client
 * (`confirmation: 'confirmed'`) and not ended does; one pending or disputed does not: the
 * processor alone says the client is its client until the client confirms. Absent: not confirmed.
 */
export function contractIsConfirmed(contract: Contract): boolean {
  // Confirmed by the client and not ended: a former client hears nothing more of its old vendor.
  return contract.confirmation === 'confirmed' && contract.endedAt === undefined;
}

/** What a client's endpoint receives of an event: the close's counts are every client's decisions, not its own. */
function dataFor(owner: Tenant, event: WebhookEvent): Record<string, unknown> {
  if (owner.type === 'client' && event.type === 'ObjectionWindowClosed') {
    const { counts: _counts, ...rest } = event.data;
    return rest;
  }
  return event.data;
}

/**
 * Whether a version's change concerns a contract (scopes.ts): a contract with scopes is told only of
 * the changes that concern it, by e-mail and by webhook alike, and of nothing if none does.
 */
async function concernedBy(
  event: WebhookEvent,
  listVersions: Pick<ListVersionStore, 'get'>,
): Promise<(contract: Contract) => boolean> {
  const hasScopes = (contract: Contract) => contract.scopes !== undefined && contract.scopes.length > 0;
  if (event.version === undefined) return () => true;
  const [previous, version] = await Promise.all([
    listVersions.get(event.processorId, event.version - 1),
    listVersions.get(event.processorId, event.version),
  ]);
  if (version === undefined) throw new Error(`version ${event.version} of ${event.processorId} not found`);
  const before = previous?.subprocessors ?? [];
  if (!usesScopes(before, version.subprocessors)) return () => true;
  return (contract) =>
    !hasScopes(contract) || hasChanges(changesForContract(before, version.subprocessors, contract).changes);
}

/** The clients told of a processor's event: those with a confirmed contract (of that contract only, for a decision). */
async function clientsOf(
  event: WebhookEvent,
  contracts: Pick<ContractStore, 'page' | 'forClient'>,
  listVersions: Pick<ListVersionStore, 'get'>,
): Promise<Tenant[]> {
  if (event.contract !== undefined) {
    const { id, clientId } = event.contract;
    const own = (await contracts.forClient(clientId)).find((c) => c.id === id && c.processorId === event.processorId);
    return own !== undefined && contractIsConfirmed(own) ? [{ type: 'client', id: clientId }] : [];
  }
  const clientIds = new Set<string>();
  let concerns: ((contract: Contract) => boolean) | undefined;
  let cursor: string | undefined;
  do {
    const page = await contracts.page(event.processorId, { limit: 100, ...(cursor !== undefined && { cursor }) });
    for (const contract of page.items) {
      if (!contractIsConfirmed(contract)) continue;
      concerns ??= await concernedBy(event, listVersions);
      if (concerns(contract)) clientIds.add(contract.clientId);
    }
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return [...clientIds].map((id) => ({ type: 'client', id }));
}

/**
 * Fans one registry event out to the endpoints that may receive it.
 * 1. The audience: the processor, and the clients of its confirmed contracts (for a decision, the
 *    deciding contract's client alone, if confirmed); a client never hears of another's decision,
 *    nor of a version change none of whose entries concerns its contract's scopes.
 * 2. Their enabled endpoints subscribed to the event's type.
 * 3. Per endpoint, one delivery record keyed by the `webhook-id` derived from the event's key,
 *    created by a conditional write: a duplicate event finds it and creates nothing.
 * 4. Queue its first attempt; a delivery found pending with no attempt (a crash between record and
 *    queue) is queued again: the attempt's own conditional record drops a duplicate job.
 * Returns how many deliveries this call created.
 */
export async function fanOutWebhookEvent(
  event: WebhookEvent,
  deps: {
    webhooks: Pick<WebhookStore, 'subscribedTo'>;
    deliveries: Pick<WebhookDeliveryStore, 'create'>;
    contracts: Pick<ContractStore, 'page' | 'forClient'>;
    listVersions: Pick<ListVersionStore, 'get'>;
    queue: Pick<WebhookQueue, 'send'>;
    clock: Clock;
  },
): Promise<number> {
  const audience: Tenant[] = [
    { type: 'processor', id: event.processorId },
    ...(await clientsOf(event, deps.contracts, deps.listVersions)),
  ];
  let created = 0;
  for (const owner of audience) {
    for (const endpoint of await deps.webhooks.subscribedTo(owner, event.type)) {
      const now = deps.clock.now().toISOString();
      const delivery: WebhookDelivery = {
        webhookId: endpoint.id,
        messageId: webhookMessageId(event.key, endpoint.id),
        payload: { type: event.type, timestamp: event.timestamp, data: dataFor(owner, event) },
        status: 'pending',
        attempts: 0,
        createdAt: now,
      };
      const outcome = await deps.deliveries.create(delivery);
      if (outcome.written) created += 1;
      const unsent = outcome.written || (outcome.current?.status === 'pending' && outcome.current.attempts === 0);
      if (!unsent) continue;
      const job: WebhookJob = {
        owner,
        webhookId: endpoint.id,
        messageId: delivery.messageId,
        attempt: 1,
        notBefore: now,
      };
      await deps.queue.send(job, 0);
    }
  }
  return created;
}
