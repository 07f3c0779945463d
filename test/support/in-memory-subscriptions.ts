import { subscriptionLinks } from '../../shared/adapters/subscription-services.js';
import type {
  ListMailer,
  OutgoingListEmail,
  Page,
  ProcessorProfileStore,
  SubscriptionEmailRef,
  SubscriptionEmailStore,
  SubscriptionStore,
  SubscriptionTokenPurpose,
} from '../../shared/domain/ports.js';
import type { Processor } from '../../shared/domain/registry-entities.js';
import { emptyCounts, type Subscription, type SubscriptionCounts } from '../../shared/domain/subscription.js';
import type { Language } from '../../shared/i18n/language.js';
import { subscriptionEmailRenderer } from '../../shared/views/subscription-emails.js';
import { type FakeClock, inMemoryPorts, PUBLIC_BASE_URL } from './in-memory-ports.js';

const copy = <T>(value: T): T => structuredClone(value);

/** The subscription store and its e-mail records with the same conditions as the DynamoDB repository. */
export class InMemorySubscriptionStore implements SubscriptionStore, SubscriptionEmailStore {
  readonly items = new Map<string, Subscription>();
  readonly tokens = new Map<string, { processorId: string; email: string; purpose: SubscriptionTokenPurpose }>();
  readonly emails = new Map<string, { claimedAt?: string; messageId?: string }>();
  readonly messages = new Map<string, { processorId: string; email: string }>();

  private key = (processorId: string, email: string) => `${processorId}#${email}`;
  private emailKey = (ref: SubscriptionEmailRef) => `${ref.processorId}#${ref.version}#${ref.email}`;

  async get(processorId: string, email: string) {
    const item = this.items.get(this.key(processorId, email));
    return item === undefined ? undefined : copy(item);
  }

  async findByToken(tokenSha256: string) {
    const token = this.tokens.get(tokenSha256);
    if (token === undefined) return undefined;
    const subscription = await this.get(token.processorId, token.email);
    if (subscription === undefined) return undefined;
    if (token.purpose === 'confirm' && subscription.tokenSha256 !== tokenSha256) return undefined;
    return { subscription, purpose: token.purpose };
  }

  async claimConfirmation(
    request: { processorId: string; email: string; language: Language; tokenSha256: string },
    at: string,
    sentBefore: string,
  ) {
    this.tokens.set(request.tokenSha256, {
      processorId: request.processorId,
      email: request.email,
      purpose: 'confirm',
    });
    const existing = this.items.get(this.key(request.processorId, request.email));
    if (existing !== undefined) {
      const renewable = existing.state === 'pending' || existing.state === 'unsubscribed';
      const due = existing.confirmationSentAt === undefined || existing.confirmationSentAt < sentBefore;
      if (!renewable || !due) return false;
    }
    this.items.set(this.key(request.processorId, request.email), {
      ...existing,
      processorId: request.processorId,
      email: request.email,
      language: request.language,
      state: 'pending',
      tokenSha256: request.tokenSha256,
      createdAt: existing?.createdAt ?? at,
      confirmationSentAt: at,
    });
    return true;
  }

  async releaseConfirmation(processorId: string, email: string, claimedAt: string) {
    const item = this.items.get(this.key(processorId, email));
    if (item?.confirmationSentAt === claimedAt) delete item.confirmationSentAt;
  }

  async confirm(processorId: string, email: string, tokenSha256: string, at: string) {
    const item = this.items.get(this.key(processorId, email));
    if (item?.state !== 'pending' || item.tokenSha256 !== tokenSha256) return false;
    Object.assign(item, { state: 'confirmed', confirmedAt: at });
    return true;
  }

  async issueUnsubscribeToken(processorId: string, email: string, tokenSha256: string) {
    this.tokens.set(tokenSha256, { processorId, email, purpose: 'unsubscribe' });
  }

  async unsubscribe(processorId: string, email: string, at: string) {
    const item = this.items.get(this.key(processorId, email));
    if (item === undefined || (item.state !== 'pending' && item.state !== 'confirmed')) return false;
    Object.assign(item, { state: 'unsubscribed', unsubscribedAt: at });
    return true;
  }

