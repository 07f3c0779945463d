import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Principal } from '../../domain/api-key.js';
import type { ApiKeyStore } from '../../domain/ports.js';
import { keys } from './keys.js';

/** API key hashes. Pattern: principal by key hash (one GetItem per authenticated request). */
export class ApiKeyRepository implements ApiKeyStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async findPrincipal(apiKeyHash: string): Promise<Principal | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.apiKey(apiKeyHash) }));
    if (Item === undefined) return undefined;
    if (Item.principalType === 'processor') return { type: 'processor', id: Item.principalId };
    if (Item.principalType === 'client') return { type: 'client', id: Item.principalId };
    return undefined;
  }
}
