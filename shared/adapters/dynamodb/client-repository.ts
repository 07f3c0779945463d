import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { IssuedApiKey } from '../../domain/api-key.js';
import type { ClientStore } from '../../domain/ports.js';
import type { Client } from '../../domain/registry-entities.js';
import { keys, withoutTableAttributes } from './keys.js';
import { putProfileWithApiKey } from './profile-with-api-key.js';

/** Client (controller) profiles. Patterns: create with API key; get by id. */
export class ClientRepository implements ClientStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  create(client: Client, apiKey: IssuedApiKey): Promise<void> {
    return putProfileWithApiKey(
      this.db,
      this.tableName,
      { key: keys.client(client.id), type: 'Client', attributes: { ...client } },
      apiKey,
    );
  }

  async get(id: string): Promise<Client | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.client(id) }));
    return Item === undefined ? undefined : withoutTableAttributes<Client>(Item);
  }
}
