import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { NoticeRecipient, Outcome, OutcomeRecord, RecordedDecision } from '../../domain/notice.js';
import type { ConditionalOutcome } from '../../domain/ports.js';
import { type ConditionalWriteResult, conditionalWrite, oldItemAt } from './conditional-write.js';
import { keys, withoutTableAttributes } from './keys.js';
import { queryAll } from './query-all.js';

/**
 * A recipient's decision, its confirmation e-mail, and the close of its window with the append-only
 * outcome record. Decide only while the window is open and before closesAt, once; close only once
 * closesAt has passed, and only if the decision is still the one read.
 */
/** The recipient as it stood when the condition on its item (action 0) failed. */
function asRecipientOutcome(result: ConditionalWriteResult): ConditionalOutcome<NoticeRecipient> {
  if (result.written) return result;
  const current = oldItemAt(result, 0);
  return {
    written: false,
    current: current === undefined ? undefined : withoutTableAttributes<NoticeRecipient>(current),
  };
}

export class RecipientDecisionRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Records a decision once, only while the window is open and before its deadline. Otherwise the
   * recipient as it is (decided already, or closed).
   */
  async recordDecision(
    noticeId: string,
    contractId: string,
    decision: RecordedDecision,
  ): Promise<ConditionalOutcome<NoticeRecipient>> {
    const result = await conditionalWrite(this.db, {
      Update: {
        TableName: this.tableName,
        Key: keys.recipient(noticeId, contractId),
        UpdateExpression: 'SET decision = :decision',
        ConditionExpression: 'windowState = :open AND closesAt > :now AND attribute_not_exists(decision)',
        ExpressionAttributeValues: { ':decision': decision, ':open': 'open', ':now': decision.at },
      },
    });
    return asRecipientOutcome(result);
  }

  /**
   * Closes one window with its outcome and appends the outcome record, atomically. The condition
   * repeats what the outcome was computed from (the decision, or its absence), so a decision that
   * lands in between makes this fail (with the recipient as it now is) instead of being overwritten by
   * implied consent.
   */
  async close(
    recipient: NoticeRecipient,
    outcome: Exclude<Outcome, 'pending'>,
    closedAt: string,
    options: { beforeDeadline?: boolean } = {},
  ): Promise<ConditionalOutcome<NoticeRecipient>> {
    const decided = recipient.decision !== undefined;
    // A withdrawal closes before the deadline; every other fact the outcome rests on is still checked.
    const deadline = options.beforeDeadline === true ? '' : ' AND closesAt <= :now';
    return this.closeWith(recipient, outcome, closedAt, {
      condition: `windowState IN (:pending, :open)${deadline} AND delivery = :delivery AND ${decided ? 'attribute_exists(decision)' : 'attribute_not_exists(decision)'}`,
      values: { ':pending': 'pending', ':open': 'open' },
    });
  }

  async closeUnsent(recipient: NoticeRecipient, closedAt: string): Promise<ConditionalOutcome<NoticeRecipient>> {
    // The same claim and the same resend marker as read: a sender that took either meanwhile wins.
    const claim = recipient.claimId === undefined ? 'attribute_not_exists(claimId)' : 'claimId = :claim';
    const resend = recipient.resendId === undefined ? 'attribute_not_exists(resendId)' : 'resendId = :rid';
    return this.closeWith(recipient, 'not-notified', closedAt, {
      condition: `windowState = :pending AND attribute_not_exists(sentAt) AND delivery = :delivery AND attribute_not_exists(decision) AND ${claim} AND ${resend}`,
      values: {
        ':pending': 'pending',
        ...(recipient.claimId !== undefined && { ':claim': recipient.claimId }),
        ...(recipient.resendId !== undefined && { ':rid': recipient.resendId }),
      },
    });
  }

  /** Closes the window under `condition` and appends the outcome record, in one transaction. */
  private async closeWith(
    recipient: NoticeRecipient,
    outcome: Exclude<Outcome, 'pending'>,
    closedAt: string,
    when: { condition: string; values: Record<string, unknown> },
  ): Promise<ConditionalOutcome<NoticeRecipient>> {
    const result = await conditionalWrite(this.db, {
      TransactItems: [
        {
          Update: {
            TableName: this.tableName,
            Key: keys.recipient(recipient.noticeId, recipient.contractId),
            UpdateExpression: 'SET windowState = :closed, outcome = :outcome, closedAt = :now',
            ConditionExpression: when.condition,
            ExpressionAttributeValues: {
              ':closed': 'closed',
              ':outcome': outcome,
              ':now': closedAt,
              ':delivery': recipient.delivery,
              ...when.values,
            },
          },
        },
        {
          Put: {
            TableName: this.tableName,
            Item: {
              ...keys.outcomeRecord(recipient.noticeId, recipient.contractId),
              type: 'OutcomeRecord',
              noticeId: recipient.noticeId,
              contractId: recipient.contractId,
              clientId: recipient.clientId,
              outcome,
              closedAt,
              // A window that never opened has no deadline of its own: it ended when its version took effect.
              closesAt: recipient.closesAt ?? closedAt,
              delivery: recipient.delivery,
              ...(recipient.decision !== undefined && { decision: recipient.decision }),
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
    });
    return asRecipientOutcome(result);
  }

  /** The append-only outcome records of the contracts from `first` to `last` (ids in key order). */
  async outcomeRecords(noticeId: string, first: string, last: string): Promise<OutcomeRecord[]> {
    return queryAll(
      this.db,
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :last',
        ExpressionAttributeValues: {
          ':pk': keys.notice(noticeId).pk,
          ':first': keys.outcomeRecord(noticeId, first).sk,
          ':last': keys.outcomeRecord(noticeId, last).sk,
        },
      },
      (item) => withoutTableAttributes<OutcomeRecord>(item),
    );
  }

  /** Claims the decision's confirmation e-mail (once; a claim older than `staleBefore` is taken over). */
  async claimConfirmation(noticeId: string, contractId: string, at: string, staleBefore: string): Promise<boolean> {
    const result = await conditionalWrite(this.db, {
      Update: {
        TableName: this.tableName,
        Key: keys.recipient(noticeId, contractId),
        UpdateExpression: 'SET confirmationClaimedAt = :at',
        ConditionExpression:
          'attribute_exists(decision) AND attribute_not_exists(confirmationMessageId) AND (attribute_not_exists(confirmationClaimedAt) OR confirmationClaimedAt < :stale)',
        ExpressionAttributeValues: { ':at': at, ':stale': staleBefore },
      },
    });
    return result.written;
  }

  /** Gives back a confirmation claim after a failed send; a lost condition means someone else holds it now. */
  async releaseConfirmation(noticeId: string, contractId: string, claimedAt: string): Promise<void> {
    await conditionalWrite(this.db, {
      Update: {
        TableName: this.tableName,
        Key: keys.recipient(noticeId, contractId),
        UpdateExpression: 'REMOVE confirmationClaimedAt',
        ConditionExpression: 'confirmationClaimedAt = :at AND attribute_not_exists(confirmationMessageId)',
        ExpressionAttributeValues: { ':at': claimedAt },
      },
    });
  }

  async completeConfirmation(noticeId: string, contractId: string, messageId: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.recipient(noticeId, contractId),
        UpdateExpression: 'SET confirmationMessageId = :id',
        ExpressionAttributeValues: { ':id': messageId },
      }),
    );
  }
}
