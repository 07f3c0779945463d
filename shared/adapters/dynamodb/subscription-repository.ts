import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type {
  Page,
  SubscriptionEmailRef,
  SubscriptionEmailStore,
  SubscriptionStore,
  SubscriptionTokenPurpose,
} from '../../domain/ports.js';
import {
  emptyCounts,
  SUBSCRIPTION_STATES,
  type Subscription,
  type SubscriptionCounts,
} from '../../domain/subscription.js';
import type { Language } from '../../i18n/language.js';
import { conditionalWrite } from './conditional-write.js';
import { decodeCursor, nextCursorOf } from './cursor.js';
import { keys, withoutTableAttributes } from './keys.js';
import { claimSendRecord, releaseSendRecord } from './send-record.js';

/**
 * E-mail subscriptions (issue 13, item 3). Items: the subscription in its processor's partition
 * (`SUBSCRIPTION#<address>`), one token item per link handed out (`SUBTOKEN#<sha256>`, the token's
 * hash only), the permanent record of each information e-mail (`SUBEMAIL#<version>#<address>`) and an
 * index from each message id sent to a subscriber (`SUBMSG#<id>`). Every state change is conditional.
 */
export class SubscriptionRepository implements SubscriptionStore, SubscriptionEmailStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(processorId: string, email: string): Promise<Subscription | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.subscription(processorId, email), ConsistentRead: true }),
    );
    return Item === undefined ? undefined : withoutTableAttributes<Subscription>(Item);
  }

  async findByToken(
    tokenSha256: string,
  ): Promise<{ subscription: Subscription; purpose: SubscriptionTokenPurpose } | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.subscriptionToken(tokenSha256), ConsistentRead: true }),
    );
    if (Item === undefined) return undefined;
    const purpose = Item.purpose as SubscriptionTokenPurpose;
    const subscription = await this.get(String(Item.processorId), String(Item.email));
    if (subscription === undefined) return undefined;
    // A confirmation link is superseded by the next one (the form was used again).
    if (purpose === 'confirm' && subscription.tokenSha256 !== tokenSha256) return undefined;
    return { subscription, purpose };
  }

  async claimConfirmation(
    request: { processorId: string; email: string; language: Language; tokenSha256: string },
    at: string,
    sentBefore: string,
  ): Promise<boolean> {
    // The token item first: if the claim then loses, it points at a subscription whose current token
    // is another one, and findByToken finds nothing.
    await this.putToken(request.tokenSha256, request.processorId, request.email, 'confirm');
    const result = await conditionalWrite(this.db, {
      Update: {
        TableName: this.tableName,
        Key: keys.subscription(request.processorId, request.email),
        UpdateExpression:
          'SET #type = :type, processorId = :processorId, email = :email, #language = :language, #state = :pending, ' +
          'tokenSha256 = :token, confirmationSentAt = :at, createdAt = if_not_exists(createdAt, :at)',
        ConditionExpression:
          'attribute_not_exists(pk) OR ((#state = :pending OR #state = :unsubscribed) AND ' +
          '(attribute_not_exists(confirmationSentAt) OR confirmationSentAt < :sentBefore))',
        ExpressionAttributeNames: { '#type': 'type', '#language': 'language', '#state': 'state' },
        ExpressionAttributeValues: {
          ':type': 'Subscription',
          ':processorId': request.processorId,
          ':email': request.email,
          ':language': request.language,
          ':pending': 'pending',
          ':unsubscribed': 'unsubscribed',
          ':token': request.tokenSha256,
          ':at': at,
          ':sentBefore': sentBefore,
        },
      },
    });
    return result.written;
  }

  async releaseConfirmation(processorId: string, email: string, claimedAt: string): Promise<void> {
    await conditionalWrite(this.db, {
      Update: {
        TableName: this.tableName,
        Key: keys.subscription(processorId, email),
        UpdateExpression: 'REMOVE confirmationSentAt',
        ConditionExpression: 'confirmationSentAt = :at',
        ExpressionAttributeValues: { ':at': claimedAt },
      },
    });
  }

  async confirm(processorId: string, email: string, tokenSha256: string, at: string): Promise<boolean> {
    return this.move(processorId, email, 'confirmed', 'confirmedAt', at, '#state = :pending AND tokenSha256 = :token', {
      ':pending': 'pending',
      ':token': tokenSha256,
    });
  }

  async issueUnsubscribeToken(processorId: string, email: string, tokenSha256: string): Promise<void> {
    await this.putToken(tokenSha256, processorId, email, 'unsubscribe');
  }

  async unsubscribe(processorId: string, email: string, at: string): Promise<boolean> {
    return this.move(processorId, email, 'unsubscribed', 'unsubscribedAt', at, '#state IN (:pending, :confirmed)', {
      ':pending': 'pending',
      ':confirmed': 'confirmed',
    });
  }

  async suppress(processorId: string, email: string, at: string): Promise<boolean> {
    return this.move(
      processorId,
      email,
      'suppressed',
      'suppressedAt',
      at,
      'attribute_exists(pk) AND #state <> :to',
      {},
    );
  }

  async confirmedPage(processorId: string, options: { limit: number; cursor?: string }): Promise<Page<Subscription>> {
    const pk = keys.subscription(processorId, '').pk;
    const { Items = [], LastEvaluatedKey } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        FilterExpression: '#state = :confirmed',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':pk': pk, ':prefix': keys.subscriptionPrefix, ':confirmed': 'confirmed' },
        Limit: options.limit,
        ...(options.cursor !== undefined && {
          ExclusiveStartKey: decodeCursor(options.cursor, {
            pk: { equals: pk },
            sk: { prefix: keys.subscriptionPrefix },
          }),
        }),
      }),
    );
    return {
      items: Items.map((item) => withoutTableAttributes<Subscription>(item)),
      ...nextCursorOf(LastEvaluatedKey),
    };
  }

  /** Reads only each item's state: the counts, never the addresses, leave this method. */
  async counts(processorId: string): Promise<SubscriptionCounts> {
    const counts = emptyCounts();
    const pk = keys.subscription(processorId, '').pk;
    let start: Record<string, unknown> | undefined;
    do {
      const { Items = [], LastEvaluatedKey } = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ProjectionExpression: '#state',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':pk': pk, ':prefix': keys.subscriptionPrefix },
          ...(start !== undefined && { ExclusiveStartKey: start }),
        }),
      );
      for (const item of Items) {
        const state = SUBSCRIPTION_STATES.find((s) => s === item.state);
        if (state !== undefined) counts[state] += 1;
      }
      start = LastEvaluatedKey;
    } while (start !== undefined);
    return counts;
  }

  async claim(ref: SubscriptionEmailRef, at: string, staleBefore: string): Promise<boolean> {
    return claimSendRecord(
      this.db,
      this.tableName,
      keys.subscriptionEmail(ref.processorId, ref.version, ref.email),
      { type: 'SubscriptionEmail', processorId: ref.processorId, version: String(ref.version), email: ref.email },
      at,
      staleBefore,
    );
  }

  async complete(ref: SubscriptionEmailRef, messageId: string, at: string): Promise<void> {
    await conditionalWrite(this.db, {
      Update: {
        TableName: this.tableName,
        Key: keys.subscriptionEmail(ref.processorId, ref.version, ref.email),
        UpdateExpression: 'SET messageId = :messageId, sentAt = :at',
        ExpressionAttributeValues: { ':messageId': messageId, ':at': at },
      },
    });
    await this.indexMessage(messageId, ref.processorId, ref.email);
  }

  async release(ref: SubscriptionEmailRef, claimedAt: string): Promise<void> {
    await releaseSendRecord(
      this.db,
      this.tableName,
      keys.subscriptionEmail(ref.processorId, ref.version, ref.email),
      claimedAt,
    );
  }

  async findByMessageId(messageId: string): Promise<{ processorId: string; email: string } | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.subscriptionMessage(messageId), ConsistentRead: true }),
    );
    return Item === undefined ? undefined : { processorId: String(Item.processorId), email: String(Item.email) };
  }

  async indexMessage(messageId: string, processorId: string, email: string): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.subscriptionMessage(messageId), type: 'SubscriptionMessage', processorId, email },
      }),
    );
  }

  private async putToken(
    tokenSha256: string,
    processorId: string,
    email: string,
    purpose: SubscriptionTokenPurpose,
  ): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.subscriptionToken(tokenSha256), type: 'SubscriptionToken', processorId, email, purpose },
        // 256 random bits never collide; the condition keeps a token from ever being re-pointed.
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  private async move(
    processorId: string,
    email: string,
    to: Subscription['state'],
    stampAttribute: 'confirmedAt' | 'unsubscribedAt' | 'suppressedAt',
    at: string,
    condition: string,
    values: Record<string, string>,
  ): Promise<boolean> {
    const result = await conditionalWrite(this.db, {
      Update: {
        TableName: this.tableName,
        Key: keys.subscription(processorId, email),
        UpdateExpression: `SET #state = :to, ${stampAttribute} = :at`,
        ConditionExpression: condition,
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ...values, ':to': to, ':at': at },
      },
    });
    return result.written;
  }
}
