import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { conditionalWrite, oldItemAt } from './conditional-write.js';
import { keys } from './keys.js';

/** SES delivery events, appended to the recipient they were sent to. */
export class DeliveryEventRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Appends a delivery event and moves the delivery state. A bounce, complaint or rejection sticks:
   * a later "delivered" (for another address of the same contract) does not hide it. The same event
   * delivered again (EventBridge delivers at least once) is not appended twice: false.
   */
  async recordDeliveryEvent(
    noticeId: string,
    contractId: string,
    event: { type: string; at: string; recipient?: string; detail?: string },
    state: 'delivered' | 'bounced' | 'complained' | 'rejected' | undefined,
    messageId?: string,
  ): Promise<boolean> {
    const sticky = state === 'bounced' || state === 'complained' || state === 'rejected';
    const setState =
      state === undefined
        ? ''
        : sticky
          ? ', delivery = :state, worstDelivery = :state'
          : ', delivery = if_not_exists(worstDelivery, :state)';
    const result = await conditionalWrite(this.db, {
      Update: {
        TableName: this.tableName,
        Key: keys.recipient(noticeId, contractId),
        UpdateExpression: `SET deliveryEvents = list_append(deliveryEvents, :event)${setState}`,
        // contains() on a List is true for "a particular element within the list" (DynamoDB guide,
        // Expressions.OperatorsAndFunctions): a map element equals a map with the same attributes.
        ConditionExpression: `attribute_exists(pk) AND NOT contains(deliveryEvents, :one)${messageId === undefined ? '' : ' AND sesMessageId = :mid'}`,
        ExpressionAttributeValues: {
          ':event': [event],
          ':one': event,
          // The e-mail the event is about must still be the recipient's current one (not resent since).
          ...(messageId !== undefined && { ':mid': messageId }),
          ...(state !== undefined && { ':state': state }),
        },
      },
    });
    if (result.written) return true;
    // The SES message id led here, so the recipient exists: its absence is a broken invariant, not input.
    if (oldItemAt(result) === undefined) throw new Error(`no recipient ${noticeId}/${contractId} for a delivery event`);
    return false;
  }
}
