import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from './keys.js';

/**
 * The lookup items a recorded send writes in its transaction: SES message id → recipient (delivery
 * events find it), and the link's token hash → recipient. The link works once the send is recorded:
 * the link of an e-mail whose send was never recorded (its sender died; another sender sent a new one)
 * leads nowhere.
 */
export function recordedSendLookups(
  tableName: string,
  noticeId: string,
  contractId: string,
  sent: { sesMessageId: string; sentAt: string; tokenHash?: string },
) {
  return [
    {
      Put: {
        TableName: tableName,
        Item: { ...keys.sesMessage(sent.sesMessageId), type: 'SesMessage', noticeId, contractId },
      },
    },
    ...(sent.tokenHash === undefined
      ? []
      : [
          {
            Put: {
              TableName: tableName,
              Item: {
                ...keys.objectionToken(sent.tokenHash),
                type: 'ObjectionToken',
                noticeId,
                contractId,
                createdAt: sent.sentAt,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ]),
  ];
}

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
