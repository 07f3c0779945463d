/**
 * DynamoDB refuses an item over 400 KB, attribute names and values together
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-items),
 * with a ValidationException that would otherwise surface as a 500 on every retry.
 */
export const MAX_ITEM_BYTES = 400 * 1024;

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');

/**
 * The stored size of an attribute value, by the rules of "Item sizes and formats" in the DynamoDB
 * developer guide, rounded up where the guide gives a range: a number counts its maximum (21 bytes),
 * each list or map 3 bytes plus 1 per element, so the total is never below what DynamoDB counts.
 */
function valueBytes(value: unknown): number {
  if (typeof value === 'string') return utf8(value);
  if (typeof value === 'number') return 21;
  if (typeof value === 'boolean' || value === null) return 1;
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof Set) return [...value].reduce((sum: number, member) => sum + valueBytes(member), 0);
  if (Array.isArray(value)) return value.reduce((sum: number, element) => sum + 1 + valueBytes(element), 3);
  if (typeof value === 'object') {
    return Object.entries(value).reduce(
      (sum: number, [name, element]) => sum + (element === undefined ? 0 : 1 + utf8(name) + valueBytes(element)),
      3,
    );
  }
  return 0;
}

/** An upper bound of what DynamoDB counts against the 400 KB item limit. */
export function itemBytes(item: Record<string, unknown>): number {
  return Object.entries(item).reduce(
    (sum, [name, value]) => sum + (value === undefined ? 0 : utf8(name) + valueBytes(value)),
    0,
  );
}
