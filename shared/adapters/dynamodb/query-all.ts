import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';

/**
 * Every item of a Query, following LastEvaluatedKey: for access patterns whose result is small by
 * construction (one processor's rows, one client's contracts, one page of outcome records).
 */
export async function queryAll<T>(
  db: DynamoDBDocumentClient,
  input: QueryCommandInput,
  map: (item: Record<string, unknown>) => T,
): Promise<T[]> {
  const items: T[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const { Items = [], LastEvaluatedKey } = await db.send(
      new QueryCommand({ ...input, ...(start !== undefined && { ExclusiveStartKey: start }) }),
    );
    items.push(...Items.map(map));
    start = LastEvaluatedKey;
  } while (start !== undefined);
  return items;
}
