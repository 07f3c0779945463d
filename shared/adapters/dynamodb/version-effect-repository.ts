import { BatchGetCommand, type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ConditionalOutcome, VersionEffectStore, VersionRef } from '../../domain/ports.js';
import { effectRef, type VersionEffect } from '../../domain/version-effect.js';
import { conditionalWrite, oldItemAt } from './conditional-write.js';
import { keys, withoutTableAttributes } from './keys.js';

/** DynamoDB's limit of keys in one BatchGetItem. */
const BATCH_GET_KEYS = 100;

/**
 * When each version takes effect (shared/domain/version-effect.ts). Patterns: get one; get the
 * versions a page of transfers or history names (BatchGetItem); move the projection later (every
 * recorded send); take effect once; claim the SubprocessorChangeEffective publication.
 * An absent item is a scheduled version at its requested time: each write creates it if needed.
 */
export class VersionEffectRepository implements VersionEffectStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(processorId: string, version: number): Promise<VersionEffect | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.versionEffect(processorId, version),
        ConsistentRead: true,
      }),
    );
    return Item === undefined ? undefined : withoutTableAttributes<VersionEffect>(Item);
  }

  async getMany(refs: readonly Pick<VersionRef, 'processorId' | 'version'>[]): Promise<Map<string, VersionEffect>> {
    const unique = [...new Map(refs.map((r) => [effectRef(r.processorId, r.version), r])).values()];
    const found = new Map<string, VersionEffect>();
    const chunks: Record<string, unknown>[][] = [];
    for (let start = 0; start < unique.length; start += BATCH_GET_KEYS) {
      chunks.push(
        unique.slice(start, start + BATCH_GET_KEYS).map((r) => ({ ...keys.versionEffect(r.processorId, r.version) })),
      );
    }
    await Promise.all(
      chunks.map(async (chunk) => {
        let pending = chunk;
        // Unprocessed keys come back under throttling: ask again for those only.
        while (pending.length > 0) {
          const { Responses, UnprocessedKeys } = await this.db.send(
            new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: pending } } }),
          );
          for (const item of Responses?.[this.tableName] ?? []) {
            const effect = withoutTableAttributes<VersionEffect>(item);
            found.set(effectRef(effect.processorId, effect.version), effect);
          }
          pending = UnprocessedKeys?.[this.tableName]?.Keys ?? [];
        }
      }),
    );
    return found;
  }

  async extendProjection(ref: VersionRef, closesAt: string): Promise<'extended' | 'unchanged' | 'settled'> {
    const result = await conditionalWrite(this.db, {
      Update: {
        TableName: this.tableName,
        Key: keys.versionEffect(ref.processorId, ref.version),
        UpdateExpression:
          'SET processorId = :pid, version = :v, #state = :scheduled, requestedEffectiveAt = if_not_exists(requestedEffectiveAt, :requested), effectiveAt = :closes, #type = :type',
        // Later only, and only while scheduled: an effective or withdrawn version keeps its time.
        ConditionExpression:
          '(attribute_not_exists(pk) AND :closes > :requested) OR (#state = :scheduled AND effectiveAt < :closes)',
        ExpressionAttributeNames: { '#state': 'state', '#type': 'type' },
        ExpressionAttributeValues: {
          ':pid': ref.processorId,
          ':v': ref.version,
          ':scheduled': 'scheduled',
          ':requested': ref.requestedEffectiveAt,
          ':closes': closesAt,
          ':type': 'VersionEffect',
        },
      },
    });
    if (result.written) return 'extended';
    const current = oldItemAt(result);
    return current === undefined || current.state === 'scheduled' ? 'unchanged' : 'settled';
  }

  async takeEffect(
    ref: VersionRef,
    effectiveAt: string,
    recordedAt: string,
  ): Promise<ConditionalOutcome<VersionEffect>> {
    const result = await conditionalWrite(this.db, {
      Update: {
        TableName: this.tableName,
        Key: keys.versionEffect(ref.processorId, ref.version),
        UpdateExpression:
          'SET processorId = :pid, version = :v, #state = :effective, requestedEffectiveAt = if_not_exists(requestedEffectiveAt, :requested), effectiveAt = :at, recordedAt = :recorded, effectiveEventPublished = :false, #type = :type',
        ConditionExpression: 'attribute_not_exists(pk) OR #state = :scheduled',
        ExpressionAttributeNames: { '#state': 'state', '#type': 'type' },
        ExpressionAttributeValues: {
          ':pid': ref.processorId,
          ':v': ref.version,
          ':effective': 'effective',
          ':scheduled': 'scheduled',
          ':requested': ref.requestedEffectiveAt,
          ':at': effectiveAt,
          ':recorded': recordedAt,
          ':false': false,
          ':type': 'VersionEffect',
        },
      },
    });
    if (result.written) return { written: true };
    const current = oldItemAt(result);
    return { written: false, current: current === undefined ? undefined : withoutTableAttributes(current) };
  }

  async claimEffectiveEvent(processorId: string, version: number, at: string, staleBefore: string): Promise<boolean> {
    const result = await conditionalWrite(this.db, {
      Update: {
        TableName: this.tableName,
        Key: keys.versionEffect(processorId, version),
        UpdateExpression: 'SET effectiveEventClaimedAt = :at',
        ConditionExpression:
          '#state = :effective AND effectiveEventPublished = :false AND (attribute_not_exists(effectiveEventClaimedAt) OR effectiveEventClaimedAt < :stale)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':at': at, ':effective': 'effective', ':false': false, ':stale': staleBefore },
      },
    });
    return result.written;
  }

  async markEffectiveEventPublished(processorId: string, version: number): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.versionEffect(processorId, version),
        UpdateExpression: 'SET effectiveEventPublished = :true',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':true': true },
      }),
    );
  }
}
