import type { Tenant } from '../../shared/domain/api-key.js';
import type {
  ConditionalOutcome,
  ContractStore,
  ListVersionStore,
  Page,
  WebhookAttemptResult,
  WebhookDeliveryStore,
  WebhookQueue,
  WebhookStore,
  WebhookTransport,
} from '../../shared/domain/ports.js';
import type { Contract, ListVersion } from '../../shared/domain/registry-entities.js';
import type {
  DeliveryAttempt,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEventType,
  WebhookJob,
} from '../../shared/domain/webhook.js';

const ownerKey = (owner: Tenant, id: string) => `${owner.type}#${owner.id}#${id}`;

/** In-memory webhook endpoints with the repository's conditions. */
export class InMemoryWebhookStore implements WebhookStore {
  readonly endpoints = new Map<string, WebhookEndpoint>();
  readonly tenants = new Set<string>();

  async create(endpoint: WebhookEndpoint, max: number): Promise<'created' | 'no-tenant' | 'full'> {
    if (!this.tenants.has(`${endpoint.owner.type}#${endpoint.owner.id}`)) return 'no-tenant';
    const live = [...this.endpoints.values()].filter(
      (e) => e.owner.type === endpoint.owner.type && e.owner.id === endpoint.owner.id && e.status !== 'deleted',
    );
    if (live.length >= max) return 'full';
    this.endpoints.set(ownerKey(endpoint.owner, endpoint.id), structuredClone(endpoint));
    return 'created';
  }
  async list(owner: Tenant): Promise<WebhookEndpoint[] | undefined> {
    if (!this.tenants.has(`${owner.type}#${owner.id}`)) return undefined;
    return [...this.endpoints.values()].filter(
      (e) => e.owner.type === owner.type && e.owner.id === owner.id && e.status !== 'deleted',
    );
  }
  async get(owner: Tenant, webhookId: string): Promise<WebhookEndpoint | undefined> {
    return structuredClone(this.endpoints.get(ownerKey(owner, webhookId)));
  }
  async delete(owner: Tenant, webhookId: string, at: string): Promise<boolean> {
    const endpoint = this.endpoints.get(ownerKey(owner, webhookId));
    if (endpoint === undefined || endpoint.status === 'deleted') return false;
    endpoint.status = 'deleted';
    endpoint.deletedAt = at;
    return true;
  }
  async subscribedTo(owner: Tenant, type: WebhookEventType): Promise<WebhookEndpoint[]> {
    return [...this.endpoints.values()].filter(
      (e) =>
        e.owner.type === owner.type && e.owner.id === owner.id && e.status === 'enabled' && e.events.includes(type),
    );
  }
  async recordSuccess(owner: Tenant, webhookId: string, at: string): Promise<void> {
    const endpoint = this.endpoints.get(ownerKey(owner, webhookId));
    if (endpoint !== undefined && (endpoint.lastSuccessAt === undefined || endpoint.lastSuccessAt < at)) {
      endpoint.lastSuccessAt = at;
    }
  }
  async disableUnlessSucceededSince(owner: Tenant, webhookId: string, since: string, at: string): Promise<boolean> {
    const endpoint = this.endpoints.get(ownerKey(owner, webhookId));
    if (endpoint === undefined || endpoint.status !== 'enabled') return false;
    if (endpoint.lastSuccessAt !== undefined && endpoint.lastSuccessAt >= since) return false;
    endpoint.status = 'disabled';
    endpoint.disabledAt = at;
    return true;
  }
}

/** In-memory deliveries and attempt log with the repository's conditions. */
export class InMemoryWebhookDeliveryStore implements WebhookDeliveryStore {
  readonly deliveries = new Map<string, WebhookDelivery>();
  readonly log: Array<DeliveryAttempt & { webhookId: string }> = [];

