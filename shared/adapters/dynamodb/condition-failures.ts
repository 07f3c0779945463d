import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';

/**
 * For a cancelled transaction, the cancellation code of each action in request order
 * ('None' where the action was fine, 'ConditionalCheckFailed' where its condition failed).
 * Undefined for any other error.
 */
export function transactionCancellationCodes(error: unknown): string[] | undefined {
  if (!(error instanceof TransactionCanceledException)) return undefined;
  return (error.CancellationReasons ?? []).map((reason) => reason.Code ?? 'None');
}

export function isConditionalCheckFailure(error: unknown): boolean {
  return error instanceof ConditionalCheckFailedException;
}
