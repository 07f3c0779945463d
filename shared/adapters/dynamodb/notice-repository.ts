import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Notice } from '../../domain/notice.js';
import type { NoticeStore, OutcomeCounts, Page, StoredNotice } from '../../domain/ports.js';
import { isConditionalCheckFailure } from './condition-failures.js';
import { keys, withoutTableAttributes } from './keys.js';

/**
 * Notices. Patterns: open once per (processor, version); get; notices of a processor (gsi1);
 * open notices whose next window is due (gsi2, sparse); close once.
 */
export class NoticeRepository implements NoticeStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** True if this call opened the notice; false if it was open already (a redelivered event). */
  async open(notice: Notice, firstCloseCheckAt: string | undefined): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...notice,
            ...keys.notice(notice.id),
            ...keys.noticeByProcessor(notice.processorId, notice.version),
            ...(firstCloseCheckAt !== undefined && keys.openNotice(firstCloseCheckAt)),
            type: 'Notice',
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailure(error)) return false;
      throw error;
    }
  }

  async get(noticeId: string): Promise<StoredNotice | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.notice(noticeId) }));
    return Item === undefined ? undefined : withoutTableAttributes(Item);
  }

  async markFanOutStarted(noticeId: string, at: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.notice(noticeId),
        UpdateExpression: 'SET fanOutStartedAt = if_not_exists(fanOutStartedAt, :at)',
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  }

  async listForProcessor(processorId: string, page: { limit: number; cursor?: string }): Promise<Page<Notice>> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: page.cursor === undefined ? 'gsi1pk = :pk' : 'gsi1pk = :pk AND gsi1sk < :before',
        ExpressionAttributeValues: {
          ':pk': keys.noticesOfProcessor(processorId),
          ...(page.cursor !== undefined && {
            ':before': keys.noticeByProcessor(processorId, Number(page.cursor)).gsi1sk,
          }),
        },
        ScanIndexForward: false,
        Limit: page.limit,
      }),
    );
    const items = Items.map((item) => withoutTableAttributes<Notice>(item));
    const last = items.at(-1);
    return { items, ...(items.length === page.limit && last !== undefined && { nextCursor: String(last.version) }) };
  }

  /** Moves the notice's next close check (the sweep reads it); no-op once the notice is closed. */
  async setNextCloseCheck(noticeId: string, at: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.notice(noticeId),
          UpdateExpression: 'SET gsi2pk = :pk, gsi2sk = :at',
          ConditionExpression: '#state = :open',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':pk': keys.openNoticePartition, ':at': at, ':open': 'open' },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw error;
    }
  }

  /** Notices with a window due for closing at `now`, oldest first. */
  async dueForClosing(now: string, limit = 100): Promise<string[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk <= :now',
        ExpressionAttributeValues: { ':pk': keys.openNoticePartition, ':now': now },
        Limit: limit,
      }),
    );
    return Items.map((item) => item.id as string);
  }

  /** True if this call closed the notice; the caller then publishes the close event. */
  async close(noticeId: string, closedAt: string, counts: OutcomeCounts): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.notice(noticeId),
          UpdateExpression:
            'SET #state = :closed, closedAt = :at, counts = :counts, closedEventPublished = :false REMOVE gsi2pk, gsi2sk',
          ConditionExpression: '#state = :open',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':closed': 'closed',
            ':open': 'open',
            ':at': closedAt,
            ':counts': counts,
            ':false': false,
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailure(error)) return false;
      throw error;
    }
  }

  /**
   * Claims the publication of ObjectionWindowClosed, so concurrent close passes publish it once; a
   * claim older than `staleBefore` is taken over (its holder died before publishing).
   */
  async claimClosedEvent(noticeId: string, at: string, staleBefore: string): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.notice(noticeId),
          UpdateExpression: 'SET closedEventClaimedAt = :at',
          ConditionExpression:
            '#state = :closed AND closedEventPublished = :false AND (attribute_not_exists(closedEventClaimedAt) OR closedEventClaimedAt < :stale)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':at': at, ':closed': 'closed', ':false': false, ':stale': staleBefore },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailure(error)) return false;
      throw error;
    }
  }

  async markClosedEventPublished(noticeId: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.notice(noticeId),
        UpdateExpression: 'SET closedEventPublished = :true',
        ExpressionAttributeValues: { ':true': true },
      }),
    );
  }
}
