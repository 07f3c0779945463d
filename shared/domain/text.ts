import * as z from 'zod';

/**
 * Text typed by people, checked once for every field that ends up in an e-mail, a page or an evidence pack.
 *
 * Why each rule (each was exploited on main, issue 9):
 * - control characters (C0 and C1: NUL, CR, LF, ...) and the Unicode line/paragraph separators would
 *   inject whole lines into the plain-text e-mail, e.g. a fake "To object, open: http://evil.example";
 * - an unpaired UTF-16 surrogate is not a character: encodeURIComponent throws "URI malformed" on it and
 *   every e-mail of the notice would fail to send;
 * - a value made only of white space or invisible format characters (zero-width space, ...) names nothing.
 * Values are stored in Unicode NFC, so the same name typed on two systems compares and hashes the same.
 */

// Patterns, not refinements, so that GET /openapi.json declares the same rule the API applies.
const NO_CONTROL_CHARACTERS = /^[^\p{Cc}\p{Zl}\p{Zp}]*$/u;
const NO_CONTROL_EXCEPT_LINE_BREAKS = /^(?:[^\p{Cc}\p{Zl}\p{Zp}]|[\n\t])*$/u;
const WELL_FORMED_UTF16 = /^[^\p{Cs}]*$/u;
const SOMETHING_VISIBLE = /[^\s\p{Cf}\p{Cc}\p{Zs}]/u;

const MESSAGES = {
  control: 'must be a single line without control characters (CR, LF, NUL, ...)',
  controlMultiLine: 'must not contain control characters other than line breaks and tabs',
  surrogate: 'must be well-formed Unicode (no unpaired UTF-16 surrogate)',
  visible: 'must contain at least one visible character',
} as const;

/** One line of free text: trimmed, NFC, visible, at most `max` characters. */
export function singleLineText(max: number) {
  return z
    .string()
    .regex(WELL_FORMED_UTF16, MESSAGES.surrogate)
    .normalize('NFC')
    .trim()
    .min(1, 'must not be blank')
    .max(max, `must be at most ${max} characters`)
    .regex(NO_CONTROL_CHARACTERS, MESSAGES.control)
    .regex(SOMETHING_VISIBLE, MESSAGES.visible);
}

/**
 * Several lines of free text (grounds of an objection): line breaks and tabs allowed, CR LF read as LF.
 * The limit counts the characters as sent, so that the declared maxLength is the rule applied.
 */
export function multiLineText(max: number) {
  return z
    .string()
    .max(max, `must be at most ${max} characters`)
    .regex(WELL_FORMED_UTF16, MESSAGES.surrogate)
    .transform((value) => value.replace(/\r\n?/g, '\n').normalize('NFC').trim())
    .pipe(z.string().regex(NO_CONTROL_EXCEPT_LINE_BREAKS, MESSAGES.controlMultiLine));
}
