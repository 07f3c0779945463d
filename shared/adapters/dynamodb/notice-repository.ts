import { type DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Notice } from '../../domain/notice.js';
import type {
  ConditionalOutcome,
  NoticeStore,
  OpenNoticeRef,
  OutcomeCounts,
  Page,
  StoredNotice,
} from '../../domain/ports.js';
import { conditionalWrite, oldItemAt } from './conditional-write.js';
import { decodeCursor, nextCursorOf } from './cursor.js';
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
    const result = await conditionalWrite(this.db, {
      Put: {
        TableName: this.tableName,
        Item: {
          ...notice,
          ...keys.notice(notice.id),
          ...keys.noticeByProcessor(notice.processorId, notice.version),
          ...(firstCloseCheckAt !== undefined && keys.openNotice(firstCloseCheckAt)),
          type: 'Notice',
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
    return result.written;
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

  /** A processor's notices, newest version first (gsi1). */
  async listForProcessor(processorId: string, page: { limit: number; cursor?: string }): Promise<Page<Notice>> {
    const partition = keys.noticesOfProcessor(processorId);
    const { Items = [], LastEvaluatedKey } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': partition },
        ScanIndexForward: false,
        Limit: page.limit,
        ...(page.cursor !== undefined && {
          ExclusiveStartKey: decodeCursor(page.cursor, {
            gsi1pk: { equals: partition },
            gsi1sk: { prefix: keys.noticeVersionPrefix },
            pk: { prefix: keys.noticePrefix },
            sk: { equals: keys.noticeSortKey },
          }),
        }),
      }),
    );
    return { items: Items.map((item) => withoutTableAttributes<Notice>(item)), ...nextCursorOf(LastEvaluatedKey) };
  }

  /**
   * Moves the notice's next close check (gsi2sk, which the sweep reads) earlier, never later: fan-out
   * pages run in any order, and a page of short notice periods must not be pushed back by a later page
   * of long ones. A check due by `dueBy` is replaced whatever `at` is (the close pass re-arms). No-op once
   * the notice is closed, or when the stored check is already earlier.
   */
  async setNextCloseCheck(noticeId: string, at: string, dueBy?: string): Promise<void> {
    await conditionalWrite(this.db, {
      Update: {
        TableName: this.tableName,
        Key: keys.notice(noticeId),
        UpdateExpression: 'SET gsi2pk = :pk, gsi2sk = :at',
        ConditionExpression: `#state = :open AND (attribute_not_exists(gsi2sk) OR gsi2sk > :at${dueBy === undefined ? '' : ' OR gsi2sk <= :dueBy'})`,
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':pk': keys.openNoticePartition,
          ':at': at,
          ':open': 'open',
          ...(dueBy !== undefined && { ':dueBy': dueBy }),
        },
      },
    });
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

  /**
   * Every open notice, oldest next check first (the sparse gsi2 partition the sweep reads, whatever the
   * time of the check): only the fields a reminder pass starts from.
   */
  async openNotices(page: { limit: number; cursor?: string }): Promise<Page<OpenNoticeRef>> {
    const { Items = [], LastEvaluatedKey } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.openNoticePartition },
        ProjectionExpression: '#id, processorId, #kind',
        ExpressionAttributeNames: { '#id': 'id', '#kind': 'kind' },
        Limit: page.limit,
        ...(page.cursor !== undefined && {
          ExclusiveStartKey: decodeCursor(page.cursor, {
            gsi2pk: { equals: keys.openNoticePartition },
            gsi2sk: { prefix: '' },
            pk: { prefix: keys.noticePrefix },
            sk: { equals: keys.noticeSortKey },
          }),
        }),
      }),
    );
    return {
      items: Items.map((item) => ({
        id: item.id as string,
        processorId: item.processorId as string,
        kind: item.kind as OpenNoticeRef['kind'],
      })),
      ...nextCursorOf(LastEvaluatedKey),
    };
  }

  /** Written if this call closed the notice (the caller then publishes the close event); else the notice as it is. */
  async close(noticeId: string, closedAt: string, counts: OutcomeCounts): Promise<ConditionalOutcome<StoredNotice>> {
    const result = await conditionalWrite(this.db, {
      Update: {
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
      },
    });
    if (result.written) return result;
    const current = oldItemAt(result);
    return {
      written: false,
      current: current === undefined ? undefined : withoutTableAttributes<StoredNotice>(current),
    };
  }

  /**
   * Claims the publication of ObjectionWindowClosed, so concurrent close passes publish it once; a
   * claim older than `staleBefore` is taken over (its holder died before publishing).
   */
  async claimClosedEvent(noticeId: string, at: string, staleBefore: string): Promise<boolean> {
    const result = await conditionalWrite(this.db, {
      Update: {
        TableName: this.tableName,
        Key: keys.notice(noticeId),
        UpdateExpression: 'SET closedEventClaimedAt = :at',
        ConditionExpression:
          '#state = :closed AND closedEventPublished = :false AND (attribute_not_exists(closedEventClaimedAt) OR closedEventClaimedAt < :stale)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':at': at, ':closed': 'closed', ':false': false, ':stale': staleBefore },
      },
    });
    return result.written;
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

  /**
   * Withdraws an open or closed notice: state `withdrawn`, off the sweep's index (gsi2), so no close
   * pass finds it again. ReturnValues gives the notice as written, or as it stood (withdrawn already).
   */
  async markWithdrawn(noticeId: string, at: string, byVersion: number): Promise<StoredNotice | undefined> {
    const result = await conditionalWrite(this.db, {
      Update: {
        TableName: this.tableName,
        Key: keys.notice(noticeId),
        UpdateExpression:
          'SET #state = :withdrawn, withdrawnAt = :at, withdrawnByVersion = :by, withdrawnEventPublished = :false REMOVE gsi2pk, gsi2sk',
        ConditionExpression: '#state IN (:open, :closed)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':withdrawn': 'withdrawn',
          ':open': 'open',
          ':closed': 'closed',
          ':at': at,
          ':by': byVersion,
          ':false': false,
        },
        ReturnValues: 'ALL_NEW',
      },
    });
    const item = result.written ? result.attributes : oldItemAt(result);
    return item === undefined ? undefined : withoutTableAttributes<StoredNotice>(item);
  }

  /** The counts of a withdrawn notice (every pass computes the same figures once its windows are closed). */
  async recordWithdrawnCounts(noticeId: string, counts: OutcomeCounts): Promise<void> {
    await conditionalWrite(this.db, {
      Update: {
        TableName: this.tableName,
        Key: keys.notice(noticeId),
        UpdateExpression: 'SET counts = :counts',
        ConditionExpression: '#state = :withdrawn',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':counts': counts, ':withdrawn': 'withdrawn' },
      },
    });
  }

  async markWithdrawnEventPublished(noticeId: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.notice(noticeId),
        UpdateExpression: 'SET withdrawnEventPublished = :true',
        ExpressionAttributeValues: { ':true': true },
      }),
    );
  }
}
