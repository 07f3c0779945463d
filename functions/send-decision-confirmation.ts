import type { EventBridgeEvent } from 'aws-lambda';
import { notificationServices } from '../shared/adapters/notification-services.js';
import { registryStores } from '../shared/adapters/registry-stores.js';
import { ObjectionRecorded } from '../shared/events/objection-recorded.js';
import { defineTriggerHandler } from '../shared/triggers/define-trigger-handler.js';
import { eventDetail } from '../shared/triggers/eventbridge.js';
import { renderDecisionConfirmation } from '../shared/views/decision-confirmation-email.js';

const { notices, recipients, clock } = registryStores();
const { mailer } = notificationServices();
const CLAIM_TIMEOUT_MS = 5 * 60_000;

/** ObjectionRecorded → one confirmation e-mail to the contract's addresses (claimed, so sent once). */
export const handler = defineTriggerHandler(async (event: EventBridgeEvent<string, unknown>): Promise<void> => {
  const detail = eventDetail(ObjectionRecorded, event);
  const [notice, recipient] = await Promise.all([
    notices.get(detail.noticeId),
    recipients.get(detail.noticeId, detail.contractId),
  ]);
  if (notice === undefined || recipient?.decision === undefined) return;
  const now = clock.now();
  if (
    !(await recipients.claimConfirmation(
      detail.noticeId,
      detail.contractId,
      now.toISOString(),
      new Date(now.getTime() - CLAIM_TIMEOUT_MS).toISOString(),
    ))
  ) {
    return;
  }
  const content = renderDecisionConfirmation(notice, recipient.decision);
  const messageId = await mailer.send({
    to: recipient.notifyEmails,
    ...content,
    tags: { noticeId: detail.noticeId, contractId: detail.contractId, kind: 'confirmation' },
  });
  await recipients.completeConfirmation(detail.noticeId, detail.contractId, messageId);
});
