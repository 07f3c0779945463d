import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, PayloadTooLargeError, PreconditionFailedError } from '../../domain/errors.js';
import type { ListVersionStore, Page } from '../../domain/ports.js';
import type { ListVersion, ListVersionSummary } from '../../domain/registry-entities.js';
import { conditionalWrite } from './conditional-write.js';
import { decodeCursor, nextCursorOf } from './cursor.js';
import { itemBytes, MAX_ITEM_BYTES } from './item-size.js';
import { keys, withoutTableAttributes } from './keys.js';

/** Summary attributes: everything but the list itself, so history pages stay small. */
const SUMMARY_ATTRIBUTES = [
  'processorId',
  'processorName',
  'version',
  'changes',
  'baseline',
  'needsObjectionWindow',
  'warnings',
  'publishedAt',
  'effectiveAt',
  'rulesVersion',
  'contentSha256',
  'withdraws',
];

/**
 * Sub-processor list versions, one immutable item each (the 400 KB item limit bounds one list, not
 * the history). Patterns: get a version; latest version; history newest first; publish.
 */
export class ListVersionRepository implements ListVersionStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(processorId: string, version: number): Promise<ListVersion | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.listVersion(processorId, version) }),
    );
    return Item === undefined ? undefined : withoutTableAttributes<ListVersion>(Item);
  }

  async latest(processorId: string): Promise<ListVersion | undefined> {
    const { Items } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.processor(processorId).pk, ':prefix': keys.listVersionPrefix },
        ScanIndexForward: false,
        Limit: 1,
      }),
    );
    const item = Items?.[0];
    return item === undefined ? undefined : withoutTableAttributes<ListVersion>(item);
  }

  /** Version summaries, newest first. */
  async history(processorId: string, page: { limit: number; cursor?: string }): Promise<Page<ListVersionSummary>> {
    const partition = keys.processor(processorId).pk;
    const { Items = [], LastEvaluatedKey } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': partition, ':prefix': keys.listVersionPrefix },
        ExpressionAttributeNames: Object.fromEntries(SUMMARY_ATTRIBUTES.map((a) => [`#${a}`, a])),
        ProjectionExpression: SUMMARY_ATTRIBUTES.map((a) => `#${a}`).join(', '),
        ScanIndexForward: false,
        Limit: page.limit,
        ...(page.cursor !== undefined && {
          ExclusiveStartKey: decodeCursor(page.cursor, {
            pk: { equals: partition },
            sk: { prefix: keys.listVersionPrefix },
          }),
        }),
      }),
    );
    return { items: Items.map((item) => item as ListVersionSummary), ...nextCursorOf(LastEvaluatedKey) };
  }

  /**
   * The withdrawn version's effect, in the withdrawal's transaction: `withdrawn` only while it is still
   * scheduled, so the close pass cannot make it take effect at the same time (version-effect.ts).
   */
  private markWithdrawn(processorId: string, version: number, requestedEffectiveAt: string) {
    return {
      Update: {
        TableName: this.tableName,
        Key: keys.versionEffect(processorId, version),
        UpdateExpression:
          'SET processorId = :pid, version = :v, #state = :withdrawn, requestedEffectiveAt = if_not_exists(requestedEffectiveAt, :requested), effectiveAt = if_not_exists(effectiveAt, :requested), #type = :type',
        ConditionExpression: 'attribute_not_exists(pk) OR #state = :scheduled',
        ExpressionAttributeNames: { '#state': 'state', '#type': 'type' },
        ExpressionAttributeValues: {
          ':pid': processorId,
          ':v': version,
          ':withdrawn': 'withdrawn',
          ':scheduled': 'scheduled',
          ':requested': requestedEffectiveAt,
          ':type': 'VersionEffect',
        },
      },
    };
  }

  /**
   * Throws PayloadTooLargeError (413), before writing anything, when the version item (the list and
   * its change record, which holds every changed field before and after) passes DynamoDB's item limit.
   */
  async publish(
    version: ListVersion,
    expectedCurrent: number | undefined,
    withdrawn?: ListVersionSummary,
  ): Promise<void> {
    const item = { ...version, ...keys.listVersion(version.processorId, version.version), type: 'ListVersion' };
    const bytes = itemBytes(item);
    if (bytes > MAX_ITEM_BYTES) {
      const message = `subprocessors: this version would be stored as ${Math.ceil(bytes / 1024)} KB (the list plus its change record, every changed field before and after); a version is stored in one item of at most ${MAX_ITEM_BYTES / 1024} KB — publish the change in smaller steps`;
      throw new PayloadTooLargeError(message, [{ path: 'subprocessors', rule: 'stored-version-size', message }]);
    }
    const result = await conditionalWrite(this.db, {
      TransactItems: [
        {
          Put: {
            TableName: this.tableName,
            Item: item,
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Update: {
            TableName: this.tableName,
            Key: keys.processor(version.processorId),
            UpdateExpression: 'SET currentVersion = :next',
            ConditionExpression:
              expectedCurrent === undefined
                ? 'attribute_exists(pk) AND attribute_not_exists(currentVersion)'
                : 'currentVersion = :expected',
            ExpressionAttributeValues: {
              ':next': version.version,
              ...(expectedCurrent !== undefined && { ':expected': expectedCurrent }),
            },
          },
        },
        ...(withdrawn === undefined
          ? []
          : [this.markWithdrawn(version.processorId, withdrawn.version, withdrawn.effectiveAt)]),
      ],
    });
    if (!result.written && result.failures.some((failure) => failure.index === 2)) {
      throw new ConflictError(
        `version ${version.withdraws} took effect meanwhile: a change in force cannot be withdrawn; publish a new list instead`,
      );
    }
    if (!result.written) {
      throw new PreconditionFailedError(
        `If-Match: version "${expectedCurrent ?? 'none'}" is stale; another change was published meanwhile — read the list again`,
      );
    }
  }
}
