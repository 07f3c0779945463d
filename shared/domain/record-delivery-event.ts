import type { SesEmailEvent } from '../events/ses-email-event.js';
import type { DeliveryState } from './notice.js';
import type { Clock, RecipientStore } from './ports.js';

type RecordedState = Extract<DeliveryState, 'delivered' | 'bounced' | 'complained' | 'rejected'>;

const STATE_BY_EVENT: Record<string, RecordedState | undefined> = {
  Delivery: 'delivered',
  Complaint: 'complained',
  Reject: 'rejected',
};

/** A transient bounce (mailbox full, ...) is retried by SES: only a permanent one means "not notified". */
function stateOf(event: SesEmailEvent): RecordedState | undefined {
  if (event.eventType === 'Bounce') return event.bounce?.bounceType === 'Permanent' ? 'bounced' : undefined;
  return STATE_BY_EVENT[event.eventType];
}

export interface DeliveryEventDependencies {
  recipients: Pick<RecipientStore, 'findBySesMessageId' | 'recordDeliveryEvent'>;
  clock: Clock;
}

export type DeliveryEventResult =
  | { kind: 'not-ours' }
  | { kind: 'recorded' | 'duplicate'; noticeId: string; contractId: string; state: RecordedState | undefined };

/**
 * Records an SES delivery, bounce, complaint or rejection against the notice e-mail it concerns.
 *
 * 1. Find the recipient by the SES message id stored at send time; events for e-mails we did not
 *    send as notices (confirmations, other senders) are ignored.
 * 2. Derive the delivery state: a permanent bounce, a complaint or a rejection means the notice did
 *    not reach the client, so its window closes as not-notified (outcomeAtClose).
 * 3. Append the event to the recipient's log and move its state (a bad state sticks), once: the
 *    same event delivered again (same type, time, addresses, detail) is a duplicate and changes nothing,
 *    and so does a late event of an e-mail that a resend has superseded (it is not the current one).
 */
export async function recordDeliveryEvent(
  event: SesEmailEvent,
  deps: DeliveryEventDependencies,
): Promise<DeliveryEventResult> {
  const ref = await deps.recipients.findBySesMessageId(event.mail.messageId);
  if (ref === undefined) return { kind: 'not-ours' };
  const state = stateOf(event);
  const addresses = [
    ...(event.bounce?.bouncedRecipients.map((r) => r.emailAddress) ?? []),
    ...(event.complaint?.complainedRecipients.map((r) => r.emailAddress) ?? []),
    ...(event.delivery?.recipients ?? []),
  ];
  const appended = await deps.recipients.recordDeliveryEvent(
    ref.noticeId,
    ref.contractId,
    {
      type: event.eventType,
      // The event's own time, so that a redelivery is recognised; the clock only if SES gave none.
      at:
        event.bounce?.timestamp ??
        event.complaint?.timestamp ??
        event.delivery?.timestamp ??
        event.mail.timestamp ??
        deps.clock.now().toISOString(),
      ...(addresses.length > 0 && { recipient: addresses.join(', ') }),
      ...(event.bounce !== undefined && { detail: event.bounce.bounceType }),
    },
    state,
    event.mail.messageId,
  );
  return { kind: appended ? 'recorded' : 'duplicate', ...ref, state };
}
