import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { VendorEmailKey, VendorEmailStore } from '../../domain/ports.js';
import { keys } from './keys.js';
import { claimSendRecord, releaseSendRecord } from './send-record.js';

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

  async claim(key: VendorEmailKey, at: string, staleBefore: string): Promise<boolean> {
    const about = {
      type: 'VendorEmail',
      noticeId: key.noticeId,
      subject: key.subject,
      ...('contractId' in key && { contractId: key.contractId }),
    };
    return claimSendRecord(this.db, this.tableName, keyOf(key), about, at, staleBefore);
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
    await releaseSendRecord(this.db, this.tableName, keyOf(key), claimedAt);
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
