import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ReminderKey, ReminderStore, SentReminder } from '../../domain/ports.js';
import { conditionalWrite, oldItemAt } from './conditional-write.js';
import { keys } from './keys.js';
import { claimSendRecord, releaseSendRecord } from './send-record.js';

const keyOf = (key: ReminderKey) => keys.reminder(key.noticeId, key.contractId);

/**
 * The permanent record of each reminder, one item per (notice, contract) in the notice's partition
 * (never deleted: it keeps a repeated trigger from sending again, and it is evidence of what the client
 * was told and when). Patterns: claim, complete (with the link's token item), release, the reminders
 * of a page of contracts (Query on the notice's partition, sort keys between two contracts); and the
 * notice's next reminder check (one item, `REMINDERCHECK`, read by every pass).
 */
export class ReminderRepository implements ReminderStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async claim(key: ReminderKey, at: string, staleBefore: string): Promise<boolean> {
    const about = { type: 'Reminder', noticeId: key.noticeId, contractId: key.contractId };
    return claimSendRecord(this.db, this.tableName, keyOf(key), about, at, staleBefore);
  }

  /**
   * One transaction: the send recorded under the claim, the link's token item (its SHA-256 leads to the
   * same notice and contract as the first e-mail's token, which stays), and the token's hash noted on
   * the recipient. Throws if the claim was taken over meanwhile (this pass was presumed dead) or a resend
   * superseded the e-mail: the reminder went out, its link leads nowhere, and no record says it was sent.
   */
  async complete(
    key: ReminderKey,
    claimedAt: string,
    { attemptSentAt, ...sent }: SentReminder & { tokenHash: string; attemptSentAt: string },
  ): Promise<void> {
    const result = await conditionalWrite(this.db, {
      TransactItems: [
        {
          Update: {
            TableName: this.tableName,
            Key: keyOf(key),
            UpdateExpression:
              'SET messageId = :messageId, sentAt = :sentAt, sentTo = :to, contentSha256 = :sha, closesAt = :closesAt, tokenHash = :token',
            ConditionExpression: 'claimedAt = :claimedAt AND attribute_not_exists(messageId)',
            ExpressionAttributeValues: {
              ':messageId': sent.messageId,
              ':sentAt': sent.sentAt,
              ':to': sent.to,
              ':sha': sent.contentSha256,
              ':closesAt': sent.closesAt,
              ':token': sent.tokenHash,
              ':claimedAt': claimedAt,
            },
          },
        },
        {
          Put: {
            TableName: this.tableName,
            Item: {
              ...keys.objectionToken(sent.tokenHash),
              type: 'ObjectionToken',
              noticeId: key.noticeId,
              contractId: key.contractId,
              createdAt: sent.sentAt,
              via: 'reminder',
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        // Noted on the recipient, so that a resend of its e-mail revokes this link with the first one;
        // only while its e-mail is the one the reminder followed (a resend since makes this one moot).
        {
          Update: {
            TableName: this.tableName,
            Key: keys.recipient(key.noticeId, key.contractId),
            UpdateExpression: 'SET reminderTokenHash = :token',
            ConditionExpression: 'sentAt = :attemptSentAt',
            ExpressionAttributeValues: { ':token': sent.tokenHash, ':attemptSentAt': attemptSentAt },
          },
        },
      ],
    });
    if (!result.written) {
      const current = oldItemAt(result);
      throw new Error(
        `reminder of ${key.noticeId}/${key.contractId} not recorded: claim ${claimedAt} lost (claim ${String(current?.claimedAt)})`,
      );
    }
  }

  /** A lost condition means another pass took the claim over, or the reminder was sent: leave it. */
  async release(key: ReminderKey, claimedAt: string): Promise<void> {
    await releaseSendRecord(this.db, this.tableName, keyOf(key), claimedAt);
  }

  async sentFor(noticeId: string, firstContractId: string, lastContractId: string): Promise<SentReminder[]> {
    const reminders: SentReminder[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const { Items = [], LastEvaluatedKey } = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :last',
          FilterExpression: 'attribute_exists(messageId)',
          ExpressionAttributeValues: {
            ':pk': keys.reminder(noticeId, firstContractId).pk,
            ':first': keys.reminder(noticeId, firstContractId).sk,
            ':last': keys.reminder(noticeId, lastContractId).sk,
          },
          ConsistentRead: true,
          ...(startKey !== undefined && { ExclusiveStartKey: startKey }),
        }),
      );
      for (const item of Items) {
        reminders.push({
          contractId: item.contractId as string,
          messageId: item.messageId as string,
          sentAt: item.sentAt as string,
          to: item.sentTo as string[],
          contentSha256: item.contentSha256 as string,
          closesAt: item.closesAt as string,
        });
      }
      startKey = LastEvaluatedKey;
    } while (startKey !== undefined);
    return reminders;
  }

  async nextCheck(noticeId: string): Promise<string | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.reminderCheck(noticeId), ConsistentRead: true }),
    );
    return typeof Item?.nextCheckAt === 'string' ? Item.nextCheckAt : undefined;
  }

  /** Unconditional: the last pass computed it from the table as it then was, and a day bounds any error. */
  async setNextCheck(noticeId: string, at: string): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.reminderCheck(noticeId), type: 'ReminderCheck', noticeId, nextCheckAt: at },
      }),
    );
  }
}
