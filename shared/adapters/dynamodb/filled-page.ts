import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Page } from '../../domain/ports.js';
import { type CursorKeyShape, decodeCursor, nextCursorOf } from './cursor.js';

/** Queries of one page at most; a page that filters out nearly everything comes back short, with its cursor. */
const MAX_ROUNDS = 10;

/**
 * One page of a filtered query, filled up to `limit` where the filter lets enough through. DynamoDB
 * applies `Limit` before a FilterExpression, and `keep` runs after it: each round asks for what is
 * still missing, so the page never exceeds `limit`, and the last LastEvaluatedKey is an exact cursor
 * (every item up to it was looked at). Stops after a bounded number of rounds, cursor included.
 */
export async function queryFilledPage<T>(
  db: DynamoDBDocumentClient,
  input: Omit<QueryCommandInput, 'Limit' | 'ExclusiveStartKey'>,
  page: { limit: number; cursor?: string },
  cursorShape: CursorKeyShape,
  read: (item: Record<string, unknown>) => T,
  keep: (item: T) => boolean = () => true,
): Promise<Page<T>> {
  const items: T[] = [];
  let start: Record<string, unknown> | undefined =
    page.cursor === undefined ? undefined : decodeCursor(page.cursor, cursorShape);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const { Items = [], LastEvaluatedKey } = await db.send(
      new QueryCommand({
        ...input,
        Limit: page.limit - items.length,
        ...(start !== undefined && { ExclusiveStartKey: start }),
      }),
    );
    items.push(...Items.map(read).filter(keep));
    start = LastEvaluatedKey;
    if (start === undefined || items.length >= page.limit) break;
  }
  return { items, ...nextCursorOf(start) };
}
