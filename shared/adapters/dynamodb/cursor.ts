import { ValidationError } from '../../domain/errors.js';

/**
 * The one cursor format of every paged query: base64url of the JSON of the key DynamoDB stopped at
 * (LastEvaluatedKey). The client gets it back as `nextCursor` and hands it in as `?cursor=`.
 * A cursor is input like any other: decoding checks that it is well formed, carries exactly the key
 * attributes the query needs, and lies in the partition being queried, so a forged or foreign cursor
 * cannot start a query in another tenant's items.
 */

/** What every cursor looks like on the wire (the API's `CursorSchema` checks the same). */
export const CURSOR_PATTERN = /^[A-Za-z0-9_-]{1,2048}$/;

/** Per key attribute: the exact value (the partition being queried) or the prefix (the entity's sort keys). */
export type CursorKeyShape = Record<string, { equals: string } | { prefix: string }>;

const PATH = 'query.cursor';

function refused(reason: string): ValidationError {
  const message = `${PATH}: ${reason}; pass the nextCursor of a previous page of this query`;
  return new ValidationError(message, [{ path: PATH, rule: 'cursor', message }]);
}

/** A query over several partitions (both sides of the EEA border) prefixes one character: leave room for it. */
const MAX_ENCODED = 2000;

export function encodeCursor(lastEvaluatedKey: Record<string, unknown>): string {
  const cursor = Buffer.from(JSON.stringify(lastEvaluatedKey), 'utf8').toString('base64url');
  // Keys are built from ids and bounded names: a longer cursor is a bug in a key builder, not input.
  if (cursor.length > MAX_ENCODED) throw new Error(`cursor of ${cursor.length} characters exceeds ${MAX_ENCODED}`);
  return cursor;
}

/** The ExclusiveStartKey a cursor stands for, or a ValidationError (400) naming `query.cursor`. */
export function decodeCursor(cursor: string, shape: CursorKeyShape): Record<string, string> {
  if (!CURSOR_PATTERN.test(cursor)) throw refused('not a cursor');
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refused('not a cursor');
  }
  if (typeof key !== 'object' || key === null || Array.isArray(key)) throw refused('not a cursor');
  const attributes = Object.keys(key).sort();
  const expected = Object.keys(shape).sort();
  if (attributes.join() !== expected.join()) throw refused('not a cursor of this query');
  const values = key as Record<string, unknown>;
  for (const [attribute, rule] of Object.entries(shape)) {
    const value = values[attribute];
    if (typeof value !== 'string') throw refused('not a cursor of this query');
    const fits = 'equals' in rule ? value === rule.equals : value.startsWith(rule.prefix);
    if (!fits) throw refused('not a cursor of this query');
  }
  return values as Record<string, string>;
}

/** A page's `nextCursor`, present only when DynamoDB stopped before the end. */
export function nextCursorOf(lastEvaluatedKey: Record<string, unknown> | undefined): { nextCursor?: string } {
  return lastEvaluatedKey === undefined ? {} : { nextCursor: encodeCursor(lastEvaluatedKey) };
}
