import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { ProcessorStore } from '../../domain/ports.js';
import type { Processor } from '../../domain/registry-entities.js';
import { keys, withoutTableAttributes } from './keys.js';
import { putProfileWithApiKey } from './profile-with-api-key.js';

/** Processor profiles. Patterns: create with API key; get by id (carries the current version number). */
export class ProcessorRepository implements ProcessorStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  create(processor: Processor, apiKeyHash: string): Promise<void> {
    return putProfileWithApiKey(
      this.db,
      this.tableName,
      { key: keys.processor(processor.id), type: 'Processor', attributes: { ...processor } },
      apiKeyHash,
    );
  }

  async get(id: string): Promise<Processor | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.processor(id) }));
    return Item === undefined ? undefined : withoutTableAttributes<Processor>(Item);
  }
}
