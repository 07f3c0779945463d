import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { VendorEmailKey, VendorEmailStore } from '../../domain/ports.js';
import { conditionalWrite } from './conditional-write.js';
import { keys } from './keys.js';

const keyOf = (key: VendorEmailKey) => keys.vendorEmail(key.noticeId, key);

/**
 * The permanent record of each e-mail to a vendor's contact address, one item per key under the
 * notice's partition (never deleted: it is what keeps a redelivered event from sending again, and it
 * is evidence of what the vendor was told). Patterns: claim, complete, release, get.
 */
export class VendorEmailRepository implements VendorEmailStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Creates the record on the first claim; later claims win only over a stale one and never after the send. */
  async claim(key: VendorEmailKey, at: string, staleBefore: string): Promise<boolean> {
    const result = await conditionalWrite(this.db, {
      Update: {
        TableName: this.tableName,
        Key: keyOf(key),
        UpdateExpression:
          'SET #type = :type, noticeId = :noticeId, #subject = :subject, claimedAt = :at' +
          ('contractId' in key ? ', contractId = :contractId' : ''),
        ConditionExpression:
          'attribute_not_exists(messageId) AND (attribute_not_exists(claimedAt) OR claimedAt < :stale)',
        ExpressionAttributeNames: { '#type': 'type', '#subject': 'subject' },
        ExpressionAttributeValues: {
          ':type': 'VendorEmail',
          ':noticeId': key.noticeId,
          ':subject': key.subject,
          ':at': at,
          ':stale': staleBefore,
          ...('contractId' in key && { ':contractId': key.contractId }),
        },
      },
    });
    return result.written;
  }

  async complete(
    key: VendorEmailKey,
    sent: { messageId: string; sentAt: string; to: string[]; subject: string; contentSha256: string },
  ): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keyOf(key),
        UpdateExpression:
          'SET messageId = :messageId, sentAt = :sentAt, sentTo = :to, emailSubject = :emailSubject, contentSha256 = :sha',
        ExpressionAttributeValues: {
          ':messageId': sent.messageId,
          ':sentAt': sent.sentAt,
          ':to': sent.to,
          ':emailSubject': sent.subject,
          ':sha': sent.contentSha256,
        },
      }),
    );
  }

  /** A lost condition means another instance took the claim over, or the e-mail was sent: leave it. */
  async release(key: VendorEmailKey, claimedAt: string): Promise<void> {
    await conditionalWrite(this.db, {
      Update: {
        TableName: this.tableName,
        Key: keyOf(key),
        UpdateExpression: 'REMOVE claimedAt',
        ConditionExpression: 'claimedAt = :at AND attribute_not_exists(messageId)',
        ExpressionAttributeValues: { ':at': claimedAt },
      },
    });
  }

  async get(key: VendorEmailKey) {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keyOf(key), ConsistentRead: true }),
    );
    if (Item === undefined) return undefined;
    return {
      ...(typeof Item.messageId === 'string' && { messageId: Item.messageId }),
      ...(typeof Item.sentAt === 'string' && { sentAt: Item.sentAt }),
      ...(Array.isArray(Item.sentTo) && { to: Item.sentTo as string[] }),
      ...(typeof Item.claimedAt === 'string' && { claimedAt: Item.claimedAt }),
    };
  }
}
