import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { NoticeRecipient, Outcome, OutcomeRecord, RecordedDecision } from '../../domain/notice.js';
import type { Page, RecipientStore } from '../../domain/ports.js';
import { isConditionalCheckFailure, transactionCancellationCodes } from './condition-failures.js';
import { keys, withoutTableAttributes } from './keys.js';
import { queryAll } from './query-all.js';

/**
 * One contract's part of a notice. Every state change is a conditional write on this one item, so
 * concurrent triggers (a redelivered event, an objection racing the close) cannot both win:
 * - send: claim (not yet sent, or a stale claim) → SES → complete (same claim);
 * - decide: only while the window is open and before closesAt, once;
 * - close: only once closesAt has passed, and only if the decision is still the one read.
 */
export class RecipientRepository implements RecipientStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** True if created; false if the contract was already part of the notice (a replayed page). */
  async addIfAbsent(recipient: NoticeRecipient): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...recipient, ...keys.recipient(recipient.noticeId, recipient.contractId), type: 'NoticeRecipient' },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailure(error)) return false;
      throw error;
    }
  }

  async get(noticeId: string, contractId: string): Promise<NoticeRecipient | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.recipient(noticeId, contractId), ConsistentRead: true }),
    );
    return Item === undefined ? undefined : withoutTableAttributes<NoticeRecipient>(Item);
  }

  async page(noticeId: string, page: { limit: number; cursor?: string }): Promise<Page<NoticeRecipient>> {
    const { Items = [], LastEvaluatedKey } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.notice(noticeId).pk, ':prefix': keys.recipientPrefix },
        Limit: page.limit,
        ConsistentRead: true,
        ...(page.cursor !== undefined && { ExclusiveStartKey: keys.recipient(noticeId, page.cursor) }),
      }),
    );
    const items = Items.map((item) => withoutTableAttributes<NoticeRecipient>(item));
    const last = items.at(-1);
    return { items, ...(LastEvaluatedKey !== undefined && last !== undefined && { nextCursor: last.contractId }) };
  }

  /**
   * Claims the right to send this contract's e-mail, and stores the hash of the link's token with it.
   * Fails (false) if it was sent, is being sent by a live claim, or the window already closed.
   * A claim older than `staleBefore` is taken over: its sender died between claim and completion.
   */
  async claimForSending(
    noticeId: string,
    contractId: string,
    claim: { id: string; at: string; staleBefore: string; tokenHash?: string },
  ): Promise<boolean> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: keys.recipient(noticeId, contractId),
                UpdateExpression: 'SET delivery = :sending, claimId = :claim, claimedAt = :at',
                ConditionExpression:
                  'windowState IN (:pending, :none) AND (delivery = :queued OR (delivery = :sending AND claimedAt < :stale))',
                ExpressionAttributeValues: {
                  ':sending': 'sending',
                  ':queued': 'queued',
                  ':pending': 'pending',
                  ':none': 'none',
                  ':claim': claim.id,
                  ':at': claim.at,
                  ':stale': claim.staleBefore,
                },
              },
            },
            ...(claim.tokenHash === undefined
              ? []
              : [
                  {
                    Put: {
                      TableName: this.tableName,
                      Item: {
                        ...keys.objectionToken(claim.tokenHash),
                        type: 'ObjectionToken',
                        noticeId,
                        contractId,
                        createdAt: claim.at,
                      },
                      ConditionExpression: 'attribute_not_exists(pk)',
                    },
                  },
                ]),
          ],
        }),
      );
      return true;
    } catch (error) {
      if (transactionCancellationCodes(error)?.includes('ConditionalCheckFailed')) return false;
      throw error;
    }
  }

  /** Records the send under the same claim; opens the window (if any) from the send time. */
  async completeSend(
    noticeId: string,
    contractId: string,
    claimId: string,
    sent: { sesMessageId: string; sentAt: string; closesAt?: string; contentSha256: string },
  ): Promise<void> {
    const opensWindow = sent.closesAt !== undefined;
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: this.tableName,
              Key: keys.recipient(noticeId, contractId),
              UpdateExpression: `SET delivery = :sent, sesMessageId = :mid, sentAt = :at, contentSha256 = :sha${opensWindow ? ', closesAt = :closes, windowState = :open' : ''} REMOVE claimId`,
              // The window may have closed as not-notified meanwhile: then the send is not recorded as notice.
              ConditionExpression: 'claimId = :claim AND windowState IN (:pending, :none)',
              ExpressionAttributeValues: {
                ':pending': 'pending',
                ':none': 'none',
                ':sent': 'sent',
                ':mid': sent.sesMessageId,
                ':at': sent.sentAt,
                ':sha': sent.contentSha256,
                ':claim': claimId,
                ...(opensWindow && { ':closes': sent.closesAt, ':open': 'open' }),
              },
            },
          },
          {
            Put: {
              TableName: this.tableName,
              Item: { ...keys.sesMessage(sent.sesMessageId), type: 'SesMessage', noticeId, contractId },
            },
          },
        ],
      }),
    );
  }

  /** Gives the claim back after a failed send, so a retry can claim again at once. */
  async releaseClaim(noticeId: string, contractId: string, claimId: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.recipient(noticeId, contractId),
          UpdateExpression: 'SET delivery = :queued REMOVE claimId, claimedAt',
          ConditionExpression: 'claimId = :claim',
          ExpressionAttributeValues: { ':queued': 'queued', ':claim': claimId },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw error;
    }
  }

  async findByToken(tokenHash: string): Promise<{ noticeId: string; contractId: string } | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.objectionToken(tokenHash) }),
    );
    return Item === undefined ? undefined : { noticeId: Item.noticeId, contractId: Item.contractId };
  }

  async findBySesMessageId(messageId: string): Promise<{ noticeId: string; contractId: string } | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.sesMessage(messageId) }));
    return Item === undefined ? undefined : { noticeId: Item.noticeId, contractId: Item.contractId };
  }

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

  /**
   * Appends a delivery event and moves the delivery state. A bounce, complaint or rejection sticks:
   * a later "delivered" (for another address of the same contract) does not hide it.
   */
  async recordDeliveryEvent(
    noticeId: string,
    contractId: string,
    event: { type: string; at: string; recipient?: string; detail?: string },
    state: 'delivered' | 'bounced' | 'complained' | 'rejected' | undefined,
  ): Promise<void> {
    const sticky = state === 'bounced' || state === 'complained' || state === 'rejected';
    const setState =
      state === undefined
        ? ''
        : sticky
          ? ', delivery = :state, worstDelivery = :state'
          : ', delivery = if_not_exists(worstDelivery, :state)';
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.recipient(noticeId, contractId),
        UpdateExpression: `SET deliveryEvents = list_append(deliveryEvents, :event)${setState}`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':event': [event], ...(state !== undefined && { ':state': state }) },
      }),
    );
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
