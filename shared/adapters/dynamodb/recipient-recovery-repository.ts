import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { currentAttempt, type NoticeRecipient, wasAttempted } from '../../domain/notice.js';
import type { ConditionalOutcome, RecipientRecoveryStore } from '../../domain/ports.js';
import type { Language } from '../../i18n/language.js';
import { conditionalWrite, oldItemAt } from './conditional-write.js';
import { keys, withoutTableAttributes } from './keys.js';
import { recordedSendLookups } from './recipient-lookup-repository.js';

/**
 * A recipient's failed delivery and its resends: mark failed (claim holder or dead-lettered job),
 * the "resend requested" marker, and the resend's claim and completion. Each is one conditional
 * write (or one transaction) on the recipient item, so a duplicate trigger changes nothing.
 */
export class RecipientRecoveryRepository implements RecipientRecoveryStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async markFailed(
    noticeId: string,
    contractId: string,
    failure: { reason: string; at: string },
    job: { claimId: string } | { resendId: string | undefined },
  ): Promise<boolean> {
    const ofJob =
      'claimId' in job
        ? 'claimId = :claim'
        : job.resendId === undefined
          ? 'attribute_not_exists(resendId)'
          : 'resendId = :rid';
    const result = await conditionalWrite(this.db, {
      Update: {
        TableName: this.tableName,
        Key: keys.recipient(noticeId, contractId),
        UpdateExpression:
          'SET delivery = :failed, failure = :failure REMOVE claimId, claimedAt, resendId, resendRequestedAt',
        // Never over an e-mail that went out (sent, delivered, bounced...) nor over a decision.
        ConditionExpression: `attribute_exists(pk) AND delivery IN (:queued, :sending) AND attribute_not_exists(decision) AND ${ofJob}`,
        ExpressionAttributeValues: {
          ':failed': 'failed',
          ':failure': failure,
          ':queued': 'queued',
          ':sending': 'sending',
          ...('claimId' in job && { ':claim': job.claimId }),
          ...(!('claimId' in job) && job.resendId !== undefined && { ':rid': job.resendId }),
        },
      },
    });
    return result.written;
  }

  async requestResend(
    expected: NoticeRecipient,
    resend: { id: string; at: string; addresses: string[]; language: Language; now: string },
  ): Promise<ConditionalOutcome<NoticeRecipient>> {
    const { noticeId, contractId } = expected;
    // Only an e-mail that went out, or was refused, is an attempt worth keeping.
    const attempted = wasAttempted(expected);
    const result = await conditionalWrite(this.db, {
      Update: {
        TableName: this.tableName,
        Key: keys.recipient(noticeId, contractId),
        UpdateExpression: `SET ${attempted ? 'previousAttempts = list_append(if_not_exists(previousAttempts, :none_list), :attempt), ' : ''}notifyEmails = :addresses, #language = :language, delivery = :queued, deliveryEvents = :none_list, resendId = :rid, resendRequestedAt = :at REMOVE sesMessageId, sentAt, contentSha256, failure, worstDelivery, claimId, claimedAt`,
        // LANGUAGE is a DynamoDB reserved word.
        ExpressionAttributeNames: { '#language': 'language' },
        // The recipient as read (same delivery, same events): what was archived is what was there.
        ConditionExpression:
          'attribute_not_exists(resendId) AND attribute_not_exists(decision) AND windowState = :window AND delivery = :delivery AND size(deliveryEvents) = :events AND (windowState IN (:no_window, :unsent) OR closesAt > :now)',
        ExpressionAttributeValues: {
          ...(attempted && { ':attempt': [currentAttempt(expected)] }),
          ':none_list': [],
          ':addresses': resend.addresses,
          ':language': resend.language,
          ':queued': 'queued',
          ':rid': resend.id,
          ':at': resend.at,
          ':window': expected.windowState,
          ':delivery': expected.delivery,
          ':events': expected.deliveryEvents.length,
          ':no_window': 'none',
          // Never sent: no deadline yet; the version's effect closes it, and claimForResend then refuses.
          ':unsent': 'pending',
          ':now': resend.now,
        },
      },
    });
    if (result.written) return { written: true };
    const current = oldItemAt(result);
    return { written: false, current: current === undefined ? undefined : withoutTableAttributes(current) };
  }

  async releaseResend(noticeId: string, contractId: string, resendId: string): Promise<void> {
    // Lost when the job ran after all (the queue took it): then there is nothing to give back.
    await conditionalWrite(this.db, {
      Update: {
        TableName: this.tableName,
        Key: keys.recipient(noticeId, contractId),
        UpdateExpression: 'REMOVE resendId, resendRequestedAt',
        ConditionExpression: 'resendId = :rid AND delivery = :queued',
        ExpressionAttributeValues: { ':rid': resendId, ':queued': 'queued' },
      },
    });
  }

  async claimForResend(
    noticeId: string,
    contractId: string,
    claim: { id: string; resendId: string; at: string; staleBefore: string },
  ): Promise<NoticeRecipient | undefined> {
    const result = await conditionalWrite(this.db, {
      Update: {
        TableName: this.tableName,
        Key: keys.recipient(noticeId, contractId),
        UpdateExpression: 'SET delivery = :sending, claimId = :claim, claimedAt = :at',
        ConditionExpression:
          'resendId = :rid AND attribute_not_exists(decision) AND windowState <> :closed AND (delivery = :queued OR (delivery = :sending AND claimedAt < :stale))',
        ExpressionAttributeValues: {
          ':sending': 'sending',
          ':queued': 'queued',
          ':closed': 'closed',
          ':rid': claim.resendId,
          ':claim': claim.id,
          ':at': claim.at,
          ':stale': claim.staleBefore,
        },
        ReturnValues: 'ALL_NEW',
      },
    });
    if (!result.written || result.attributes === undefined) return undefined;
    return withoutTableAttributes<NoticeRecipient>(result.attributes);
  }

  async completeResend(
    noticeId: string,
    contractId: string,
    claimId: string,
    sent: {
      sesMessageId: string;
      sentAt: string;
      closesAt?: string;
      contentSha256: string;
      tokenHash?: string;
      previousTokenHash?: string;
      previousReminderTokenHash?: string;
    },
  ): Promise<void> {
    const opensWindow = sent.closesAt !== undefined;
    const result = await conditionalWrite(this.db, {
      TransactItems: [
        {
          Update: {
            TableName: this.tableName,
            Key: keys.recipient(noticeId, contractId),
            UpdateExpression: `SET delivery = :sent, sesMessageId = :mid, sentAt = :at, contentSha256 = :sha${opensWindow ? ', closesAt = :closes, windowState = :open' : ''}${sent.tokenHash === undefined ? '' : ', tokenHash = :token'} REMOVE claimId, claimedAt, resendId, resendRequestedAt, reminderTokenHash`,
            // A decision (through the old link) or a close that landed meanwhile wins: not recorded.
            ConditionExpression: 'claimId = :claim AND windowState <> :closed AND attribute_not_exists(decision)',
            ExpressionAttributeValues: {
              ':sent': 'sent',
              ':mid': sent.sesMessageId,
              ':at': sent.sentAt,
              ':sha': sent.contentSha256,
              ':claim': claimId,
              ':closed': 'closed',
              ...(opensWindow && { ':closes': sent.closesAt, ':open': 'open' }),
              ...(sent.tokenHash !== undefined && { ':token': sent.tokenHash }),
            },
          },
        },
        ...recordedSendLookups(this.tableName, noticeId, contractId, sent),
        // The earlier link stops working with the new one: it then meets the 404 of any unknown
        // token. Revoked, not deleted: the functions hold no DeleteItem, and the item stays as evidence.
        // The reminder's link of the superseded e-mail too (issue 10, item 5).
        ...[sent.previousTokenHash, sent.previousReminderTokenHash]
          .filter((hash): hash is string => hash !== undefined && hash !== sent.tokenHash)
          .map((hash) => ({
            Update: {
              TableName: this.tableName,
              Key: keys.objectionToken(hash),
              UpdateExpression: 'SET revokedAt = :at',
              ExpressionAttributeValues: { ':at': sent.sentAt },
            },
          })),
      ],
    });
    if (!result.written) {
      const current = oldItemAt(result);
      throw new Error(
        `resend of ${noticeId}/${contractId} not recorded: claim ${claimId} lost (window ${String(current?.windowState)}, decision ${String(current?.decision !== undefined)})`,
      );
    }
  }
}
