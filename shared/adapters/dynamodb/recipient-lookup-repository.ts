import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from './keys.js';

/** The items that lead back to a recipient: the hash of an objection link's token, an SES message id. */
export class RecipientLookupRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async findByToken(tokenHash: string): Promise<{ noticeId: string; contractId: string } | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.objectionToken(tokenHash) }),
    );
    // A link revoked by a resend is unknown, like any other token (recipient-recovery-repository.ts).
    return Item === undefined || Item.revokedAt !== undefined
      ? undefined
      : { noticeId: Item.noticeId, contractId: Item.contractId };
  }

  async findBySesMessageId(messageId: string): Promise<{ noticeId: string; contractId: string } | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.sesMessage(messageId) }));
    return Item === undefined ? undefined : { noticeId: Item.noticeId, contractId: Item.contractId };
  }
}
