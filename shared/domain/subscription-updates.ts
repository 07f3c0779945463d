import type { SesEmailEvent } from '../events/ses-email-event.js';
import type { Language } from '../i18n/language.js';
import { noticeChangeRows } from './notice.js';
import type {
  Clock,
  ListMailer,
  ListVersionStore,
  SubscriptionEmailStore,
  SubscriptionMessageRenderer,
  SubscriptionStore,
} from './ports.js';
import { newSubscriptionToken } from './subscription.js';
import type { SubscriptionLinks } from './subscription-requests.js';

/** A claim older than this was left by a send that died mid-way (a timeout): another pass may take it over. */
export const SUBSCRIPTION_EMAIL_CLAIM_TIMEOUT_MS = 10 * 60_000;
const PAGE = 100;

/** RFC 8058 §3.1: the POST body a mail client sends to the List-Unsubscribe URL. */
export const ONE_CLICK_BODY = 'List-Unsubscribe=One-Click';

export interface InformSubscribersDependencies {
  listVersions: Pick<ListVersionStore, 'get'>;
  subscriptions: Pick<SubscriptionStore, 'confirmedPage' | 'issueUnsubscribeToken'>;
  subscriptionEmails: Pick<SubscriptionEmailStore, 'claim' | 'complete' | 'release'>;
  mailer: ListMailer;
  renderer: SubscriptionMessageRenderer;
  links: SubscriptionLinks;
  clock: Clock;
  /** Waits for the next SES sending slot (shared/adapters/sending-pacer.ts). */
  waitForSendingSlot: () => Promise<void>;
}

export interface InformSubscribersResult {
  sent: number;
  alreadySent: number;
}

/**
 * A processor published a new version (SubprocessorListChanged): every confirmed subscriber gets one
 * information e-mail, in its language. Not a notice: no objection link (a subscriber is no contract party).
 *
 * 1. Read the version and the one before it (the changes, down the chains, as the notices show them);
 *    the baseline (and a version not found) informs no one.
 * 2. Page through the confirmed subscriptions.
 * 3. Per subscriber, claim the permanent record (version × address): a redelivered event or a second
 *    pass skips those already sent, so each gets the e-mail exactly once; a claim whose send failed is
 *    released before the error is raised, so the retry sends it.
 * 4. Wait for the sending slot, send with the RFC 8058 headers (List-Unsubscribe with the subscription's
 *    one-click URL, List-Unsubscribe-Post), record the message id.
 */
export async function informSubscribers(
  changed: { processorId: string; version: number },
  deps: InformSubscribersDependencies,
): Promise<InformSubscribersResult> {
  const result: InformSubscribersResult = { sent: 0, alreadySent: 0 };
  const version = await deps.listVersions.get(changed.processorId, changed.version);
  if (version === undefined || version.baseline) return result;
  const previous = await deps.listVersions.get(changed.processorId, changed.version - 1);
  const changes = noticeChangeRows(version, previous);
  let cursor: string | undefined;
  do {
    const page = await deps.subscriptions.confirmedPage(changed.processorId, {
      limit: PAGE,
      ...(cursor !== undefined && { cursor }),
    });
    for (const subscription of page.items) {
      const ref = { processorId: changed.processorId, version: changed.version, email: subscription.email };
      const now = deps.clock.now();
      const claimedAt = now.toISOString();
      const staleBefore = new Date(now.getTime() - SUBSCRIPTION_EMAIL_CLAIM_TIMEOUT_MS).toISOString();
      if (!(await deps.subscriptionEmails.claim(ref, claimedAt, staleBefore))) {
        result.alreadySent += 1;
        continue;
      }
      // Each e-mail gets an unsubscribe token of its own: only hashes are stored, so the link's token
      // cannot be read back from the subscription.
      const { token, tokenSha256 } = newSubscriptionToken();
      await deps.subscriptions.issueUnsubscribeToken(changed.processorId, subscription.email, tokenSha256);
      const unsubscribeUrl = deps.links.unsubscribe(changed.processorId, token);
      const language: Language = subscription.language;
      const content = deps.renderer.listChanged(
        {
          processorName: version.processorName,
          version: version.version,
          effectiveAt: version.effectiveAt,
          changes,
          trustPageUrl: deps.links.trustPage(changed.processorId, language),
          unsubscribeUrl,
        },
        language,
      );
      let messageId: string;
      try {
        await deps.waitForSendingSlot();
        messageId = await deps.mailer.send({
          to: [subscription.email],
          ...content,
          headers: { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': ONE_CLICK_BODY },
          tags: { kind: 'subscription-update', processorId: changed.processorId },
        });
      } catch (error) {
        await deps.subscriptionEmails.release(ref, claimedAt);
        throw error;
      }
      await deps.subscriptionEmails.complete(ref, messageId, deps.clock.now().toISOString());
      result.sent += 1;
    }
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return result;
}

/**
 * A permanent bounce or a complaint of an e-mail sent to a subscriber (its confirmation or an update)
 * suppresses that address for that processor: SES reputation suffers from every further send.
 * Events of other e-mails (notices) are not ours; a transient bounce changes nothing.
 */
export async function suppressSubscriberOnDeliveryEvent(
  event: SesEmailEvent,
  deps: {
    subscriptionEmails: Pick<SubscriptionEmailStore, 'findByMessageId'>;
    subscriptions: Pick<SubscriptionStore, 'suppress'>;
    clock: Clock;
  },
): Promise<'not-ours' | 'ignored' | 'suppressed' | 'already-suppressed'> {
  const ref = await deps.subscriptionEmails.findByMessageId(event.mail.messageId);
  if (ref === undefined) return 'not-ours';
  const permanent =
    (event.eventType === 'Bounce' && event.bounce?.bounceType === 'Permanent') || event.eventType === 'Complaint';
  if (!permanent) return 'ignored';
  const done = await deps.subscriptions.suppress(ref.processorId, ref.email, deps.clock.now().toISOString());
  return done ? 'suppressed' : 'already-suppressed';
}
