import { describe, expect, it } from 'vitest';
import { CURSOR_PATTERN, decodeCursor, encodeCursor } from '../../shared/adapters/dynamodb/cursor.js';
import { itemBytes } from '../../shared/adapters/dynamodb/item-size.js';
import { ValidationError } from '../../shared/domain/errors.js';

const shape = { pk: { equals: 'PROCESSOR#prc_a' }, sk: { prefix: 'VERSION#' } };
const forged = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');

describe('cursor', () => {
  it('round-trips the key DynamoDB stopped at, in the one URL-safe alphabet', () => {
    const key = { pk: 'PROCESSOR#prc_a', sk: 'VERSION#0000000002' };
    const cursor = encodeCursor(key);
    expect(cursor).toMatch(CURSOR_PATTERN);
    expect(decodeCursor(cursor, shape)).toEqual(key);
  });

  it.each([
    ['not base64 JSON', 'abc'],
    ['outside the alphabet', 'a.b'],
    ['too long', 'a'.repeat(2049)],
    ['JSON but not an object', forged([1])],
    ['JSON null', forged(null)],
    ['another tenant’s partition', forged({ pk: 'PROCESSOR#prc_b', sk: 'VERSION#0000000002' })],
    ['another entity’s sort key', forged({ pk: 'PROCESSOR#prc_a', sk: 'CONTRACT#ctr_1' })],
    ['a missing attribute', forged({ pk: 'PROCESSOR#prc_a' })],
    ['an extra attribute', forged({ pk: 'PROCESSOR#prc_a', sk: 'VERSION#1', gsi1pk: 'x' })],
    ['a non-string value', forged({ pk: 'PROCESSOR#prc_a', sk: 2 })],
  ])('refuses a cursor that is %s, naming query.cursor', (_case, cursor) => {
    expect.assertions(2);
    try {
      decodeCursor(cursor, shape);
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues).toEqual([
        expect.objectContaining({ path: 'query.cursor', rule: 'cursor' }),
      ]);
    }
  });
});

describe('itemBytes', () => {
  it('counts names and values by DynamoDB’s rules, never below them', () => {
    // name 2 + string 5; name 1 + number (max 21); name 1 + list (3 + 2 × (1 + 1)); name 1 + map (3 + 1 + 1 + 1)
    expect(itemBytes({ pk: 'abcde', n: 7, l: ['a', 'b'], m: { k: true } })).toBe(7 + 22 + 8 + 7);
    expect(itemBytes({ pk: 'é' })).toBe(4);
  });
});
