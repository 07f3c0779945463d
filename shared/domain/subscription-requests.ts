import type { Language } from '../i18n/language.js';
import { NotFoundError } from './errors.js';
import type {
  Clock,
  ListMailer,
  ProcessorProfileStore,
  SubscriptionEmailStore,
  SubscriptionMessageRenderer,
  SubscriptionStore,
  SubscriptionTokenPurpose,
} from './ports.js';
import {
  CONFIRMATION_INTERVAL_MS,
  newSubscriptionToken,
  normaliseEmail,
  type Subscription,
  subscriptionTokenHash,
} from './subscription.js';

/** Where the links of the subscription e-mails point (built from the public base URL). */
export interface SubscriptionLinks {
  trustPage(processorId: string, language: Language): string;
  confirm(processorId: string, token: string): string;
  unsubscribe(processorId: string, token: string): string;
}

export interface SubscribeDependencies {
  processors: Pick<ProcessorProfileStore, 'get'>;
  subscriptions: Pick<SubscriptionStore, 'claimConfirmation' | 'releaseConfirmation'>;
  subscriptionEmails: Pick<SubscriptionEmailStore, 'indexMessage'>;
  mailer: ListMailer;
  renderer: SubscriptionMessageRenderer;
  links: SubscriptionLinks;
  clock: Clock;
}

/**
 * Someone asks that an address hear of a processor's list changes. The answer is the same whatever
 * the address's state (the caller answers 202 either way): the form must not tell who subscribed.
 *
 * 1. The processor must exist (its trust page is public: naming an unknown one reveals nothing).
 * 2. Claim a confirmation for the normalised address with a new token: granted unless one was claimed
 *    within the hour, or the address is already confirmed or suppressed (then nothing is sent).
 * 3. Send the confirmation (its link opens a page whose button confirms); if SES fails, give the claim
 *    back so the next request may send, and fail.
 * 4. Index the message id, so a bounce of the confirmation suppresses the address.
 */
export async function subscribe(
  request: { processorId: string; email: string; language: Language },
  deps: SubscribeDependencies,
): Promise<'sent' | 'not-sent'> {
  const processor = await deps.processors.get(request.processorId);
  if (processor === undefined) throw new NotFoundError(`no processor ${request.processorId}`);
  const email = normaliseEmail(request.email);
  const { token, tokenSha256 } = newSubscriptionToken();
  const now = deps.clock.now();
  const at = now.toISOString();
  const claimed = await deps.subscriptions.claimConfirmation(
    { processorId: request.processorId, email, language: request.language, tokenSha256 },
    at,
    new Date(now.getTime() - CONFIRMATION_INTERVAL_MS).toISOString(),
  );
  if (!claimed) return 'not-sent';
  const content = deps.renderer.confirmation(
    {
      processorName: processor.name,
      confirmUrl: deps.links.confirm(request.processorId, token),
      trustPageUrl: deps.links.trustPage(request.processorId, request.language),
    },
    request.language,
  );
  let messageId: string;
  try {
    messageId = await deps.mailer.send({
      to: [email],
      ...content,
      headers: {},
      tags: { kind: 'subscription-confirmation', processorId: request.processorId },
    });
  } catch (error) {
    await deps.subscriptions.releaseConfirmation(request.processorId, email, at);
    throw error;
  }
  await deps.subscriptionEmails.indexMessage(messageId, request.processorId, email);
  return 'sent';
}

export type SubscriptionView =
  | { kind: 'unknown' }
  | { kind: 'found'; subscription: Subscription; processorName: string; purpose: SubscriptionTokenPurpose };

/** The subscription behind a link, if its token is known and it is this processor's. Reads only. */
export async function subscriptionByToken(
  processorId: string,
  token: string,
  deps: { subscriptions: Pick<SubscriptionStore, 'findByToken'>; processors: Pick<ProcessorProfileStore, 'get'> },
): Promise<SubscriptionView> {
  const found = await deps.subscriptions.findByToken(subscriptionTokenHash(token));
  if (found === undefined || found.subscription.processorId !== processorId) return { kind: 'unknown' };
  const processor = await deps.processors.get(processorId);
  return { kind: 'found', ...found, processorName: processor?.name ?? processorId };
}

export type ConfirmResult =
  | { kind: 'unknown' }
  | { kind: 'confirmed' | 'already-confirmed' | 'inactive'; subscription: Subscription; processorName: string };

/**
 * A person pressed Confirm on the page behind the link (a POST: a scanner opening the link confirms nothing).
 *
 * 1. Find the subscription by the token's hash: an unknown, superseded or unsubscribe token is unknown.
 * 2. pending → confirmed, conditional on the same token; a confirmed one answers "already";
 *    an unsubscribed or suppressed one stays so (the person subscribes again on the trust page).
 */
export async function confirmSubscription(
  processorId: string,
  token: string,
  deps: {
    subscriptions: Pick<SubscriptionStore, 'findByToken' | 'confirm'>;
    processors: Pick<ProcessorProfileStore, 'get'>;
    clock: Clock;
  },
): Promise<ConfirmResult> {
  const view = await subscriptionByToken(processorId, token, deps);
  if (view.kind === 'unknown' || view.purpose !== 'confirm') return { kind: 'unknown' };
  const { subscription, processorName } = view;
  const at = deps.clock.now().toISOString();
  if (await deps.subscriptions.confirm(processorId, subscription.email, subscription.tokenSha256, at)) {
    return { kind: 'confirmed', subscription: { ...subscription, state: 'confirmed', confirmedAt: at }, processorName };
  }
  return { kind: subscription.state === 'confirmed' ? 'already-confirmed' : 'inactive', subscription, processorName };
}

/**
 * The one-click unsubscribe (RFC 8058) of an information e-mail's link: at once, no question asked.
 * Unknown tokens learn nothing; a second click finds it already done and answers the same.
 */
export async function unsubscribeByToken(
  processorId: string,
  token: string,
  deps: {
    subscriptions: Pick<SubscriptionStore, 'findByToken' | 'unsubscribe'>;
    processors: Pick<ProcessorProfileStore, 'get'>;
    clock: Clock;
  },
): Promise<{ kind: 'unknown' } | { kind: 'unsubscribed'; processorName: string; language: Language }> {
  const view = await subscriptionByToken(processorId, token, deps);
  if (view.kind === 'unknown' || view.purpose !== 'unsubscribe') return { kind: 'unknown' };
  const { subscription, processorName } = view;
  await deps.subscriptions.unsubscribe(processorId, subscription.email, deps.clock.now().toISOString());
  return { kind: 'unsubscribed', processorName, language: subscription.language };
}
