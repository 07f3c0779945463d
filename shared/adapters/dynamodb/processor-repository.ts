import { BatchGetCommand, type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { IssuedApiKey } from '../../domain/api-key.js';
import type { ProcessorProfileStore, ProcessorStore } from '../../domain/ports.js';
import type { ProcessorProfilePatch } from '../../domain/processor-profile.js';
import type { ListVersion, Processor } from '../../domain/registry-entities.js';
import { conditionalWrite } from './conditional-write.js';
import { keys, withoutTableAttributes } from './keys.js';
import { putProfileWithApiKey } from './profile-with-api-key.js';

/** The fields a vendor may change; nothing else of the item (id, key link, current version) is writable. */
const PROFILE_FIELDS = ['name', 'address', 'contactEmail', 'reminderDaysBefore', 'defaultLanguage'] as const;

/**
 * Processor profiles. Patterns: create with API key; get by id (carries the current version number);
 * update the profile's own fields.
 */
export class ProcessorRepository implements ProcessorStore, ProcessorProfileStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  create(processor: Processor, apiKey: IssuedApiKey): Promise<void> {
    return putProfileWithApiKey(
      this.db,
      this.tableName,
      { key: keys.processor(processor.id), type: 'Processor', attributes: { ...processor } },
      apiKey,
    );
  }

  /**
   * One BatchGetItem for the profile (which carries the current version number) and the version the
   * caller expects to be current (its If-Match), instead of two reads one after the other.
   */
  async getWithVersion(
    id: string,
    version: number | undefined,
  ): Promise<{ processor: Processor | undefined; version: ListVersion | undefined }> {
    const items: Record<string, unknown>[] = [];
    let pending: Record<string, unknown>[] = [
      { ...keys.processor(id) },
      ...(version === undefined ? [] : [{ ...keys.listVersion(id, version) }]),
    ];
    // Unprocessed keys come back under throttling: ask again for those only.
    while (pending.length > 0) {
      const { Responses, UnprocessedKeys } = await this.db.send(
        new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: true } } }),
      );
      items.push(...(Responses?.[this.tableName] ?? []));
      pending = UnprocessedKeys?.[this.tableName]?.Keys ?? [];
    }
    const find = (key: { pk: string; sk: string }) => items.find((item) => item.pk === key.pk && item.sk === key.sk);
    const profile = find(keys.processor(id));
    const stored = version === undefined ? undefined : find(keys.listVersion(id, version));
    return {
      processor: profile === undefined ? undefined : withoutTableAttributes<Processor>(profile),
      version: stored === undefined ? undefined : withoutTableAttributes<ListVersion>(stored),
    };
  }

  async get(id: string): Promise<Processor | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.processor(id) }));
    return Item === undefined ? undefined : withoutTableAttributes<Processor>(Item);
  }

  /**
   * One UpdateItem: a SET or REMOVE per field sent, on an existing profile only, returning the item as
   * written. Fields not sent are not part of the write, so a concurrent change of another field stays.
   */
  async updateProfile(id: string, patch: ProcessorProfilePatch, updatedAt: string): Promise<Processor | undefined> {
    const set: string[] = ['updatedAt = :updatedAt'];
    const remove: string[] = [];
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':updatedAt': updatedAt };
    for (const field of PROFILE_FIELDS) {
      const value = patch[field];
      if (value === undefined) continue;
      names[`#${field}`] = field;
      if (value === null) remove.push(`#${field}`);
      else {
        set.push(`#${field} = :${field}`);
        values[`:${field}`] = value;
      }
    }
    const result = await conditionalWrite(this.db, {
      Update: {
        TableName: this.tableName,
        Key: keys.processor(id),
        UpdateExpression: `SET ${set.join(', ')}${remove.length > 0 ? ` REMOVE ${remove.join(', ')}` : ''}`,
        ConditionExpression: 'attribute_exists(pk)',
        ...(Object.keys(names).length > 0 && { ExpressionAttributeNames: names }),
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      },
    });
    if (!result.written || result.attributes === undefined) return undefined;
    return withoutTableAttributes<Processor>(result.attributes);
  }
}