  async suppress(processorId: string, email: string, at: string) {
    const item = this.items.get(this.key(processorId, email));
    if (item === undefined || item.state === 'suppressed') return false;
    Object.assign(item, { state: 'suppressed', suppressedAt: at });
    return true;
  }

  /** Pages of `limit` items in address order, filtered afterwards as a DynamoDB FilterExpression is. */
  async confirmedPage(processorId: string, options: { limit: number; cursor?: string }): Promise<Page<Subscription>> {
    const all = [...this.items.values()]
      .filter((s) => s.processorId === processorId)
      .sort((a, b) => a.email.localeCompare(b.email));
    const start = options.cursor === undefined ? 0 : Number(options.cursor);
    const slice = all.slice(start, start + options.limit);
    const next = start + options.limit;
    return {
      items: slice.filter((s) => s.state === 'confirmed').map(copy),
      ...(next < all.length && { nextCursor: String(next) }),
    };
  }

  async counts(processorId: string): Promise<SubscriptionCounts> {
    const counts = emptyCounts();
    for (const s of this.items.values()) if (s.processorId === processorId) counts[s.state] += 1;
    return counts;
  }

  async claim(ref: SubscriptionEmailRef, at: string, staleBefore: string) {
    const record = this.emails.get(this.emailKey(ref)) ?? {};
    if (record.messageId !== undefined) return false;
    if (record.claimedAt !== undefined && record.claimedAt >= staleBefore) return false;
    this.emails.set(this.emailKey(ref), { ...record, claimedAt: at });
    return true;
  }

  async complete(ref: SubscriptionEmailRef, messageId: string) {
    const record = this.emails.get(this.emailKey(ref)) ?? {};
    this.emails.set(this.emailKey(ref), { ...record, messageId });
    await this.indexMessage(messageId, ref.processorId, ref.email);
  }

  async release(ref: SubscriptionEmailRef, claimedAt: string) {
    const record = this.emails.get(this.emailKey(ref));
    if (record?.claimedAt === claimedAt && record.messageId === undefined) delete record.claimedAt;
  }

  async findByMessageId(messageId: string) {
    return this.messages.get(messageId);
  }

  async indexMessage(messageId: string, processorId: string, email: string) {
    this.messages.set(messageId, { processorId, email });
  }
}

export class TransientSesError extends Error {}

/** Records each MIME e-mail with its headers; can be told to fail the next sends. */
export class InMemoryListMailer implements ListMailer {
  readonly sent: Array<OutgoingListEmail & { messageId: string }> = [];
  private failures = 0;

  failNext(times = 1): void {
    this.failures += times;
  }

  async send(email: OutgoingListEmail): Promise<string> {
    if (this.failures > 0) {
      this.failures -= 1;
      throw new TransientSesError('SES unavailable');
    }
    const messageId = `raw-${this.sent.length + 1}`;
    this.sent.push({ ...copy(email), messageId });
    return messageId;
  }
}

class ProcessorsByName implements Pick<ProcessorProfileStore, 'get'> {
  readonly processors = new Map<string, Processor>();
  async get(id: string) {
    return this.processors.get(id);
  }
}

/** The subscription use cases' ports on fakes; the list versions come from the notice fakes. */
export function subscriptionPorts(now: string) {
  const base = inMemoryPorts(now);
  const processors = new ProcessorsByName();
  processors.processors.set('prc_acme', { id: 'prc_acme', name: 'Acme Cloud', createdAt: now });
  const subscriptions = new InMemorySubscriptionStore();
  return {
    clock: base.clock as FakeClock,
    listVersions: base.listVersions,
    base,
    processors,
    subscriptions,
    subscriptionEmails: subscriptions,
    mailer: new InMemoryListMailer(),
    renderer: subscriptionEmailRenderer,
    links: subscriptionLinks(PUBLIC_BASE_URL),
    waitForSendingSlot: async () => {},
  };
}
