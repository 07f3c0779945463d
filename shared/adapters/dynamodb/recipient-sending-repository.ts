import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { NoticeRecipient } from '../../domain/notice.js';
import type { Page } from '../../domain/ports.js';
import { conditionalWrite, oldItemAt } from './conditional-write.js';
import { decodeCursor, nextCursorOf } from './cursor.js';
import { keys, withoutTableAttributes } from './keys.js';
import { recordedSendLookups } from './recipient-lookup-repository.js';

/**
 * A contract's part of a notice, and the claim on sending its e-mail:
 * claim (not yet sent, or a stale claim) → SES → complete (same claim), or release after a failed send.
 */
/** DynamoDB's limit of actions in one TransactWriteItems. */
const TRANSACTION_ACTIONS = 100;

export class RecipientSendingRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Creates the recipients not there yet, 100 per transaction (DynamoDB's limit of actions), each
   * conditional on its absence. A replayed or half-done page cancels a transaction on the recipients
   * that exist: the same transaction is sent again without them. Answers how many it created.
   */
  async addAllIfAbsent(recipients: readonly NoticeRecipient[]): Promise<number> {
    const chunks: NoticeRecipient[][] = [];
    for (let start = 0; start < recipients.length; start += TRANSACTION_ACTIONS) {
      chunks.push(recipients.slice(start, start + TRANSACTION_ACTIONS));
    }
    const created = await Promise.all(chunks.map((chunk) => this.addChunkIfAbsent(chunk)));
    return created.reduce((sum, count) => sum + count, 0);
  }

  private async addChunkIfAbsent(chunk: readonly NoticeRecipient[]): Promise<number> {
    let pending = chunk;
    while (pending.length > 0) {
      const result = await conditionalWrite(this.db, {
        TransactItems: pending.map((recipient) => ({
          Put: {
            TableName: this.tableName,
            Item: {
              ...recipient,
              ...keys.recipient(recipient.noticeId, recipient.contractId),
              // The client's list of its notices (issue 11) reads the recipients through gsi1.
              ...(recipient.publishedAt !== undefined &&
                keys.recipientByClient(
                  recipient.clientId,
                  recipient.publishedAt,
                  recipient.noticeId,
                  recipient.contractId,
                )),
              type: 'NoticeRecipient',
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        })),
      });
      if (result.written) return pending.length;
      const existing = new Set(result.failures.map((failure) => failure.index));
      pending = pending.filter((_, index) => !existing.has(index));
    }
    return 0;
  }

  async get(noticeId: string, contractId: string): Promise<NoticeRecipient | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.recipient(noticeId, contractId), ConsistentRead: true }),
    );
    return Item === undefined ? undefined : withoutTableAttributes<NoticeRecipient>(Item);
  }

  async page(noticeId: string, page: { limit: number; cursor?: string }): Promise<Page<NoticeRecipient>> {
    const partition = keys.notice(noticeId).pk;
    const { Items = [], LastEvaluatedKey } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': partition, ':prefix': keys.recipientPrefix },
        Limit: page.limit,
        ConsistentRead: true,
        ...(page.cursor !== undefined && {
          ExclusiveStartKey: decodeCursor(page.cursor, {
            pk: { equals: partition },
            sk: { prefix: keys.recipientPrefix },
          }),
        }),
      }),
    );
    return {
      items: Items.map((item) => withoutTableAttributes<NoticeRecipient>(item)),
      ...nextCursorOf(LastEvaluatedKey),
    };
  }

  /**
   * Claims the right to send this contract's e-mail, and answers the recipient as claimed (its
   * addresses and notice period), so the sender needs no read before. Undefined if it was sent, is
   * being sent by a live claim, or the window already closed. A claim older than `staleBefore` is
   * taken over: its sender died between claim and completion.
   */
  async claimForSending(
    noticeId: string,
    contractId: string,
    claim: { id: string; at: string; staleBefore: string },
  ): Promise<NoticeRecipient | undefined> {
    const result = await conditionalWrite(this.db, {
      Update: {
        TableName: this.tableName,
        Key: keys.recipient(noticeId, contractId),
        UpdateExpression: 'SET delivery = :sending, claimId = :claim, claimedAt = :at',
        ConditionExpression:
          // A pending resend (its marker) is its own job's to send: see RecipientRecoveryRepository.
          'windowState IN (:pending, :none) AND attribute_not_exists(resendId) AND (delivery = :queued OR (delivery = :sending AND claimedAt < :stale))',
        ExpressionAttributeValues: {
          ':sending': 'sending',
          ':queued': 'queued',
          ':pending': 'pending',
          ':none': 'none',
          ':claim': claim.id,
          ':at': claim.at,
          ':stale': claim.staleBefore,
        },
        ReturnValues: 'ALL_NEW',
      },
    });
    if (!result.written || result.attributes === undefined) return undefined;
    return withoutTableAttributes<NoticeRecipient>(result.attributes);
  }

  /** Records the send under the same claim, with the link's token; opens the window (if any) from the send time. */
  async completeSend(
    noticeId: string,
    contractId: string,
    claimId: string,
    sent: { sesMessageId: string; sentAt: string; closesAt?: string; contentSha256: string; tokenHash?: string },
  ): Promise<void> {
    const opensWindow = sent.closesAt !== undefined;
    const result = await conditionalWrite(this.db, {
      TransactItems: [
        {
          Update: {
            TableName: this.tableName,
            Key: keys.recipient(noticeId, contractId),
            UpdateExpression: `SET delivery = :sent, sesMessageId = :mid, sentAt = :at, contentSha256 = :sha${opensWindow ? ', closesAt = :closes, windowState = :open' : ''}${sent.tokenHash === undefined ? '' : ', tokenHash = :token'} REMOVE claimId`,
            // The window may have closed as not-notified meanwhile: then the send is not recorded as notice.
            ConditionExpression: 'claimId = :claim AND windowState IN (:pending, :none)',
            ExpressionAttributeValues: {
              ':pending': 'pending',
              ':none': 'none',
              ':sent': 'sent',
              ':mid': sent.sesMessageId,
              ':at': sent.sentAt,
              ':sha': sent.contentSha256,
              ':claim': claimId,
              ...(opensWindow && { ':closes': sent.closesAt, ':open': 'open' }),
              // Kept so that a resend can revoke this link (RecipientRecoveryRepository.completeResend).
              ...(sent.tokenHash !== undefined && { ':token': sent.tokenHash }),
            },
          },
        },
        ...recordedSendLookups(this.tableName, noticeId, contractId, sent),
      ],
    });
    if (!result.written) {
      // The claim was taken over (this sender was presumed dead) or the window closed meanwhile: the
      // e-mail went out but cannot count as notice. Failing keeps the job visible (retries, then DLQ).
      const current = oldItemAt(result);
      throw new Error(
        `send of ${noticeId}/${contractId} not recorded: claim ${claimId} lost (window ${String(current?.windowState)}, claim ${String(current?.claimId)})`,
      );
    }
  }

  /** Gives the claim back after a failed send, so a retry can claim again at once. */
  async releaseClaim(noticeId: string, contractId: string, claimId: string): Promise<void> {
    // Lost when another sender took the claim over: it is theirs to complete or release.
    await conditionalWrite(this.db, {
      Update: {
        TableName: this.tableName,
        Key: keys.recipient(noticeId, contractId),
        UpdateExpression: 'SET delivery = :queued REMOVE claimId, claimedAt',
        ConditionExpression: 'claimId = :claim',
        ExpressionAttributeValues: { ':queued': 'queued', ':claim': claimId },
      },
    });
  }
}
