import { type DynamoDBDocumentClient, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { NoticeRecipient, Outcome, OutcomeRecord, RecordedDecision } from '../../domain/notice.js';
import { isConditionalCheckFailure, transactionCancellationCodes } from './condition-failures.js';
import { keys, withoutTableAttributes } from './keys.js';
import { queryAll } from './query-all.js';

/**
 * A recipient's decision, its confirmation e-mail, and the close of its window with the append-only
 * outcome record. Decide only while the window is open and before closesAt, once; close only once
 * closesAt has passed, and only if the decision is still the one read.
 */
export class RecipientDecisionRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Records a decision once, only while the window is open and before its deadline. False otherwise. */
  async recordDecision(noticeId: string, contractId: string, decision: RecordedDecision): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.recipient(noticeId, contractId),
          UpdateExpression: 'SET decision = :decision',
          ConditionExpression: 'windowState = :open AND closesAt > :now AND attribute_not_exists(decision)',
          ExpressionAttributeValues: { ':decision': decision, ':open': 'open', ':now': decision.at },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailure(error)) return false;
      throw error;
    }
  }

  /**
   * Closes one window with its outcome and appends the outcome record, atomically. The condition
   * repeats what the outcome was computed from (the decision, or its absence), so a decision that
   * lands in between makes this fail (false) instead of being overwritten by implied consent.
   */
  async close(recipient: NoticeRecipient, outcome: Exclude<Outcome, 'pending'>, closedAt: string): Promise<boolean> {
    const decided = recipient.decision !== undefined;
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: keys.recipient(recipient.noticeId, recipient.contractId),
                UpdateExpression: 'SET windowState = :closed, outcome = :outcome, closedAt = :now',
                ConditionExpression: `windowState IN (:pending, :open) AND closesAt <= :now AND delivery = :delivery AND ${decided ? 'attribute_exists(decision)' : 'attribute_not_exists(decision)'}`,
                ExpressionAttributeValues: {
                  ':closed': 'closed',
                  ':pending': 'pending',
                  ':open': 'open',
                  ':outcome': outcome,
                  ':now': closedAt,
                  ':delivery': recipient.delivery,
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
                  closesAt: recipient.closesAt,
                  delivery: recipient.delivery,
                  ...(recipient.decision !== undefined && { decision: recipient.decision }),
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (transactionCancellationCodes(error)?.includes('ConditionalCheckFailed')) return false;
      throw error;
    }
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
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.recipient(noticeId, contractId),
          UpdateExpression: 'SET confirmationClaimedAt = :at',
          ConditionExpression:
            'attribute_exists(decision) AND attribute_not_exists(confirmationMessageId) AND (attribute_not_exists(confirmationClaimedAt) OR confirmationClaimedAt < :stale)',
          ExpressionAttributeValues: { ':at': at, ':stale': staleBefore },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailure(error)) return false;
      throw error;
    }
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
