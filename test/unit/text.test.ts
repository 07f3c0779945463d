import { describe, expect, it } from 'vitest';
import { SubprocessorEntrySchema } from '../../shared/domain/subprocessor.js';
import { multiLineText, singleLineText } from '../../shared/domain/text.js';

const messages = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.error?.issues.map((issue) => issue.message) ?? [];

describe('single-line text typed by people', () => {
  const name = singleLineText(200);

  it.each([
    ['CR LF', 'Acme\r\nTo object or approve, open: http://evil.example/x'],
    ['LF', 'Acme\nInc'],
    ['NUL', 'Acme\u0000'],
    ['a C1 control (NEL)', 'Acme\u0085Inc'],
    ['the line separator', 'Acme\u2028Inc'],
  ])('refuses %s', (_what, value) => {
    const result = name.safeParse(value);
    expect(result.success).toBe(false);
    expect(messages(result)).toContain('must be a single line without control characters (CR, LF, NUL, ...)');
  });

  it('refuses an unpaired UTF-16 surrogate, which would make every e-mail of the notice fail', () => {
    const result = name.safeParse('Acme \ud800');
    expect(result.success).toBe(false);
    expect(messages(result)).toEqual(['must be well-formed Unicode (no unpaired UTF-16 surrogate)']);
    expect(name.safeParse('Emoji 😀 Ltd').success).toBe(true);
  });

  it.each([
    ['NUL only', '\u0000\u0000'],
    ['a zero-width space', '\u200b'],
    ['a word joiner and a no-break space', '\u2060\u00a0'],
  ])('refuses a value with nothing visible: %s', (_what, value) => {
    expect(messages(name.safeParse(value))).toContain('must contain at least one visible character');
  });

  it('stores NFC, trimmed', () => {
    expect(name.parse('  Cafe\u0301 SAS ')).toBe('Caf\u00e9 SAS');
  });

  it('names the field in a sub-processor entry', () => {
    const result = SubprocessorEntrySchema.safeParse({
      name: 'OVH\r\nFake line',
      address: 'Roubaix',
      country: 'FR',
      purpose: 'Hosting',
      safeguard: { type: 'eea' },
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['name']);
  });
});

describe('multi-line text (grounds)', () => {
  const grounds = multiLineText(5000);
  it('keeps line breaks and tabs, reads CR LF as LF', () => {
    expect(grounds.parse(' First line\r\nsecond\tline ')).toBe('First line\nsecond\tline');
  });
  it('refuses NUL and unpaired surrogates', () => {
    expect(grounds.safeParse('a\u0000b').success).toBe(false);
    expect(grounds.safeParse('a\udc00b').success).toBe(false);
  });
});
