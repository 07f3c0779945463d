import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../shared/domain/evidence-pack.js';

/** Vectors from RFC 8785 (JSON Canonicalization Scheme), sections 3.2.2 and 3.2.3. */
describe('canonical JSON of the evidence pack (RFC 8785)', () => {
  it('serialises numbers, strings and literals as JCS does', () => {
    const input = JSON.parse(
      '{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}',
    );
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('sorts keys by UTF-16 code units, not by any locale', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    const order = ['\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33'] as const;
    const expected = `{${order.map((key) => `${JSON.stringify(key)}:${JSON.stringify(input[key])}`).join(',')}}`;
    expect(canonicalJson(input)).toBe(expected);
    // Upper case before lower case (code units), where a locale-aware sort would put "a" first.
    expect(canonicalJson({ a: 1, B: 2, ä: 3 })).toBe('{"B":2,"a":1,"ä":3}');
  });
});
