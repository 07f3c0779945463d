import {
  type AttributeValue,
  ConditionalCheckFailedException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  PutCommand,
  type PutCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** One write, or one transaction, whose conditions decide whether it happens. */
export type ConditionalWriteRequest =
  | { Put: Omit<PutCommandInput, 'ReturnValuesOnConditionCheckFailure'> }
  | { Update: Omit<UpdateCommandInput, 'ReturnValuesOnConditionCheckFailure'> }
  | { TransactItems: TransactItem[] };

/** An action whose condition failed: its position in the request, and the item as it stood then. */
export interface ConditionFailure {
  index: number;
  /** Undefined when no item had that key. */
  oldItem: Record<string, unknown> | undefined;
}

export type ConditionalWriteResult =
  | {
      written: true;
      /** The item as the write left it (or found it), when a single write asked for ReturnValues. */
      attributes?: Record<string, unknown>;
    }
  | { written: false; failures: ConditionFailure[] };

const ALL_OLD = { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } as const;

/** Asks for the old item on every conditioned action of a transaction. */
function withOldItemOnFailure(item: TransactItem): TransactItem {
  if (item.Put?.ConditionExpression !== undefined) return { ...item, Put: { ...item.Put, ...ALL_OLD } };
  if (item.Update?.ConditionExpression !== undefined) return { ...item, Update: { ...item.Update, ...ALL_OLD } };
  if (item.Delete?.ConditionExpression !== undefined) return { ...item, Delete: { ...item.Delete, ...ALL_OLD } };
  if (item.ConditionCheck !== undefined) return { ...item, ConditionCheck: { ...item.ConditionCheck, ...ALL_OLD } };
  return item;
}

// The document client translates requests and responses, not errors: the old item comes back raw.
const fromWire = (item: Record<string, AttributeValue> | undefined) =>
  item === undefined ? undefined : unmarshall(item);

/**
 * Sends a conditional write and reports a lost condition as a value, with the item as it stood
 * (`ReturnValuesOnConditionCheckFailure: ALL_OLD`, read at no extra cost), so a caller that wants to
 * know why it lost needs no second read. Any other error (throttling, a transaction conflict with no
 * failed condition, validation) is thrown as it came.
 */
export async function conditionalWrite(
  db: DynamoDBDocumentClient,
  request: ConditionalWriteRequest,
): Promise<ConditionalWriteResult> {
  try {
    if ('TransactItems' in request) {
      await db.send(new TransactWriteCommand({ TransactItems: request.TransactItems.map(withOldItemOnFailure) }));
      return { written: true };
    }
    const { Attributes } =
      'Put' in request
        ? await db.send(new PutCommand({ ...request.Put, ...ALL_OLD }))
        : await db.send(new UpdateCommand({ ...request.Update, ...ALL_OLD }));
    return Attributes === undefined ? { written: true } : { written: true, attributes: Attributes };
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) {
      return { written: false, failures: [{ index: 0, oldItem: fromWire(error.Item) }] };
    }
    if (error instanceof TransactionCanceledException) {
      const failures = (error.CancellationReasons ?? []).flatMap((reason, index) =>
        reason.Code === 'ConditionalCheckFailed' ? [{ index, oldItem: fromWire(reason.Item) }] : [],
      );
      if (failures.length > 0) return { written: false, failures };
    }
    throw error;
  }
}

/** The item as it stood when the condition of action `index` failed (undefined: it did not fail, or no item). */
export function oldItemAt(result: ConditionalWriteResult, index = 0): Record<string, unknown> | undefined {
  return result.written ? undefined : result.failures.find((failure) => failure.index === index)?.oldItem;
}
