import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { NoticeRecipient } from '../../domain/notice.js';
import type { ClientNoticeStore, Page } from '../../domain/ports.js';
import { queryFilledPage } from './filled-page.js';
import { keys, withoutTableAttributes } from './keys.js';

/**
 * A client's notices: the recipients naming its contracts, through gsi1 `CLIENT#<id>#NOTICES`
 * (written with each recipient at fan-out), newest notice first. Open windows are filtered by
 * DynamoDB (window open, deadline ahead); which contracts count (the confirmed ones) is decided per
 * request, because a client may confirm or dispute a contract at any time.
 */
export class ClientNoticeRepository implements ClientNoticeStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async pageForClient(
    clientId: string,
    page: { contractIds: ReadonlySet<string>; openAt?: string; limit: number; cursor?: string },
  ): Promise<Page<NoticeRecipient>> {
    if (page.contractIds.size === 0) return { items: [] };
    const partition = keys.noticesOfClient(clientId);
    return queryFilledPage(
      this.db,
      {
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ScanIndexForward: false,
        ...(page.openAt === undefined
          ? { ExpressionAttributeValues: { ':pk': partition } }
          : {
              FilterExpression: 'windowState = :open AND closesAt > :now',
              ExpressionAttributeValues: { ':pk': partition, ':open': 'open', ':now': page.openAt },
            }),
      },
      page,
      {
        pk: { prefix: keys.noticePrefix },
        sk: { prefix: keys.recipientPrefix },
        gsi1pk: { equals: partition },
        gsi1sk: { prefix: keys.noticeVersionPrefix },
      },
      (item) => withoutTableAttributes<NoticeRecipient>(item),
      (recipient) => page.contractIds.has(recipient.contractId),
    );
  }
}
