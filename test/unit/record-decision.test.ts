import { beforeEach, describe, expect, it } from 'vitest';
import { closeNoticeWindows } from '../../shared/domain/close-notice-windows.js';
import { DecisionFormSchema, recordDecision, viewByToken } from '../../shared/domain/record-decision.js';
import { DAY_MS } from '../../shared/domain/time.js';
import { issuesFromZod } from '../../shared/http/issues-from-zod.js';
import { aNoticeSent, type InMemoryPorts, inMemoryPorts } from '../support/in-memory-ports.js';

const T0 = '2026-01-05T09:00:00.000Z';
const at = (ms: number) => new Date(Date.parse(T0) + ms).toISOString();
const person = { ip: '192.0.2.7', userAgent: 'Firefox' };

let ports: InMemoryPorts;
let noticeId: string;
let token: string;
beforeEach(async () => {
  ports = inMemoryPorts(T0);
  const sent = await aNoticeSent(ports, [15]);
  noticeId = sent.notice.id;
  token = sent.tokens.get('ctr_000') as string;
  ports.clock.set(at(DAY_MS));
});

describe('recordDecision', () => {
  it('records the decision once, with its time, IP and user agent', async () => {
    const result = await recordDecision(token, { decision: 'object', grounds: 'US transfer', ...person }, ports);

    const stored = { decision: 'object', grounds: 'US transfer', at: at(DAY_MS), ...person };
    expect(result).toMatchObject({ kind: 'decided', recordedNow: true, decision: stored });
    expect(ports.recipients.row(noticeId, 'ctr_000')?.decision).toEqual(stored);
  });

  it('answers a second submission (a double click, a resent form) with the first decision, recording nothing new', async () => {
    await recordDecision(token, { decision: 'object', grounds: 'first', ...person }, ports);
    ports.clock.advance(1_000);

    const again = await recordDecision(token, { decision: 'approve', ...person }, ports);

    expect(again.kind).toBe('decided');
    expect(again.recordedNow).toBeUndefined();
    expect(ports.recipients.row(noticeId, 'ctr_000')?.decision).toEqual({
      decision: 'object',
      grounds: 'first',
      at: at(DAY_MS),
      ...person,
    });
  });

  it('answers the decision that won when another submission commits first (condition lost)', async () => {
    const other = { decision: 'approve' as const, at: at(DAY_MS - 1), ip: '198.51.100.1', userAgent: 'Chrome' };
    ports.recipients.before('recordDecision', () => ports.recipients.update(noticeId, 'ctr_000', { decision: other }));

    const result = await recordDecision(token, { decision: 'object', ...person }, ports);

    expect(result).toMatchObject({ kind: 'decided', decision: other });
    expect(result.recordedNow).toBeUndefined();
    expect(ports.recipients.row(noticeId, 'ctr_000')?.decision).toEqual(other);
  });

  it('refuses once the close has won the race, and the window closes as implied consent', async () => {
    ports.clock.set(at(15 * DAY_MS - 1));
    ports.recipients.before('recordDecision', async () => {
      await closeNoticeWindows(noticeId, { ...ports, clock: { now: () => new Date(at(15 * DAY_MS)) } });
    });

    const result = await recordDecision(token, { decision: 'object', ...person }, ports);

    expect(result.kind).toBe('closed');
    const row = ports.recipients.row(noticeId, 'ctr_000');
    expect(row?.decision).toBeUndefined();
    expect(row).toMatchObject({ windowState: 'closed', outcome: 'implied-consent' });
  });

  it('refuses at the deadline itself: the window is open until, not at, closesAt', async () => {
    ports.clock.set(at(15 * DAY_MS));

    expect((await recordDecision(token, { decision: 'object', ...person }, ports)).kind).toBe('closed');
    expect(ports.recipients.row(noticeId, 'ctr_000')?.decision).toBeUndefined();
  });

  it('answers the same "unknown" to a malformed, a foreign or a never-issued token', async () => {
    for (const candidate of ['abc', `${token}x`, 'A'.repeat(43)]) {
      expect(await recordDecision(candidate, { decision: 'object', ...person }, ports)).toEqual({ kind: 'unknown' });
    }
    expect(ports.recipients.row(noticeId, 'ctr_000')?.decision).toBeUndefined();
  });

  it('only reads when the page is shown: a mail scanner opening the link records nothing', async () => {
    const view = await viewByToken(token, ports);

    expect(view.kind).toBe('open');
    expect(ports.recipients.row(noticeId, 'ctr_000')?.decision).toBeUndefined();
  });
});

describe('the decision form', () => {
  const issues = (form: Record<string, string>) => {
    const result = DecisionFormSchema.safeParse(form);
    return result.success ? [] : issuesFromZod(result.error);
  };

  it('names the field and the rule of each mistake', () => {
    expect(issues({})).toEqual([
      { path: 'decision', rule: 'invalid-value', message: 'decision: press Object or Approve' },
    ]);
    expect(issues({ decision: 'veto' })).toEqual([
      { path: 'decision', rule: 'invalid-value', message: 'decision: press Object or Approve' },
    ]);
    expect(issues({ decision: 'object', grounds: 'x'.repeat(5001) })).toEqual([
      { path: 'grounds', rule: 'too-big', message: 'grounds: must be at most 5000 characters' },
    ]);
    expect(issues({ decision: 'object', grounds: 'see\u0000below' })).toEqual([
      {
        path: 'grounds',
        rule: 'invalid-format',
        message: 'grounds: must not contain control characters other than line breaks and tabs',
      },
    ]);
    expect(issues({ decision: 'object', csrf: '1' })).toEqual([
      { path: 'csrf', rule: 'unknown-field', message: 'csrf: unknown field' },
    ]);
  });

  it('keeps the grounds as several lines, CR LF read as LF, trimmed and NFC; an empty textarea is no grounds', async () => {
    expect(DecisionFormSchema.parse({ decision: 'object', grounds: '  Line one\r\nCafe\u0301\t2 \r\n' })).toEqual({
      decision: 'object',
      grounds: 'Line one\nCaf\u00e9\t2',
    });
    const form = DecisionFormSchema.parse({ decision: 'approve', grounds: '  \r\n ' });
    await recordDecision(token, { ...form, ...person }, ports);
    expect(ports.recipients.row(noticeId, 'ctr_000')?.decision).toEqual({
      decision: 'approve',
      at: at(DAY_MS),
      ...person,
    });
  });
});