  async create(delivery: WebhookDelivery): Promise<ConditionalOutcome<WebhookDelivery>> {
    const key = `${delivery.webhookId}#${delivery.messageId}`;
    const current = this.deliveries.get(key);
    if (current !== undefined) return { written: false, current: structuredClone(current) };
    this.deliveries.set(key, structuredClone(delivery));
    return { written: true };
  }
  async get(webhookId: string, messageId: string): Promise<WebhookDelivery | undefined> {
    return structuredClone(this.deliveries.get(`${webhookId}#${messageId}`));
  }
  readonly claims = new Map<string, { attempt: number; at: string }>();
  async claimAttempt(
    webhookId: string,
    messageId: string,
    attempt: number,
    at: string,
    staleBefore: string,
  ): Promise<boolean> {
    const key = `${webhookId}#${messageId}`;
    const delivery = this.deliveries.get(key);
    if (delivery === undefined || delivery.status !== 'pending' || delivery.attempts !== attempt - 1) return false;
    const claim = this.claims.get(key);
    if (claim !== undefined && claim.attempt >= attempt && claim.at >= staleBefore) return false;
    this.claims.set(key, { attempt, at });
    return true;
  }
  async recordAttempt(
    webhookId: string,
    attempt: DeliveryAttempt,
    status: WebhookDelivery['status'],
  ): Promise<boolean> {
    const delivery = this.deliveries.get(`${webhookId}#${attempt.messageId}`);
    if (delivery === undefined || delivery.status !== 'pending' || delivery.attempts !== attempt.attempt - 1)
      return false;
    delivery.attempts = attempt.attempt;
    delivery.status = status;
    this.log.push({ ...attempt, webhookId });
    return true;
  }
  async attempts(webhookId: string, page: { limit: number }): Promise<Page<DeliveryAttempt>> {
    const items = this.log
      .filter((a) => a.webhookId === webhookId)
      .reverse()
      .slice(0, page.limit)
      .map(({ webhookId: _w, ...attempt }) => attempt);
    return { items };
  }
}

/** Records what is queued (with its delay) and dead-lettered. */
export class RecordingWebhookQueue implements WebhookQueue {
  readonly sent: Array<{ job: WebhookJob; delaySeconds: number }> = [];
  readonly deadLetters: WebhookJob[] = [];
  async send(job: WebhookJob, delaySeconds: number): Promise<void> {
    this.sent.push({ job: structuredClone(job), delaySeconds });
  }
  async deadLetter(job: WebhookJob): Promise<void> {
    this.deadLetters.push(structuredClone(job));
  }
}

/** Answers each POST with the next scripted result, and keeps what was posted. */
export class ScriptedTransport implements WebhookTransport {
  readonly posts: Array<{ url: string; headers: Record<string, string>; body: string }> = [];
  constructor(private readonly script: WebhookAttemptResult[]) {}
  async post(url: string, headers: Record<string, string>, body: string): Promise<WebhookAttemptResult> {
    this.posts.push({ url, headers, body });
    const next = this.script.shift();
    if (next === undefined) throw new Error('ScriptedTransport: no result left');
    return next;
  }
}

/** Contracts of processors, for the fan-out's audience (with the `confirmation` of branch `contracts`). */
export class InMemoryContracts implements Pick<ContractStore, 'page' | 'forClient'> {
  constructor(readonly contracts: Array<Contract & { confirmation?: 'pending' | 'confirmed' | 'disputed' }>) {}
  async page(processorId: string, page: { limit: number; cursor?: string }): Promise<Page<Contract>> {
    const all = this.contracts.filter((c) => c.processorId === processorId);
    const start = page.cursor === undefined ? 0 : Number(page.cursor);
    const items = all.slice(start, start + page.limit);
    return start + page.limit < all.length ? { items, nextCursor: String(start + page.limit) } : { items };
  }
  async forClient(clientId: string): Promise<Contract[]> {
    return this.contracts.filter((c) => c.clientId === clientId);
  }
}

/** Stored list versions, by processor and number: only what the fan-out reads (their entries). */
export class InMemoryListVersions implements Pick<ListVersionStore, 'get'> {
  readonly versions = new Map<string, ListVersion>();
  add(processorId: string, version: number, subprocessors: ListVersion['subprocessors']): void {
    this.versions.set(`${processorId}#${version}`, {
      processorId,
      processorName: 'Processor',
      version,
      subprocessors,
      // The fan-out diffs the entries itself (per contract's scopes): the stored diff is not read.
      changes: { added: [], removed: [], changed: [] },
      baseline: version === 1,
      needsObjectionWindow: version > 1,
      warnings: [],
      publishedAt: '2026-11-30T09:00:00.000Z',
      effectiveAt: '2026-12-30T09:00:00.000Z',
      rulesVersion: 'test',
      contentSha256: `sha-${version}`,
    });
  }
  async get(processorId: string, version: number): Promise<ListVersion | undefined> {
    return this.versions.get(`${processorId}#${version}`);
  }
}
